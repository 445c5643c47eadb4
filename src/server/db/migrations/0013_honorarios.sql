CREATE TYPE "public"."fee_charge_kind" AS ENUM('monthly', 'thirteenth');--> statement-breakpoint
CREATE TYPE "public"."fee_contract_event_type" AS ENUM('created', 'updated', 'reajuste', 'ended');--> statement-breakpoint
CREATE TYPE "public"."index_window" AS ENUM('two_months_before', 'month_before');--> statement-breakpoint
CREATE TYPE "public"."negative_index_mode" AS ENUM('floor', 'apply');--> statement-breakpoint
CREATE TYPE "public"."price_index" AS ENUM('ipca', 'igpm', 'inpc');--> statement-breakpoint
CREATE TYPE "public"."reajuste_kind" AS ENUM('ipca', 'igpm', 'inpc', 'fixed', 'none');--> statement-breakpoint
CREATE TYPE "public"."thirteenth_mode" AS ENUM('none', 'december', 'split');--> statement-breakpoint
CREATE TABLE "fee_billing_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"period" text NOT NULL,
	"created_by" uuid,
	"charges_created" integer DEFAULT 0 NOT NULL,
	"total_cents" bigint DEFAULT 0 NOT NULL,
	"reajustes_applied" integer DEFAULT 0 NOT NULL,
	"pending" integer DEFAULT 0 NOT NULL,
	"emails_queued" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fee_contract_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"actor_id" uuid,
	"type" "fee_contract_event_type" NOT NULL,
	"period" text,
	"from_cents" bigint,
	"to_cents" bigint,
	"summary" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fee_contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"category_id" uuid NOT NULL,
	"monthly_cents" bigint NOT NULL,
	"due_day" integer NOT NULL,
	"due_next_month" boolean DEFAULT true NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"service_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"reajuste" "reajuste_kind" DEFAULT 'ipca' NOT NULL,
	"fixed_rate_ppm" integer,
	"anniversary_month" integer NOT NULL,
	"index_window" "index_window" DEFAULT 'two_months_before' NOT NULL,
	"thirteenth" "thirteenth_mode" DEFAULT 'none' NOT NULL,
	"thirteenth_months" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fee_contracts_value_positive" CHECK ("fee_contracts"."monthly_cents" > 0),
	CONSTRAINT "fee_contracts_due_day" CHECK ("fee_contracts"."due_day" between 1 and 31),
	CONSTRAINT "fee_contracts_anniversary" CHECK ("fee_contracts"."anniversary_month" between 1 and 12),
	CONSTRAINT "fee_contracts_dates" CHECK ("fee_contracts"."end_date" is null or "fee_contracts"."end_date" >= "fee_contracts"."start_date")
);
--> statement-breakpoint
CREATE TABLE "fee_settings" (
	"office_id" uuid PRIMARY KEY NOT NULL,
	"negative_index" "negative_index_mode" DEFAULT 'floor' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "price_index_values" (
	"office_id" uuid NOT NULL,
	"index" "price_index" NOT NULL,
	"period" text NOT NULL,
	"rate_ppm" integer NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "price_index_values_office_id_index_period_pk" PRIMARY KEY("office_id","index","period"),
	CONSTRAINT "price_index_values_rate_range" CHECK ("price_index_values"."rate_ppm" > -1000000 and "price_index_values"."rate_ppm" <= 1000000),
	CONSTRAINT "price_index_values_period_format" CHECK ("price_index_values"."period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
);
--> statement-breakpoint
ALTER TABLE "debts" ADD COLUMN "fee_contract_id" uuid;--> statement-breakpoint
ALTER TABLE "debts" ADD COLUMN "fee_period" text;--> statement-breakpoint
ALTER TABLE "debts" ADD COLUMN "fee_kind" "fee_charge_kind";--> statement-breakpoint
ALTER TABLE "fee_billing_runs" ADD CONSTRAINT "fee_billing_runs_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_billing_runs" ADD CONSTRAINT "fee_billing_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_contract_events" ADD CONSTRAINT "fee_contract_events_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_contract_events" ADD CONSTRAINT "fee_contract_events_contract_id_fee_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."fee_contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_contract_events" ADD CONSTRAINT "fee_contract_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_contracts" ADD CONSTRAINT "fee_contracts_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_contracts" ADD CONSTRAINT "fee_contracts_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_contracts" ADD CONSTRAINT "fee_contracts_category_id_debt_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."debt_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_contracts" ADD CONSTRAINT "fee_contracts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_settings" ADD CONSTRAINT "fee_settings_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_index_values" ADD CONSTRAINT "price_index_values_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_index_values" ADD CONSTRAINT "price_index_values_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fee_billing_runs_office_period_idx" ON "fee_billing_runs" USING btree ("office_id","period","created_at");--> statement-breakpoint
CREATE INDEX "fee_contract_events_contract_idx" ON "fee_contract_events" USING btree ("contract_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "fee_contract_events_reajuste_key" ON "fee_contract_events" USING btree ("contract_id","period") WHERE "fee_contract_events"."type" = 'reajuste';--> statement-breakpoint
CREATE INDEX "fee_contracts_office_client_idx" ON "fee_contracts" USING btree ("office_id","client_id");--> statement-breakpoint
CREATE INDEX "fee_contracts_office_start_idx" ON "fee_contracts" USING btree ("office_id","start_date","id");--> statement-breakpoint
ALTER TABLE "debts" ADD CONSTRAINT "debts_fee_contract_id_fee_contracts_id_fk" FOREIGN KEY ("fee_contract_id") REFERENCES "public"."fee_contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "debts_fee_charge_key" ON "debts" USING btree ("fee_contract_id","fee_period","fee_kind") WHERE "debts"."fee_contract_id" is not null;--> statement-breakpoint
CREATE INDEX "debts_office_fee_period_idx" ON "debts" USING btree ("office_id","fee_period") WHERE "debts"."fee_contract_id" is not null;