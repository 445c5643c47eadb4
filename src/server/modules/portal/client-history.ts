import type { HistoryEvent } from "../../../shared/api.js";
import { presentEvent } from "../tickets/presenter.js";

type EventRow = Parameters<typeof presentEvent>[0];

/**
 * What a client user may see of an atendimento's history: an allow-list of events and of fields,
 * matching what the portal shows of the atendimento itself (PortalTicket). Values (Valor do
 * Serviço, debts), the Contador, e-mails, notices and internal notes never reach a client user,
 * even if an event was stored as client-visible by mistake. Anything not listed here is left out.
 */
const CLIENT_EVENTS: ReadonlySet<HistoryEvent["type"]> = new Set([
  "created",
  "status_changed",
  "reopened",
  "attachment_added",
  "attachment_removed",
  "message",
]);
const CLIENT_FIELDS: ReadonlySet<string> = new Set([
  "requester",
  "service",
  "assignee",
  "subject",
  "description",
  "status",
  "attachment",
  "message",
]);

/** The one filter of the client-visible history: the events and fields above, presented. */
export function clientHistory(rows: readonly EventRow[]): HistoryEvent[] {
  return rows
    .filter((e) => CLIENT_EVENTS.has(e.type))
    .map((e) => ({ ...e, changes: e.changes.filter((c) => CLIENT_FIELDS.has(c.field)) }))
    .filter((e) => e.changes.length > 0)
    .map(presentEvent);
}
