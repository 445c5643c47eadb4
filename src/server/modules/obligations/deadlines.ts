/**
 * The month of deadlines for the calendar view and the board by responsável: the office's dated
 * atendimentos whose Data Legal falls in the month (tickets_office_legal_due_idx), late ones flagged.
 */
import { and, asc, eq, gte, lt, lte, notInArray, sql } from "drizzle-orm";
import { daysInMonth, todayInSaoPaulo } from "../../../shared/fiscal-calendar/days.js";
import { parsePeriod } from "../../../shared/fiscal-calendar/due-dates.js";
import type { DeadlineItem, DeadlineList } from "../../../shared/obligations.js";
import { isClosed, TICKET_STATUSES, type TicketStatus } from "../../../shared/status.js";
import type { Executor } from "../../db/client.js";
import { clients, tickets, users } from "../../db/schema/index.js";
import { formatProtocol } from "../tickets/protocol.js";

const MAX_ITEMS = 20_000;

export async function listDeadlines(
  db: Executor,
  officeId: string,
  month: string,
  scope: "month" | "late" = "month",
  now = new Date(),
): Promise<DeadlineList> {
  const { year, month: m } = parsePeriod(month);
  const today = todayInSaoPaulo(now);
  const range =
    scope === "late"
      ? and(
          lt(tickets.legalDueDate, today),
          notInArray(
            tickets.status,
            TICKET_STATUSES.filter((s) => isClosed(s)),
          ),
        )
      : and(
          gte(tickets.legalDueDate, `${month}-01`),
          lte(tickets.legalDueDate, `${month}-${String(daysInMonth(year, m)).padStart(2, "0")}`),
        );
  const rows = await db
    .select({
      id: tickets.id,
      protocolYear: tickets.protocolYear,
      protocolSeq: tickets.protocolSeq,
      subject: tickets.subject,
      clientId: clients.id,
      clientName: clients.name,
      assigneeId: users.id,
      assigneeName: users.name,
      period: tickets.period,
      legalDueDate: tickets.legalDueDate,
      targetDate: tickets.targetDate,
      status: tickets.status,
    })
    .from(tickets)
    .innerJoin(clients, eq(clients.id, tickets.requesterId))
    .leftJoin(users, eq(users.id, tickets.assigneeId))
    .where(and(eq(tickets.officeId, officeId), sql`${tickets.legalDueDate} is not null`, range))
    .orderBy(asc(tickets.legalDueDate), asc(tickets.id))
    .limit(MAX_ITEMS);
  const items: DeadlineItem[] = rows.map((r) => ({
    id: r.id,
    protocol: formatProtocol(r.protocolYear, r.protocolSeq),
    subject: r.subject,
    client: { id: r.clientId, name: r.clientName },
    assignee: r.assigneeId ? { id: r.assigneeId, name: r.assigneeName ?? "" } : null,
    period: r.period ?? "",
    legalDueDate: r.legalDueDate as string,
    targetDate: r.targetDate ?? (r.legalDueDate as string),
    status: r.status,
    late: !isClosed(r.status as TicketStatus) && (r.legalDueDate as string) < today,
  }));
  return { month, today, items, truncated: rows.length === MAX_ITEMS };
}
