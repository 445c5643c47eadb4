-- Typo tolerance in the atendimentos search, only as a fallback when the full-text search finds
-- nothing: trigrams of the unaccented subject and client name, office first (btree_gin, 0006).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "clients_office_name_trgm_idx" ON "clients" USING gin ("office_id",atende_fts_text("name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "tickets_office_subject_trgm_idx" ON "tickets" USING gin ("office_id",atende_fts_text("subject") gin_trgm_ops);
