import type { AttachmentActions } from "../../../shared/api.js";
import { isClosed, type TicketStatus } from "../../../shared/status.js";
import { conflict, forbidden } from "../../lib/errors.js";
import type { Actor } from "../auth/context.js";
import { authorizeTicket, isClientMember, type TicketFacts } from "../tickets/policy.js";
import { attachmentNotFound } from "./errors.js";

export type AttachmentAction = "read" | "download" | "delete";

export const clientUploadForbidden = () =>
  forbidden("Para enviar arquivos ao escritório, use o chat do atendimento.");

/** What the policy needs to know about a file and its atendimento. */
export interface AttachmentFacts {
  officeId: string;
  ticketOfficeId: string;
  ticketStatus: TicketStatus;
  ticketRequesterId: string;
  uploadedBy: string | null;
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

/** Where files come from: the Arquivos of the atendimento (office only) or its chat (both sides). */
export type UploadSource = "form" | "chat";

/**
 * Whether the actor may add files to the atendimento, while it is not closed (a closed atendimento
 * changes only through Reabrir). Through the Arquivos ("form"): office staff only; a client user is
 * refused (403) and sends files through the chat, where the office sees them arrive. Through the
 * chat: whoever may read it (the chat message that goes with the files checks "message").
 * Another office's atendimento, or another company's for a client user, is "not found".
 */
export function authorizeUpload(actor: Actor, t: TicketFacts | undefined, source: UploadSource): asserts t {
  if (source === "form" && actor.role === "client") throw clientUploadForbidden();
  authorizeTicket(actor, "read", t);
  if (isClosed(t.status)) {
    throw conflict("invalid_state", "Atendimento encerrado: use Reabrir para anexar arquivos.");
  }
}

/** Whether the actor may list the files of the atendimento. */
export function authorizeList(actor: Actor, t: TicketFacts | undefined): asserts t {
  authorizeTicket(actor, "read", t);
}
