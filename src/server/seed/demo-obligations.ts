/**
 * Demo office: the starter catalogue of obrigações (each department with its responsável) and the
 * last two competências generated, the older one mostly finished — so the calendar shows this
 * month's deadlines, a few late ones in red, and the board has work for everyone. Bulk statements only.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { addMonths } from "../../shared/fiscal-calendar/due-dates.js";
import { obligationSchema } from "../../shared/obligations.js";
import type { Db } from "../db/client.js";
import { tickets, users } from "../db/schema/index.js";
import { STARTER_OBLIGATIONS } from "../modules/obligations/catalogue.js";
import { generate, jobPeriod } from "../modules/obligations/generation.js";
import { toColumns } from "../modules/obligations/presenter.js";
import * as repo from "../modules/obligations/repository.js";

export async function seedDemoObligations(db: Db, officeId: string, adminId: string, now: Date) {
  const staff = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.officeId, officeId), inArray(users.role, ["admin", "staff"])))
    .orderBy(users.createdAt);
  const byDepartment: Record<string, string> = {
    fiscal: staff[1]?.id ?? adminId,
    pessoal: staff[2]?.id ?? adminId,
    contabil: adminId,
    societario: adminId,
  };
  await repo.insertMany(
    db,
    officeId,
    STARTER_OBLIGATIONS.map(({ source: _source, ...s }) => ({
      ...toColumns(obligationSchema.parse(s)),
      assigneeId: byDepartment[s.department] ?? adminId,
    })),
  );
  const current = jobPeriod(now);
  const previous = addMonths(current, -1);
  await generate(db, officeId, previous, adminId, now);
  await generate(db, officeId, current, adminId, now);
  // the older competência is mostly done: every 7th item is still open (late), the rest Finalizado
  await db.execute(sql`
    with done as (
      update ${tickets} set status = 'finished', touched_at = now(), version = version + 1,
             checklist = (select jsonb_agg(jsonb_set(e, '{done}', 'true'::jsonb)) from jsonb_array_elements(checklist) e)
       where office_id = ${officeId} and period = ${previous} and protocol_seq % 7 <> 0
      returning id, assignee_id
    )
    insert into ticket_events (office_id, ticket_id, actor_id, type, changes, client_visible)
    select ${officeId}, done.id, done.assignee_id, 'status_changed',
           '[{"field":"status","from":"open","to":"finished"}]'::jsonb, true
      from done`);
}
