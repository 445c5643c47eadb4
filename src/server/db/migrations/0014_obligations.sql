CREATE TABLE "fiscal_calendar_settings" (
	"office_id" uuid PRIMARY KEY NOT NULL,
	"carnaval" boolean DEFAULT true NOT NULL,
	"corpus_christi" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "obligation_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"period" text NOT NULL,
	"created" integer NOT NULL,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "obligations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"name" text NOT NULL,
	"department" text NOT NULL,
	"tax_regimes" text[] DEFAULT '{}'::text[] NOT NULL,
	"client_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"periodicity" text NOT NULL,
	"months" integer[] NOT NULL,
	"offset_months" integer NOT NULL,
	"legal_day" integer NOT NULL,
	"shift" text NOT NULL,
	"target_business_days" integer DEFAULT 0 NOT NULL,
	"assignee_id" uuid,
	"service_id" uuid,
	"amount_cents" bigint DEFAULT 0 NOT NULL,
	"checklist" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "obligations_legal_day_check" CHECK ("obligations"."legal_day" between 1 and 31),
	CONSTRAINT "obligations_offset_check" CHECK ("obligations"."offset_months" between 0 and 12),
	CONSTRAINT "obligations_target_check" CHECK ("obligations"."target_business_days" between 0 and 20),
	CONSTRAINT "obligations_shift_check" CHECK ("obligations"."shift" in ('before', 'after'))
);
--> statement-breakpoint
CREATE TABLE "office_holidays" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"date" date NOT NULL,
	"recurring" boolean DEFAULT false NOT NULL,
	"name" text NOT NULL,
	"uf" text,
	"city_ibge_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "obligation_id" uuid;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "period" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "legal_due_date" date;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "target_date" date;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "checklist" jsonb;--> statement-breakpoint
ALTER TABLE "fiscal_calendar_settings" ADD CONSTRAINT "fiscal_calendar_settings_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "obligation_runs" ADD CONSTRAINT "obligation_runs_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "obligation_runs" ADD CONSTRAINT "obligation_runs_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "obligations" ADD CONSTRAINT "obligations_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "obligations" ADD CONSTRAINT "obligations_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "obligations" ADD CONSTRAINT "obligations_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_holidays" ADD CONSTRAINT "office_holidays_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "obligation_runs_office_idx" ON "obligation_runs" USING btree ("office_id","period");--> statement-breakpoint
CREATE INDEX "obligations_office_idx" ON "obligations" USING btree ("office_id","name");--> statement-breakpoint
CREATE INDEX "office_holidays_office_idx" ON "office_holidays" USING btree ("office_id","date");--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_obligation_id_obligations_id_fk" FOREIGN KEY ("obligation_id") REFERENCES "public"."obligations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_obligation_key" ON "tickets" USING btree ("office_id","obligation_id","requester_id","period") WHERE "tickets"."obligation_id" is not null;--> statement-breakpoint
CREATE INDEX "tickets_office_legal_due_idx" ON "tickets" USING btree ("office_id","legal_due_date") WHERE "tickets"."legal_due_date" is not null;