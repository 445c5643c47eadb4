DROP INDEX "tickets_office_created_idx";--> statement-breakpoint
DROP INDEX "tickets_office_updated_idx";--> statement-breakpoint
DROP INDEX "tickets_office_status_idx";--> statement-breakpoint
DROP INDEX "tickets_office_assignee_idx";--> statement-breakpoint
DROP INDEX "tickets_office_requester_idx";--> statement-breakpoint
DROP INDEX "tickets_office_service_idx";--> statement-breakpoint
CREATE INDEX "tickets_office_created_idx" ON "tickets" USING btree ("office_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "tickets_office_updated_idx" ON "tickets" USING btree ("office_id","updated_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "tickets_office_status_idx" ON "tickets" USING btree ("office_id","status","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "tickets_office_assignee_idx" ON "tickets" USING btree ("office_id","assignee_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "tickets_office_requester_idx" ON "tickets" USING btree ("office_id","requester_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "tickets_office_service_idx" ON "tickets" USING btree ("office_id","service_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);