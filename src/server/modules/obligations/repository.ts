import { and, asc, count, eq, inArray, isNull, sql } from "drizzle-orm";
import type { PageQuery } from "../../../shared/api.js";
import type { OfficeHoliday } from "../../../shared/fiscal-calendar/calendar.js";
import type { Executor } from "../../db/client.js";
import {
  clients,
  fiscalCalendarSettings,
  obligationRuns,
  obligations,
  officeHolidays,
  services,
  tickets,
  users,
} from "../../db/schema/index.js";
import { activeFilter, containsText, offsetOf } from "../../lib/sql.js";

export type ObligationRow = typeof obligations.$inferSelect;
export type ObligationValues = Omit<
  typeof obligations.$inferInsert,
  "id" | "officeId" | "createdAt" | "updatedAt" | "deletedAt"
>;

const notDeleted = isNull(obligations.deletedAt);

/** the rows of a raw `execute` (node-postgres and PGlite both answer `{ rows }`) */
const rowsOf = (result: unknown) => (result as { rows: Record<string, unknown>[] }).rows;

/** lower-cased names of the office's obligations (the starter catalogue adds only missing ones) */
export async function names(db: Executor, officeId: string) {
  const rows = await db
    .select({ name: obligations.name })
    .from(obligations)
    .where(and(eq(obligations.officeId, officeId), notDeleted));
  return new Set(rows.map((r) => r.name.toLowerCase()));
}

/** the office's active obligations (generation reads their rules) */
export async function activeObligations(db: Executor, officeId: string) {
  return db
    .select()
    .from(obligations)
    .where(and(eq(obligations.officeId, officeId), eq(obligations.active, true), notDeleted));
}

export async function list(db: Executor, officeId: string, q: PageQuery) {
  const where = and(
    eq(obligations.officeId, officeId),
    notDeleted,
    activeFilter(obligations.active, q.active),
    q.q ? containsText(obligations.name, q.q) : undefined,
  );
  const [items, [total]] = await Promise.all([
    db
      .select()
      .from(obligations)
      .where(where)
      .orderBy(asc(obligations.name), asc(obligations.id))
      .limit(q.pageSize)
      .offset(offsetOf(q)),
    db.select({ n: count() }).from(obligations).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

export async function findById(db: Executor, officeId: string, id: string) {
  const [row] = await db
    .select()
    .from(obligations)
    .where(and(eq(obligations.officeId, officeId), eq(obligations.id, id), notDeleted));
  return row;
}

export async function insert(db: Executor, officeId: string, v: ObligationValues) {
  const [row] = await db
    .insert(obligations)
    .values({ ...v, officeId })
    .returning();
  return row as ObligationRow;
}

export async function insertMany(db: Executor, officeId: string, vs: ObligationValues[]) {
  if (vs.length === 0) return;
  await db.insert(obligations).values(vs.map((v) => ({ ...v, officeId })));
}

export async function update(db: Executor, officeId: string, id: string, v: ObligationValues) {
  const [row] = await db
    .update(obligations)
    .set({ ...v, updatedAt: new Date() })
    .where(and(eq(obligations.officeId, officeId), eq(obligations.id, id), notDeleted))
    .returning();
  return row;
}

export async function softDelete(db: Executor, officeId: string, id: string) {
  const [row] = await db
    .update(obligations)
    .set({ deletedAt: new Date(), active: false, updatedAt: new Date() })
    .where(and(eq(obligations.officeId, officeId), eq(obligations.id, id), notDeleted))
    .returning({ id: obligations.id });
  return row;
}

/** id → how many atendimentos each obligation generated (reads the tickets_obligation_key index) */
export async function itemCounts(db: Executor, officeId: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, number>();
  const rows = await db
    .select({ id: tickets.obligationId, n: count() })
    .from(tickets)
    .where(and(eq(tickets.officeId, officeId), inArray(tickets.obligationId, ids)))
    .groupBy(tickets.obligationId);
  return new Map(rows.map((r) => [r.id as string, r.n]));
}

export async function namesOf(db: Executor, officeId: string, userIds: string[], serviceIds: string[]) {
  const [u, s] = await Promise.all([
    userIds.length
      ? db
          .select({ id: users.id, name: users.name })
          .from(users)
          .where(and(eq(users.officeId, officeId), inArray(users.id, userIds)))
      : [],
    serviceIds.length
      ? db
          .select({ id: services.id, name: services.name })
          .from(services)
          .where(and(eq(services.officeId, officeId), inArray(services.id, serviceIds)))
      : [],
  ]);
  return { users: new Map(u.map((r) => [r.id, r.name])), services: new Map(s.map((r) => [r.id, r.name])) };
}

/** how many of these ids are the office's staff users / services / clients (a foreign id is not) */
export async function countStaff(db: Executor, officeId: string, id: string) {
  const [r] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.officeId, officeId), eq(users.id, id), sql`${users.role} <> 'client'`));
  return r?.n ?? 0;
}
export async function countServices(db: Executor, officeId: string, id: string) {
  const [r] = await db
    .select({ n: count() })
    .from(services)
    .where(and(eq(services.officeId, officeId), eq(services.id, id)));
  return r?.n ?? 0;
}
export async function countClients(db: Executor, officeId: string, ids: string[]) {
  if (ids.length === 0) return 0;
  const [r] = await db
    .select({ n: count() })
    .from(clients)
    .where(and(eq(clients.officeId, officeId), inArray(clients.id, ids)));
  return r?.n ?? 0;
}

