import type { HistoryEvent, TicketDetail, TicketRow } from "../../../shared/api.js";
import { formatCents } from "../../../shared/money.js";
import { STATUS_INFO, type TicketStatus } from "../../../shared/status.js";
import type { Actor } from "../auth/context.js";
import { ticketActions } from "./policy.js";
import { formatProtocol } from "./protocol.js";
import type { EventChange, TicketDetailRow, TicketGridRow } from "./repository.js";

export function presentTicketRow(actor: Actor, r: TicketGridRow): TicketRow {
  return {
    id: r.id,
    protocol: formatProtocol(r.protocolYear, r.protocolSeq),
    requester: { id: r.requesterId, name: r.requesterName },
    subject: r.subject,
    assignee: r.assigneeId && r.assigneeName ? { id: r.assigneeId, name: r.assigneeName } : null,
    service: r.serviceId && r.serviceName ? { id: r.serviceId, name: r.serviceName } : null,
    amountCents: r.amountCents,
    openDebtCents: r.openDebtCents,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
    actions: ticketActions(actor, r),
  };
}

export function presentTicketDetail(actor: Actor, r: TicketDetailRow): TicketDetail {
  return {
    ...presentTicketRow(actor, r),
    description: r.description,
    accountant:
      r.accountantId && r.accountantName
        ? { id: r.accountantId, name: r.accountantName, crc: r.accountantCrc ?? "" }
        : null,
    createdBy: { id: r.createdById, name: r.createdByName ?? "E-mail do cliente" },
  };
}

const FIELD_LABELS: Record<string, string> = {
  requester: "Solicitante",
  service: "Serviço",
  accountant: "Contador",
  assignee: "Responsável",
  subject: "Assunto",
  description: "Descrição",
  amountCents: "Valor do Serviço",
  status: "Status",
  email: "E-mail",
  notice: "Notificação",
  attachment: "Arquivo",
  debt: "Débito",
  obligation: "Obrigação",
  legalDueDate: "Data Legal",
  targetDate: "Data Meta",
  checklist: "Checklist",
};

function display(field: string, v: unknown): string | null {
  if (v === null || v === undefined || v === "") return null;
  if (field === "amountCents" && typeof v === "number") return formatCents(v);
  if (
    (field === "legalDueDate" || field === "targetDate") &&
    typeof v === "string" &&
    /^\d{4}-\d{2}-\d{2}$/.test(v)
  )
    return `${v.slice(8, 10)}/${v.slice(5, 7)}/${v.slice(0, 4)}`;
  if (field === "status" && typeof v === "string" && v in STATUS_INFO)
    return STATUS_INFO[v as TicketStatus].label;
  return String(v);
}

export function presentEvent(e: {
  id: string;
  type: HistoryEvent["type"];
  changes: EventChange[];
  createdAt: Date;
  actorId: string | null;
  actorName: string | null;
}): HistoryEvent {
  return {
    id: e.id,
    type: e.type,
    actor: e.actorId && e.actorName ? { id: e.actorId, name: e.actorName } : null,
    createdAt: e.createdAt.toISOString(),
    changes: e.changes.map((c) => ({
      field: c.field,
      label: FIELD_LABELS[c.field] ?? c.field,
      from: display(c.field, c.from),
      to: display(c.field, c.to),
    })),
  };
}
