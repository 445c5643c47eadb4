/** The seven statuses of an atendimento and the rules that move between them (DESIGN.md). */
export const TICKET_STATUSES = [
  "open",
  "reopened",
  "analysing",
  "waiting",
  "cancelled",
  "rejected",
  "finished",
] as const;

export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type StatusCategory = "open" | "in_progress" | "pending" | "closed";

export const STATUS_INFO: Record<TicketStatus, { label: string; category: StatusCategory; color: string }> = {
  open: { label: "Aberto", category: "open", color: "blue" },
  reopened: { label: "Reaberto", category: "open", color: "geekblue" },
  analysing: { label: "Analisando", category: "in_progress", color: "gold" },
  waiting: { label: "Aguardando", category: "pending", color: "orange" },
  cancelled: { label: "Cancelado", category: "closed", color: "default" },
  rejected: { label: "Rejeitado", category: "closed", color: "red" },
  finished: { label: "Finalizado", category: "closed", color: "green" },
};

export function statusLabel(status: TicketStatus): string {
  return STATUS_INFO[status].label;
}

export function isClosed(status: TicketStatus): boolean {
  return STATUS_INFO[status].category === "closed";
}

/**
 * Statuses reachable through the status button. A closed atendimento changes only through
 * Reabrir; an open one may go to any other status.
 */
export function allowedStatusTargets(from: TicketStatus): TicketStatus[] {
  if (isClosed(from)) return [];
  return TICKET_STATUSES.filter((s) => s !== from);
}

export function canChangeStatus(from: TicketStatus, to: TicketStatus): boolean {
  return allowedStatusTargets(from).includes(to);
}

export function canReopen(from: TicketStatus): boolean {
  return isClosed(from);
}
