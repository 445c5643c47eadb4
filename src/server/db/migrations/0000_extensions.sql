-- Portuguese full-text search that ignores accents and plural -ões/-ães: "acao" finds "Ações".
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION atende_fts_text(input text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, input)), '([oa])es\M', 'ao', 'g') $$;
