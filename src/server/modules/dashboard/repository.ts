/**
 * SQL of the Painel. Each number is counted with the very condition its list filters by
 * (ticketListWhere / debtListWhere), several per statement through `count(*) filter (where …)`:
 * one scan of the office's rows per section, and the count on the card is the list's by construction.
 */
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, lte, type SQL, sql } from "drizzle-orm";
import type { TicketStatus } from "../../../shared/status.js";
import type { Executor } from "../../db/client.js";
import { clients, debts, offices, payments, ticketEvents, tickets, users } from "../../db/schema/index.js";
import { type DebtListFilter, debtListWhere } from "../finance/repository.js";
import { type ListFilter, ticketListWhere } from "../tickets/repository.js";

export type TicketCond = Omit<ListFilter, "sort" | "order" | "limit" | "offset" | "officeId">;
export type DebtCond = Omit<DebtListFilter, "sort" | "order" | "limit" | "offset" | "officeId" | "today">;

/** Counts of atendimentos, one per named condition of the grid's filters, in one statement. */
export async function countTickets(
  db: Executor,
  officeId: string,
  conds: Record<string, TicketCond>,
): Promise<Record<string, number>> {
  const keys = Object.keys(conds);
  if (keys.length === 0) return {};
  const cols = Object.fromEntries(
    keys.map((k, i) => [
      `c${i}`,
      sql<number>`count(*) filter (where ${ticketListWhere({ officeId, ...conds[k] } as ListFilter)})`.mapWith(
        Number,
      ),
    ]),
  );
  const [row] = await db.select(cols).from(tickets).where(eq(tickets.officeId, officeId));
  return Object.fromEntries(keys.map((k, i) => [k, Number(row?.[`c${i}`] ?? 0)]));
}

/** Counts and open balances of debts, one per named condition of Contas a receber's filters. */
export async function sumDebts(
  db: Executor,
  officeId: string,
  today: string,
  conds: Record<string, DebtCond>,
): Promise<Record<string, { count: number; cents: number }>> {
  const keys = Object.keys(conds);
  if (keys.length === 0) return {};
  const balance = sql`case when ${debts.state} = 'cancelled' then 0 else ${debts.amountCents} - ${debts.paidCents} end`;
  const cols: Record<string, SQL.Aliased<number> | SQL<number>> = {};
  keys.forEach((k, i) => {
    const where = debtListWhere({ officeId, today, ...conds[k] } as DebtListFilter);
    cols[`n${i}`] = sql<number>`count(*) filter (where ${where})`.mapWith(Number);
    cols[`s${i}`] = sql<number>`coalesce(sum(${balance}) filter (where ${where}), 0)`.mapWith(Number);
  });
  const [row] = await db
    .select(cols)
    .from(debts)
    .innerJoin(clients, eq(clients.id, debts.clientId))
    .where(eq(debts.officeId, officeId));
  return Object.fromEntries(
    keys.map((k, i) => [k, { count: Number(row?.[`n${i}`] ?? 0), cents: Number(row?.[`s${i}`] ?? 0) }]),
  );
}

/** Open atendimentos per responsável (null: none yet), most first. */
export async function openByAssignee(db: Executor, officeId: string, open: TicketStatus[]) {
  return db
    .select({ id: users.id, name: users.name, count: count() })
    .from(tickets)
    .leftJoin(users, eq(users.id, tickets.assigneeId))
    .where(and(eq(tickets.officeId, officeId), inArray(tickets.status, open)))
    .groupBy(users.id, users.name)
    .orderBy(desc(count()), asc(users.name));
}

/** Atendimentos finalizados per week: status changes to "finished" in [from, before) by week start. */
export async function finishedPerWeek(
  db: Executor,
  officeId: string,
  weeks: { start: Date; end: Date }[],
  assigneeId?: string,
): Promise<number[]> {
  if (weeks.length === 0) return [];
  const first = weeks[0] as { start: Date };
  const last = weeks[weeks.length - 1] as { end: Date };
  const cols = Object.fromEntries(
    weeks.map((w, i) => [
      `w${i}`,
      sql<number>`count(*) filter (where ${ticketEvents.createdAt} >= ${w.start} and ${ticketEvents.createdAt} < ${w.end})`.mapWith(
        Number,
      ),
    ]),
  );
  const [row] = await db
    .select(cols)
    .from(ticketEvents)
    .innerJoin(tickets, eq(tickets.id, ticketEvents.ticketId))
    .where(
      and(
        eq(ticketEvents.officeId, officeId),
        gte(ticketEvents.createdAt, first.start),
        lt(ticketEvents.createdAt, last.end),
        sql`${ticketEvents.changes} @> '[{"field":"status","to":"finished"}]'::jsonb`,
        assigneeId ? eq(tickets.assigneeId, assigneeId) : undefined,
      ),
    );
  return weeks.map((_, i) => Number(row?.[`w${i}`] ?? 0));
}

/** Payments received (not reversed) with paid_on in [from, to]. */
export async function received(db: Executor, officeId: string, from: string, to: string) {
  const [row] = await db
    .select({
      count: count(),
      cents: sql<number>`coalesce(sum(${payments.amountCents}), 0)`.mapWith(Number),
    })
    .from(payments)
    .where(
      and(
        eq(payments.officeId, officeId),
        gte(payments.paidOn, from),
        lte(payments.paidOn, to),
        isNull(payments.reversedAt),
      ),
    );
  return { count: row?.count ?? 0, cents: row?.cents ?? 0 };
}

/** The clients owing the most (open balance of debts not paid nor cancelled). */
export async function topDebtors(db: Executor, officeId: string, today: string, limit: number) {
  const owing = debtListWhere({ officeId, today, statuses: ["open", "partially_paid", "overdue"] });
  const cents = sql<number>`sum(${debts.amountCents} - ${debts.paidCents})`.mapWith(Number);
  return db
    .select({ id: clients.id, name: clients.name, count: count(), cents })
    .from(debts)
    .innerJoin(clients, eq(clients.id, debts.clientId))
    .where(owing)
    .groupBy(clients.id, clients.name)
    .orderBy(desc(cents), asc(clients.name))
    .limit(limit);
}

export async function staffSeesOffice(db: Executor, officeId: string): Promise<boolean> {
  const [row] = await db
    .select({ v: offices.dashboardStaffSeesOffice })
    .from(offices)
    .where(eq(offices.id, officeId));
  return row?.v ?? false;
}

export async function setStaffSeesOffice(db: Executor, officeId: string, value: boolean) {
  await db
    .update(offices)
    .set({ dashboardStaffSeesOffice: value, updatedAt: new Date() })
    .where(eq(offices.id, officeId));
}
