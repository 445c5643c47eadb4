import type { Readable } from "node:stream";
import type { Db } from "../../db/client.js";
import { conflict, invalid, notFound } from "../../lib/errors.js";
import type { Actor } from "../auth/context.js";
import { parseInbound } from "./parse.js";
import { type InboundDeps, openTicketFromEmail, storeFilesOf } from "./process.js";
import * as repo from "./repository.js";

const PENDING = new Set(["triage", "too_large"]);

async function readAll(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Caixa de entrada › Vincular: the message becomes an atendimento Aberto of the chosen client (of the
 * actor's office), with its text and files; the message is "linked". Once: a second link, or a link
 * after a discard, is a 409.
 */
export async function linkInbound(d: InboundDeps, actor: Actor, id: string, clientId: string) {
  const found = await repo.findInbound(d.db, actor.officeId, id);
  if (!found) throw notFound("E-mail");
  // the files of the original, by the same rules as when it arrived (parsed outside the transaction)
  let parsed: Awaited<ReturnType<typeof parseInbound>> | null = null;
  if (found.rawSha256 && found.status === "triage") {
    try {
      parsed = await parseInbound(await readAll(await d.blobStore.open(found.rawSha256)));
    } catch {
      parsed = null;
    }
  }
  const files = parsed ? await storeFilesOf(d, parsed) : { ok: [], refused: [] };
  return d.db.transaction(async (tx) => {
    const row = await repo.findInbound(tx, actor.officeId, id, true);
    if (!row) throw notFound("E-mail");
    if (!PENDING.has(row.status)) throw conflict("invalid_state", "Este e-mail já foi tratado.");
    const client = await repo.clientOfOffice(tx, actor.officeId, clientId);
    if (!client?.active) throw invalid({ clientId: "Cliente não encontrado ou inativo." });
    const created = await openTicketFromEmail(
      tx,
      d,
      actor.officeId,
      client.id,
      {
        subject: row.subject,
        visibleText: row.visibleText || (row.status === "too_large" ? (row.note ?? "") : ""),
        fullText: row.fullText,
        fromAddress: row.fromAddress,
      },
      files.ok,
      false,
      actor.userId,
    );
    await repo.updateInbound(tx, actor.officeId, id, {
      status: "linked",
      ticketId: created.ticketId,
      clientId: client.id,
      handledBy: actor.userId,
      handledAt: new Date(),
    });
    return created;
  });
}

export async function discardInbound(db: Db, actor: Actor, id: string) {
  return db.transaction(async (tx) => {
    const row = await repo.findInbound(tx, actor.officeId, id, true);
    if (!row) throw notFound("E-mail");
    if (!PENDING.has(row.status)) throw conflict("invalid_state", "Este e-mail já foi tratado.");
    await repo.updateInbound(tx, actor.officeId, id, {
      status: "discarded",
      handledBy: actor.userId,
      handledAt: new Date(),
    });
  });
}
