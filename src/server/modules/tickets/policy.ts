import type { TicketActions } from "../../../shared/api.js";
import { allowedStatusTargets, isClosed, type TicketStatus } from "../../../shared/status.js";
import { conflict, notFound } from "../../lib/errors.js";
import type { Actor } from "../auth/context.js";

export type TicketAction = "read" | "edit" | "reopen" | "notify" | "message" | "move" | "changeStatus";

/** What the policy needs to know about an atendimento. */
export interface TicketFacts {
  officeId: string;
  status: TicketStatus;
  touchedAt: Date | null;
  /** the Solicitante (client company) */
  requesterId: string;
  /** the client has at least one linked client user to talk to (the Mensagem option) */
  requesterHasUsers?: boolean;
}

/** A client user sees only the atendimentos of the companies they are linked to. */
export function isClientMember(actor: Actor, t: { officeId: string; requesterId: string }): boolean {
  return actor.role === "client" && actor.officeId === t.officeId && actor.clientIds.includes(t.requesterId);
}

/**
 * The one policy for atendimentos. The API sends its answer with every record so the UI enables
 * the same buttons the server allows (this is how Notificar turns grey).
 */
export function ticketActions(actor: Actor, t: TicketFacts): TicketActions {
  const staff = actor.role !== "client" && actor.officeId === t.officeId;
  const closed = isClosed(t.status);
  return {
    edit: staff && !closed,
    reopen: staff && closed,
    // only while the atendimento is new: never edited and no movement (status change) yet
    notify: staff && t.status === "open" && t.touchedAt === null,
    // the chat needs a user linked to the client (Usuários › vincular ao cliente)
    message: staff && t.requesterHasUsers === true,
    // Movimentar: post the value as the client's debt (not for a cancelled or rejected atendimento)
    move: staff && t.status !== "cancelled" && t.status !== "rejected",
    changeStatus: staff ? allowedStatusTargets(t.status) : [],
  };
}

/**
 * Throws unless the actor may do the action; another office's record — or, for a client user,
 * another company's — is "not found". Client users may read their companies' atendimentos and talk
 * in their chat ("message"); nothing else.
 */
export function authorizeTicket(actor: Actor, action: TicketAction, t: TicketFacts | undefined): asserts t {
  if (!t || t.officeId !== actor.officeId) throw notFound("Atendimento");
  if (actor.role === "client") {
    if (!isClientMember(actor, t)) throw notFound("Atendimento");
    if (action === "read" || action === "message") return;
    throw notFound("Atendimento");
  }
  if (action === "read") return;
  const actions = ticketActions(actor, t);
  const allowed = action === "changeStatus" ? actions.changeStatus.length > 0 : actions[action];
  if (!allowed) {
    const closed = isClosed(t.status);
    const msg =
      closed && (action === "edit" || action === "changeStatus")
        ? "Atendimento encerrado: use Reabrir para alterá-lo."
        : action === "reopen"
          ? "Só é possível reabrir um atendimento cancelado, rejeitado ou finalizado."
          : "Esta ação não está disponível para este atendimento.";
    throw conflict("invalid_state", msg);
  }
}
