CREATE TABLE "office_mail_backoff" (
	"office_id" uuid PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"paused_until" timestamp with time zone NOT NULL,
	"last_error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "priority" smallint DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "office_mail_backoff" ADD CONSTRAINT "office_mail_backoff_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "emails_due_idx" ON "emails" USING btree ("office_id","priority" DESC NULLS LAST,"created_at") WHERE "emails"."state" in ('queued', 'retrying');