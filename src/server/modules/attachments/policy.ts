import type { AttachmentActions } from "../../../shared/api.js";
import { isClosed, type TicketStatus } from "../../../shared/status.js";
import { conflict } from "../../lib/errors.js";
import type { Actor } from "../auth/context.js";
import { authorizeTicket, isClientMember, type TicketFacts } from "../tickets/policy.js";
import { attachmentNotFound } from "./errors.js";

export type AttachmentAction = "read" | "download" | "delete";

/** What the policy needs to know about a file and its atendimento. */
export interface AttachmentFacts {
  officeId: string;
  ticketOfficeId: string;
  ticketStatus: TicketStatus;
  ticketRequesterId: string;
  uploadedBy: string;
  deletedAt: Date | null;
}

/**
 * Whether the actor may see the file at all. Staff see the files of their office's atendimentos;
 * client users only those of their own companies' atendimentos.
 */
function canSee(actor: Actor, a: AttachmentFacts): boolean {
  if (a.deletedAt) return false;
  if (a.officeId !== actor.officeId || a.ticketOfficeId !== actor.officeId) return false;
  if (actor.role === "client")
    return isClientMember(actor, { officeId: a.ticketOfficeId, requesterId: a.ticketRequesterId });
  return actor.role === "admin" || actor.role === "staff";
}

/** The actions the UI may offer on a file (the same rules authorizeAttachment enforces). */
export function attachmentActions(actor: Actor, a: AttachmentFacts): AttachmentActions {
  // removing a file is the office's decision
  return { delete: actor.role !== "client" && canSee(actor, a) && !isClosed(a.ticketStatus) };
}

/**
 * The one policy for files. Throws unless the actor may do the action; a file the actor may not
 * see (another office's, a removed one, any for a client user) is "Arquivo não encontrado.",
 * never revealing that it exists.
 */
export function authorizeAttachment(
  actor: Actor,
  action: AttachmentAction,
  a: AttachmentFacts | undefined,
): asserts a {
  if (!a || !canSee(actor, a)) throw attachmentNotFound();
  if (action === "delete" && actor.role === "client") throw attachmentNotFound();
  if (action === "delete" && !attachmentActions(actor, a).delete) {
    throw conflict("invalid_state", "Atendimento encerrado: use Reabrir para remover arquivos.");
  }
}

/**
 * Whether the actor may add files to the atendimento: staff of its office, while it is not closed
 * (a closed atendimento changes only through Reabrir). Another office's is "not found".
 */
export function authorizeUpload(actor: Actor, t: TicketFacts | undefined): asserts t {
  authorizeTicket(actor, "read", t);
  if (isClosed(t.status)) {
    throw conflict("invalid_state", "Atendimento encerrado: use Reabrir para anexar arquivos.");
  }
}

/** Whether the actor may list the files of the atendimento. */
export function authorizeList(actor: Actor, t: TicketFacts | undefined): asserts t {
  authorizeTicket(actor, "read", t);
}