// ---------- calendar ----------

export async function calendarSettings(db: Executor, officeId: string) {
  const [s] = await db
    .select()
    .from(fiscalCalendarSettings)
    .where(eq(fiscalCalendarSettings.officeId, officeId));
  const holidays = await db
    .select()
    .from(officeHolidays)
    .where(eq(officeHolidays.officeId, officeId))
    .orderBy(asc(officeHolidays.date), asc(officeHolidays.id));
  return { carnaval: s?.carnaval ?? true, corpusChristi: s?.corpusChristi ?? false, holidays };
}

export async function saveCalendarSettings(
  db: Executor,
  officeId: string,
  v: { carnaval: boolean; corpusChristi: boolean },
) {
  await db
    .insert(fiscalCalendarSettings)
    .values({ officeId, ...v })
    .onConflictDoUpdate({ target: fiscalCalendarSettings.officeId, set: { ...v, updatedAt: new Date() } });
}

export async function insertHoliday(db: Executor, officeId: string, h: OfficeHoliday) {
  const [row] = await db
    .insert(officeHolidays)
    .values({
      officeId,
      date: h.date,
      recurring: h.recurring,
      name: h.name,
      uf: h.uf ?? null,
      cityIbgeCode: h.cityIbgeCode ?? null,
    })
    .returning();
  return row as typeof officeHolidays.$inferSelect;
}

export async function deleteHoliday(db: Executor, officeId: string, id: string) {
  const [row] = await db
    .delete(officeHolidays)
    .where(and(eq(officeHolidays.officeId, officeId), eq(officeHolidays.id, id)))
    .returning({ id: officeHolidays.id });
  return row;
}

// ---------- generation ----------

export interface Candidate {
  obligationId: string;
  clientId: string;
  clientName: string;
  uf: string | null;
  cityIbgeCode: string | null;
}

/**
 * Every active client × every active obligation of the competência's month that applies to it (by
 * its regime or as a chosen client). One query; obligations without clients simply yield nothing.
 */
export async function candidates(db: Executor, officeId: string, month: number, obligationId?: string) {
  const rows = await db.execute(sql`
    select o.id as obligation_id, c.id as client_id, c.name as client_name, c.uf, c.city_ibge_code
      from ${obligations} o
      join ${clients} c on c.office_id = o.office_id and c.active
           and (c.tax_regime = any(o.tax_regimes) or c.id = any(o.client_ids))
     where o.office_id = ${officeId} and o.active and o.deleted_at is null and ${month} = any(o.months)
           ${obligationId ? sql`and o.id = ${obligationId}` : sql``}
     order by o.id, c.id`);
  return (rowsOf(rows) as Record<string, string | null>[]).map(
    (r): Candidate => ({
      obligationId: r.obligation_id as string,
      clientId: r.client_id as string,
      clientName: r.client_name as string,
      uf: r.uf ?? null,
      cityIbgeCode: r.city_ibge_code ?? null,
    }),
  );
}

/** "obligationId:clientId" of the atendimentos already generated for the competência */
export async function existingKeys(db: Executor, officeId: string, period: string) {
  const rows = await db
    .select({ o: tickets.obligationId, c: tickets.requesterId })
    .from(tickets)
    .where(
      and(
        eq(tickets.officeId, officeId),
        eq(tickets.period, period),
        sql`${tickets.obligationId} is not null`,
      ),
    );
  return new Set(rows.map((r) => `${r.o}:${r.c}`));
}

/**
 * Serialises the generations of one office and competência across instances (the second waits and
 * then finds everything generated). Transaction-scoped: released at commit or rollback.
 */
