CREATE EXTENSION IF NOT EXISTS btree_gin;--> statement-breakpoint
DROP INDEX "tickets_search_idx";--> statement-breakpoint
CREATE INDEX "tickets_office_search_idx" ON "tickets" USING gin ("office_id","search");
