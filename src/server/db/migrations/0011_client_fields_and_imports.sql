CREATE TABLE "data_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"status" text DEFAULT 'preview' NOT NULL,
	"headers" jsonb NOT NULL,
	"cells" jsonb NOT NULL,
	"row_notes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"mapping" jsonb NOT NULL,
	"total_rows" integer NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"created_count" integer DEFAULT 0 NOT NULL,
	"updated_count" integer DEFAULT 0 NOT NULL,
	"skipped_count" integer DEFAULT 0 NOT NULL,
	"error" text,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "tax_regime" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "uf" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "city_ibge_code" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "city_name" text;--> statement-breakpoint
ALTER TABLE "data_imports" ADD CONSTRAINT "data_imports_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_imports" ADD CONSTRAINT "data_imports_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "data_imports_office_idx" ON "data_imports" USING btree ("office_id","user_id","created_at");--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_tax_regime_check" CHECK ("clients"."tax_regime" in ('mei', 'simples_nacional', 'lucro_presumido', 'lucro_real', 'pessoa_fisica', 'imune_isenta'));--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_uf_check" CHECK ("clients"."uf" in ('AC','AL','AM','AP','BA','CE','DF','ES','GO','MA','MG','MS','MT','PA','PB','PE','PI','PR','RJ','RN','RO','RR','RS','SC','SE','SP','TO'));--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_city_ibge_code_check" CHECK ("clients"."city_ibge_code" ~ '^[0-9]{7}$');