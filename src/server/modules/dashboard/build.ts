/** The Painel's numbers, each with the list filter that shows exactly its rows. */
import {
  AGE_BANDS,
  AGING_BANDS,
  type AgeBand,
  type AgingBand,
  type DashboardDto,
  type ListFilter,
} from "../../../shared/dashboard.js";
import { addDays, type DebtStatus, parseIsoDate, todayInSaoPaulo } from "../../../shared/finance.js";
import { isClosed, TICKET_STATUSES, type TicketStatus } from "../../../shared/status.js";
import type { Executor } from "../../db/client.js";
import type { Actor } from "../auth/context.js";
import { saoPauloDayStart } from "../tickets/dates.js";
import * as repo from "./repository.js";

export const OPEN_STATUSES = TICKET_STATUSES.filter((s) => !isClosed(s));
const OWING: DebtStatus[] = ["open", "partially_paid", "overdue"];
const WEEKS = 12;

/** A date range of the grid ("opened from … to …", both days included) as filter and condition. */
function opened(from: string | undefined, to: string | undefined) {
  return {
    filter: { ...(from ? { openedFrom: from } : {}), ...(to ? { openedTo: to } : {}) },
    cond: {
      openedFrom: from ? saoPauloDayStart(from) : undefined,
      openedBefore: to ? saoPauloDayStart(to, 1) : undefined,
    },
  };
}

/** Age of an open atendimento in days since the day it was opened (São Paulo). */
function ageRange(band: AgeBand, today: string) {
  switch (band) {
    case "0-2":
      return opened(addDays(today, -2), undefined);
    case "3-7":
      return opened(addDays(today, -7), addDays(today, -3));
    case "8-30":
      return opened(addDays(today, -30), addDays(today, -8));
    case "31+":
      return opened(undefined, addDays(today, -31));
  }
}

/** Days late of an overdue debt, as a due-date range. */
function agingRange(band: AgingBand, today: string): { dueFrom?: string; dueTo?: string } {
  switch (band) {
    case "1-30":
      return { dueFrom: addDays(today, -30), dueTo: addDays(today, -1) };
    case "31-60":
      return { dueFrom: addDays(today, -60), dueTo: addDays(today, -31) };
    case "61-90":
      return { dueFrom: addDays(today, -90), dueTo: addDays(today, -61) };
    case "91+":
      return { dueTo: addDays(today, -91) };
  }
}

/** Monday of the week of the day. */
function mondayOf(isoDate: string): string {
  const [y, m, d] = parseIsoDate(isoDate);
  const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 = Sunday
  return addDays(isoDate, -((dow + 6) % 7));
}

function monthRange(today: string) {
  const [y, m] = parseIsoDate(today);
  const first = `${y}-${String(m).padStart(2, "0")}-01`;
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { first, last };
}

