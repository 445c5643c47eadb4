import type { Db, Executor } from "../../db/client.js";
import type { Actor } from "../auth/context.js";
import * as ticketsRepo from "../tickets/repository.js";
import { authorizeAttachment, authorizeUpload, type UploadSource } from "./policy.js";
import * as repo from "./repository.js";
import type { ReceivedFile } from "./upload.js";

/**
 * Adds the files of one upload (already in the blob store) to an atendimento: one transaction with
 * every row and an "attachment_added" history event per file. All or nothing.
 */
export async function addAttachments(db: Db, actor: Actor, ticketId: string, files: ReceivedFile[]) {
  return db.transaction((tx) => insertAttachments(tx, actor, ticketId, files, "form"));
}

/**
 * The rows and history events of the files, inside the caller's transaction: "form" is the office's
 * Arquivos (staff only), "chat" the files sent in the chat (see messages' sendFilesInChat).
 */
export async function insertAttachments(
  tx: Executor,
  actor: Actor,
  ticketId: string,
  files: ReceivedFile[],
  source: UploadSource,
) {
  // FOR SHARE: uploads run side by side, a status change (Finalizar...) waits for them
  const ticket = await repo.findTicketFacts(tx, actor.officeId, ticketId, true);
  authorizeUpload(actor, ticket, source);
  const start = Date.now();
  const rows: repo.AttachmentRecord[] = [];
  for (const [i, f] of files.entries()) {
    // one millisecond apart, so the list and the history keep the order the files were sent in
    const at = new Date(start + i);
    const row = await repo.insert(tx, {
      officeId: actor.officeId,
      ticketId,
      sha256: f.sha256,
      sizeBytes: f.sizeBytes,
      name: f.name,
      mime: f.mime,
      source,
      uploadedBy: actor.userId,
      createdAt: at,
    });
    await ticketsRepo.insertEvent(tx, {
      officeId: actor.officeId,
      ticketId,
      actorId: actor.userId,
      type: "attachment_added",
      clientVisible: true,
      changes: [{ field: "attachment", from: null, to: f.name }],
      createdAt: at,
    });
    rows.push(row);
  }
  return { ticketStatus: ticket.status, ticketRequesterId: ticket.requesterId, rows };
}

/** Removes a file (soft delete: the row and the blob stay) and writes "attachment_removed". */
export async function removeAttachment(db: Db, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const found = await repo.findById(tx, actor.officeId, id, true);
    authorizeAttachment(actor, "read", found);
    // hold the atendimento's status still, then decide on the current one
    const ticket = await repo.findTicketFacts(tx, actor.officeId, found.ticketId, true);
    const current = ticket
      ? { ...found, ticketStatus: ticket.status, ticketRequesterId: ticket.requesterId }
      : undefined;
    authorizeAttachment(actor, "delete", current);
    const now = new Date();
    await repo.softDelete(tx, actor.officeId, id, actor.userId, now);
    await ticketsRepo.insertEvent(tx, {
      officeId: actor.officeId,
      ticketId: found.ticketId,
      actorId: actor.userId,
      type: "attachment_removed",
      clientVisible: true,
      changes: [{ field: "attachment", from: found.name, to: null }],
      createdAt: now,
    });
  });
}