export async function lockGeneration(db: Executor, officeId: string, period: string) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`obligations:${officeId}:${period}`}))`);
}

/** Reserves `n` protocol numbers of the office in the year; returns the first. */
export async function reserveProtocolSeqs(db: Executor, officeId: string, year: number, n: number) {
  const rows = await db.execute(sql`
    insert into ticket_counters (office_id, year, last_seq) values (${officeId}, ${year}, ${n})
    on conflict (office_id, year) do update set last_seq = ticket_counters.last_seq + ${n}
    returning last_seq`);
  const last = Number(rowsOf(rows)[0]?.last_seq);
  return last - n + 1;
}

export interface NewItem {
  obligationId: string;
  clientId: string;
  legal: string;
  target: string;
  seq: number;
}

/**
 * Inserts the atendimentos and their "created" history events in one statement (rows as one jsonb
 * parameter, the same on PostgreSQL and PGlite). ON CONFLICT on tickets_obligation_key is the last
 * guard of idempotency. Returns how many were created.
 */
export async function insertItems(
  db: Executor,
  p: {
    officeId: string;
    period: string;
    periodLabel: string;
    year: number;
    createdBy: string;
    actorId: string | null;
  },
  items: NewItem[],
) {
  if (items.length === 0) return 0;
  const rows = await db.execute(sql`
    with r as (
      select * from jsonb_to_recordset(${JSON.stringify(items)}::jsonb)
        as r("obligationId" uuid, "clientId" uuid, legal date, target date, seq int)
    ), ins as (
      insert into tickets (office_id, protocol_year, protocol_seq, requester_id, service_id, accountant_id,
                           assignee_id, subject, description, amount_cents, status, created_by,
                           obligation_id, period, legal_due_date, target_date, checklist)
      select ${p.officeId}, ${p.year}, r.seq, c.id, o.service_id, c.default_accountant_id,
             o.assignee_id, o.name || ' — competência ' || ${p.periodLabel}, '', o.amount_cents, 'open', ${p.createdBy},
             o.id, ${p.period}, r.legal, r.target,
             (select coalesce(jsonb_agg(jsonb_build_object('label', s, 'done', false)), '[]'::jsonb)
                from unnest(o.checklist) s)
        from r
        join obligations o on o.id = r."obligationId" and o.office_id = ${p.officeId}
        join clients c on c.id = r."clientId" and c.office_id = ${p.officeId}
      on conflict (office_id, obligation_id, requester_id, period) where obligation_id is not null do nothing
      returning id
    ), ev as (
      insert into ticket_events (office_id, ticket_id, actor_id, type, changes)
      select ${p.officeId}, ins.id, ${p.actorId}, 'created', '[]'::jsonb from ins
      returning 1
    )
    select count(*)::int as n from ev`);
  return Number(rowsOf(rows)[0]?.n);
}

export async function insertRun(
  db: Executor,
  v: { officeId: string; period: string; created: number; actorId: string | null },
) {
  await db.insert(obligationRuns).values(v);
}

export async function hasRun(db: Executor, officeId: string, period: string) {
  const [r] = await db
    .select({ n: count() })
    .from(obligationRuns)
    .where(and(eq(obligationRuns.officeId, officeId), eq(obligationRuns.period, period)));
  return (r?.n ?? 0) > 0;
}

/** the user a scheduled generation records as creator: the office's first active admin */
export async function systemCreator(db: Executor, officeId: string) {
  const [u] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.officeId, officeId), eq(users.role, "admin"), eq(users.active, true)))
    .orderBy(asc(users.createdAt))
    .limit(1);
  return u?.id ?? null;
}

/** offices that have at least one active obligation */
export async function officesWithObligations(db: Executor) {
  const rows = await db
    .selectDistinct({ officeId: obligations.officeId })
    .from(obligations)
    .where(and(eq(obligations.active, true), notDeleted));
  return rows.map((r) => r.officeId);
}

/**
 * The obligation's atendimentos that a rule change may still move: untouched (never edited, no status
 * change), still Aberto, and due from `fromDay` on. The others keep the dates they were given.
 */
export async function untouchedFutureItems(
  db: Executor,
  officeId: string,
  obligationId: string,
  fromDay: string,
) {
  return db
    .select({
      id: tickets.id,
      period: tickets.period,
      legalDueDate: tickets.legalDueDate,
      requesterId: tickets.requesterId,
      uf: clients.uf,
      cityIbgeCode: clients.cityIbgeCode,
    })
    .from(tickets)
    .innerJoin(clients, eq(clients.id, tickets.requesterId))
    .where(
      and(
        eq(tickets.officeId, officeId),
        eq(tickets.obligationId, obligationId),
        eq(tickets.status, "open"),
        isNull(tickets.touchedAt),
        sql`${tickets.legalDueDate} >= ${fromDay}`,
      ),
    );
}

export async function redateItems(
  db: Executor,
  officeId: string,
  o: { assigneeId: string | null; checklist: string[] },
  items: { id: string; oldLegal: string | null; legal: string; target: string }[],
  actorId: string | null,
) {
  if (items.length === 0) return 0;
  const checklist = JSON.stringify(o.checklist.map((label) => ({ label, done: false })));
  // the history event ("Data Legal: from → to") is written by the same statement
  const rows = await db.execute(sql`
    with r as (
      select * from jsonb_to_recordset(${JSON.stringify(items)}::jsonb)
        as r(id uuid, "oldLegal" text, legal date, target date)
    ), up as (
      update tickets t
         set legal_due_date = r.legal, target_date = r.target, assignee_id = ${o.assigneeId},
             checklist = ${checklist}::jsonb, updated_at = now()
        from r
       where t.id = r.id and t.office_id = ${officeId} and t.touched_at is null and t.status = 'open'
      returning t.id, r."oldLegal", r.legal
    ), ev as (
      insert into ticket_events (office_id, ticket_id, actor_id, type, changes)
      select ${officeId}, up.id, ${actorId}, 'updated',
             jsonb_build_array(jsonb_build_object('field', 'legalDueDate', 'from', up."oldLegal", 'to', up.legal::text))
        from up where up."oldLegal" is distinct from up.legal::text
      returning 1
    )
    select count(*)::int as n from up`);
  return Number(rowsOf(rows)[0]?.n);
}
