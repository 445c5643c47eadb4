CREATE TYPE "public"."inbound_status" AS ENUM('matched', 'created', 'triage', 'too_large', 'linked', 'discarded', 'ignored', 'bounce');--> statement-breakpoint
ALTER TYPE "public"."attachment_source" ADD VALUE 'email';--> statement-breakpoint
ALTER TYPE "public"."email_kind" ADD VALUE 'inbound_ack';--> statement-breakpoint
CREATE TABLE "failing_addresses" (
	"office_id" uuid NOT NULL,
	"address" text NOT NULL,
	"reason" text NOT NULL,
	"failed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "failing_addresses_office_id_address_pk" PRIMARY KEY("office_id","address")
);
--> statement-breakpoint
CREATE TABLE "inbound_emails" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"message_id" text NOT NULL,
	"uid_validity" bigint,
	"uid" bigint,
	"from_address" text DEFAULT '' NOT NULL,
	"from_name" text DEFAULT '' NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"sent_at" timestamp with time zone,
	"status" "inbound_status" NOT NULL,
	"note" text,
	"headers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"visible_text" text DEFAULT '' NOT NULL,
	"full_text" text DEFAULT '' NOT NULL,
	"raw_sha256" text,
	"size_bytes" integer DEFAULT 0 NOT NULL,
	"ticket_id" uuid,
	"client_id" uuid,
	"handled_by" uuid,
	"handled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "office_inbound_settings" (
	"office_id" uuid PRIMARY KEY NOT NULL,
	"host" text NOT NULL,
	"port" integer NOT NULL,
	"security" "smtp_security" NOT NULL,
	"username" text NOT NULL,
	"password_enc" text,
	"folder" text DEFAULT 'INBOX' NOT NULL,
	"address" text NOT NULL,
	"reopen_on_reply" boolean DEFAULT true NOT NULL,
	"token_key" text NOT NULL,
	"uid_validity" bigint,
	"last_uid" bigint DEFAULT 0 NOT NULL,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"next_poll_at" timestamp with time zone DEFAULT now() NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attachments" ALTER COLUMN "uploaded_by" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ALTER COLUMN "author_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ALTER COLUMN "created_by" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "reply_to" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "inbound_email_id" uuid;--> statement-breakpoint
ALTER TABLE "failing_addresses" ADD CONSTRAINT "failing_addresses_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD CONSTRAINT "inbound_emails_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD CONSTRAINT "inbound_emails_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD CONSTRAINT "inbound_emails_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD CONSTRAINT "inbound_emails_handled_by_users_id_fk" FOREIGN KEY ("handled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_inbound_settings" ADD CONSTRAINT "office_inbound_settings_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_emails_office_message_key" ON "inbound_emails" USING btree ("office_id","message_id");--> statement-breakpoint
CREATE INDEX "inbound_emails_office_created_idx" ON "inbound_emails" USING btree ("office_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "inbound_emails_triage_idx" ON "inbound_emails" USING btree ("office_id","created_at" DESC NULLS LAST) WHERE "inbound_emails"."status" in ('triage', 'too_large');