export async function buildDashboard(db: Executor, actor: Actor, now = new Date()): Promise<DashboardDto> {
  const today = todayInSaoPaulo(now);
  const staffSeesOffice = await repo.staffSeesOffice(db, actor.officeId);
  const scope = actor.role === "admin" || staffSeesOffice ? "office" : "mine";
  const mine = scope === "mine" ? { assigneeId: actor.userId } : {};
  const mineFilter: ListFilter = scope === "mine" ? { assigneeId: actor.userId } : {};
  const openFilter: ListFilter = { status: OPEN_STATUSES.join(","), ...mineFilter };

  // every ticket number: a named grid filter
  const conds: Record<string, repo.TicketCond> = {};
  const filters: Record<string, ListFilter> = {};
  const add = (key: string, cond: repo.TicketCond, filter: ListFilter) => {
    conds[key] = cond;
    filters[key] = filter;
  };
  add("open", { statuses: OPEN_STATUSES, ...mine }, openFilter);
  for (const s of OPEN_STATUSES) add(`status:${s}`, { statuses: [s], ...mine }, { status: s, ...mineFilter });
  for (const b of AGE_BANDS) {
    const r = ageRange(b, today);
    add(`age:${b}`, { statuses: OPEN_STATUSES, ...mine, ...r.cond }, { ...openFilter, ...r.filter });
  }
  const thisMonday = mondayOf(today);
  const weeks = Array.from({ length: WEEKS }, (_, i) => {
    const start = addDays(thisMonday, -7 * (WEEKS - 1 - i));
    return { start, end: addDays(start, 6) };
  });
  for (const w of weeks) {
    const r = opened(w.start, w.end);
    add(`week:${w.start}`, { statuses: [], ...mine, ...r.cond }, { ...mineFilter, ...r.filter });
  }

  const [counts, assignees, finished] = await Promise.all([
    repo.countTickets(db, actor.officeId, conds),
    scope === "office" ? repo.openByAssignee(db, actor.officeId, OPEN_STATUSES) : Promise.resolve([]),
    repo.finishedPerWeek(
      db,
      actor.officeId,
      weeks.map((w) => ({ start: saoPauloDayStart(w.start), end: saoPauloDayStart(w.end, 1) })),
      scope === "mine" ? actor.userId : undefined,
    ),
  ]);
  const cell = (key: string) => ({ count: counts[key] ?? 0, filter: filters[key] ?? null });

  return {
    scope,
    today,
    staffSeesOffice,
    tickets: {
      open: cell("open"),
      byStatus: OPEN_STATUSES.map((status: TicketStatus) => ({ status, ...cell(`status:${status}`) })),
      byAge: AGE_BANDS.map((band) => ({ band, ...cell(`age:${band}`) })),
      byAssignee: assignees.map((a) => ({
        assignee: a.id && a.name ? { id: a.id, name: a.name } : null,
        count: a.count,
        // the grid has no "without responsável" filter: that row is shown without a link
        filter: a.id ? { ...openFilter, assigneeId: a.id } : null,
      })),
      weekly: weeks.map((w, i) => ({
        weekStart: w.start,
        opened: cell(`week:${w.start}`),
        finished: finished[i] ?? 0,
      })),
    },
    receivables: scope === "office" ? await receivables(db, actor.officeId, today) : null,
  };
}

async function receivables(
  db: Executor,
  officeId: string,
  today: string,
): Promise<DashboardDto["receivables"]> {
  const month = monthRange(today);
  const conds: Record<string, repo.DebtCond> = {
    dueThisMonth: { statuses: OWING, dueFrom: month.first, dueTo: month.last },
    overdue: { statuses: ["overdue"] },
  };
  for (const b of AGING_BANDS) conds[`aging:${b}`] = { statuses: ["overdue"], ...agingRange(b, today) };
  const [sums, got, top] = await Promise.all([
    repo.sumDebts(db, officeId, today, conds),
    repo.received(db, officeId, month.first, month.last),
    repo.topDebtors(db, officeId, today, 10),
  ]);
  const filterOf = (c: repo.DebtCond): ListFilter => ({
    status: c.statuses.join(","),
    ...(c.dueFrom ? { dueFrom: c.dueFrom } : {}),
    ...(c.dueTo ? { dueTo: c.dueTo } : {}),
    ...(c.clientId ? { clientId: c.clientId } : {}),
  });
  const money = (key: string) => {
    const c = conds[key] as repo.DebtCond;
    return { ...(sums[key] ?? { count: 0, cents: 0 }), filter: filterOf(c) };
  };
  return {
    dueThisMonth: money("dueThisMonth"),
    overdue: money("overdue"),
    receivedThisMonth: got,
    aging: AGING_BANDS.map((band) => ({ band, ...money(`aging:${band}`) })),
    topDebtors: top.map((t) => ({
      client: { id: t.id, name: t.name },
      count: t.count,
      cents: t.cents,
      filter: filterOf({ statuses: OWING, clientId: t.id }),
    })),
  };
}
