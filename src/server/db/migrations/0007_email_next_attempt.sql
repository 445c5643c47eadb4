ALTER TABLE "emails" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "retrying_since" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "emails_sending_idx" ON "emails" USING btree ("locked_until") WHERE "emails"."state" = 'sending';