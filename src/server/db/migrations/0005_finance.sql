CREATE TYPE "public"."debt_event_type" AS ENUM('created', 'payment', 'reversal', 'cancelled', 'collection', 'reminder', 'email');--> statement-breakpoint
CREATE TYPE "public"."debt_state" AS ENUM('open', 'paid', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."payment_method" AS ENUM('pix', 'boleto', 'transfer', 'cash');--> statement-breakpoint
ALTER TYPE "public"."email_kind" ADD VALUE 'collection';--> statement-breakpoint
ALTER TYPE "public"."email_kind" ADD VALUE 'collection_reminder';--> statement-breakpoint
ALTER TYPE "public"."ticket_event_type" ADD VALUE 'debt_posted';--> statement-breakpoint
CREATE TABLE "debt_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"name" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "debt_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"debt_id" uuid NOT NULL,
	"actor_id" uuid,
	"type" "debt_event_type" NOT NULL,
	"summary" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "debt_reminders" (
	"debt_id" uuid NOT NULL,
	"offset_days" integer NOT NULL,
	"office_id" uuid NOT NULL,
	"email_id" uuid,
	"skipped" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "debt_reminders_debt_id_offset_days_pk" PRIMARY KEY("debt_id","offset_days")
);
--> statement-breakpoint
CREATE TABLE "debts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"ticket_id" uuid,
	"category_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"installment_number" integer DEFAULT 1 NOT NULL,
	"installment_count" integer DEFAULT 1 NOT NULL,
	"description" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"paid_cents" bigint DEFAULT 0 NOT NULL,
	"due_date" date NOT NULL,
	"state" "debt_state" DEFAULT 'open' NOT NULL,
	"txid" text NOT NULL,
	"cancel_reason" text,
	"cancelled_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "debts_amount_positive" CHECK ("debts"."amount_cents" > 0),
	CONSTRAINT "debts_paid_in_range" CHECK ("debts"."paid_cents" >= 0 and "debts"."paid_cents" <= "debts"."amount_cents")
);
--> statement-breakpoint
CREATE TABLE "office_finance_settings" (
	"office_id" uuid PRIMARY KEY NOT NULL,
	"pix_key" text,
	"pix_merchant_name" text,
	"pix_merchant_city" text,
	"late_fee_bp" integer DEFAULT 200 NOT NULL,
	"monthly_interest_bp" integer DEFAULT 100 NOT NULL,
	"reminders_enabled" boolean DEFAULT true NOT NULL,
	"reminder_offsets" integer[] DEFAULT '{-3,1,7}'::integer[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"debt_id" uuid NOT NULL,
	"amount_cents" bigint NOT NULL,
	"principal_cents" bigint NOT NULL,
	"late_fee_cents" bigint DEFAULT 0 NOT NULL,
	"interest_cents" bigint DEFAULT 0 NOT NULL,
	"paid_on" date NOT NULL,
	"method" "payment_method" NOT NULL,
	"note" text,
	"receipt_year" integer NOT NULL,
	"receipt_seq" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reversed_at" timestamp with time zone,
	"reversed_by" uuid,
	"reversal_reason" text,
	CONSTRAINT "payments_parts_add_up" CHECK ("payments"."amount_cents" = "payments"."principal_cents" + "payments"."late_fee_cents" + "payments"."interest_cents" and "payments"."principal_cents" >= 0 and "payments"."late_fee_cents" >= 0 and "payments"."interest_cents" >= 0 and "payments"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "receipt_counters" (
	"office_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"last_seq" integer NOT NULL,
	CONSTRAINT "receipt_counters_office_id_year_pk" PRIMARY KEY("office_id","year")
);
--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "debt_id" uuid;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "attachments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "debt_categories" ADD CONSTRAINT "debt_categories_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "debt_events" ADD CONSTRAINT "debt_events_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "debt_events" ADD CONSTRAINT "debt_events_debt_id_debts_id_fk" FOREIGN KEY ("debt_id") REFERENCES "public"."debts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "debt_events" ADD CONSTRAINT "debt_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "debt_reminders" ADD CONSTRAINT "debt_reminders_debt_id_debts_id_fk" FOREIGN KEY ("debt_id") REFERENCES "public"."debts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "debt_reminders" ADD CONSTRAINT "debt_reminders_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "debts" ADD CONSTRAINT "debts_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "debts" ADD CONSTRAINT "debts_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "debts" ADD CONSTRAINT "debts_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "debts" ADD CONSTRAINT "debts_category_id_debt_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."debt_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "debts" ADD CONSTRAINT "debts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_finance_settings" ADD CONSTRAINT "office_finance_settings_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_debt_id_debts_id_fk" FOREIGN KEY ("debt_id") REFERENCES "public"."debts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_reversed_by_users_id_fk" FOREIGN KEY ("reversed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt_counters" ADD CONSTRAINT "receipt_counters_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "debt_categories_office_name_key" ON "debt_categories" USING btree ("office_id",lower("name"));--> statement-breakpoint
CREATE INDEX "debt_events_debt_idx" ON "debt_events" USING btree ("debt_id","created_at");--> statement-breakpoint
CREATE INDEX "debts_office_due_idx" ON "debts" USING btree ("office_id","due_date","id");--> statement-breakpoint
CREATE INDEX "debts_office_client_idx" ON "debts" USING btree ("office_id","client_id","due_date");--> statement-breakpoint
CREATE INDEX "debts_ticket_idx" ON "debts" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "debts_open_due_idx" ON "debts" USING btree ("due_date") WHERE "debts"."state" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "debts_office_txid_key" ON "debts" USING btree ("office_id","txid");--> statement-breakpoint
CREATE INDEX "payments_debt_idx" ON "payments" USING btree ("debt_id","created_at");--> statement-breakpoint
CREATE INDEX "payments_office_paid_idx" ON "payments" USING btree ("office_id","paid_on");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_receipt_key" ON "payments" USING btree ("office_id","receipt_year","receipt_seq");--> statement-breakpoint
ALTER TABLE "emails" ADD CONSTRAINT "emails_debt_id_debts_id_fk" FOREIGN KEY ("debt_id") REFERENCES "public"."debts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "emails_debt_idx" ON "emails" USING btree ("debt_id","created_at");--> statement-breakpoint
INSERT INTO "debt_categories" ("office_id", "name") SELECT o."id", c."name" FROM "offices" o CROSS JOIN (VALUES ('Honorários'), ('Serviço avulso'), ('Reembolso de taxas')) AS c("name");
