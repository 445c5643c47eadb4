import type { z } from "zod";
import type { messageCreateSchema } from "../../../shared/api.js";
import type { Db, Tx } from "../../db/client.js";
import { type JobQueue, QUEUES } from "../../jobs/queue.js";
import { forbidden } from "../../lib/errors.js";
import { insertAttachments } from "../attachments/commands.js";
import type { ReceivedFile } from "../attachments/upload.js";
import type { Actor } from "../auth/context.js";
import { authorizeTicket } from "../tickets/policy.js";
import { insertEvent } from "../tickets/repository.js";
import * as repo from "./repository.js";

type MessageInput = z.output<typeof messageCreateSchema>;

/**
 * Posts a chat message: the message, its history event and, for a message from the office that the
 * client will see, one debounced digest job per client user (an offline client gets one e-mail
 * summarising new messages, never one per message). One transaction.
 */
export async function postMessage(
  db: Db,
  jobs: JobQueue,
  digestDelaySeconds: number,
  actor: Actor,
  ticketId: string,
  input: MessageInput,
) {
  return db.transaction((tx) => writeMessage(tx, jobs, digestDelaySeconds, actor, ticketId, input));
}

/**
 * Files sent in the chat, by the office or by a client user (the one way a client sends files): the
 * files (source "chat", each with its history event) and the chat message that announces them, so
 * the other side sees them arrive. One transaction: no file without its message, or the reverse.
 */
export async function sendFilesInChat(
  db: Db,
  jobs: JobQueue,
  digestDelaySeconds: number,
  actor: Actor,
  ticketId: string,
  files: ReceivedFile[],
) {
  return db.transaction(async (tx) => {
    const added = await insertAttachments(tx, actor, ticketId, files, "chat");
    const names = added.rows.map((r) => r.name).join(", ");
    const body = `${added.rows.length > 1 ? "Arquivos enviados" : "Arquivo enviado"}: ${names}`;
    const message = await writeMessage(tx, jobs, digestDelaySeconds, actor, ticketId, {
      body: body.length > 5000 ? `${body.slice(0, 4999)}…` : body,
      internal: false,
    });
    return { ...added, message };
  });
}

async function writeMessage(
  tx: Tx,
  jobs: JobQueue,
  digestDelaySeconds: number,
  actor: Actor,
  ticketId: string,
  input: MessageInput,
) {
  const t = await repo.ticketFacts(tx, actor.officeId, ticketId);
  authorizeTicket(actor, "message", t);
  if (input.internal && actor.role === "client")
    throw forbidden("Somente a equipe do escritório escreve notas internas.");
  const message = await repo.insert(tx, {
    officeId: actor.officeId,
    ticketId,
    authorId: actor.userId,
    body: input.body,
    internal: input.internal,
  });
  await insertEvent(tx, {
    officeId: actor.officeId,
    ticketId,
    actorId: actor.userId,
    type: "message",
    clientVisible: !input.internal,
    changes: [
      {
        field: input.internal ? "internalNote" : "message",
        from: null,
        to: input.body.length > 140 ? `${input.body.slice(0, 140)}…` : input.body,
      },
    ],
  });
  // writing is reading: the author has seen everything up to their own message
  await repo.markRead(tx, ticketId, actor.userId, message.createdAt);
  if (!input.internal && actor.role !== "client") {
    for (const u of await repo.clientUsersOf(tx, actor.officeId, t.requesterId)) {
      await jobs.send(
        tx,
        QUEUES.digest,
        { userId: u.id, ticketId, officeId: actor.officeId },
        {
          singletonKey: `${u.id}:${ticketId}`,
          startAfter: new Date(Date.now() + digestDelaySeconds * 1000),
        },
      );
    }
  }
  return message;
}

export async function markTicketRead(db: Db, actor: Actor, ticketId: string) {
  const t = await repo.ticketFacts(db, actor.officeId, ticketId);
  authorizeTicket(actor, "read", t);
  const at = new Date();
  await repo.markRead(db, ticketId, actor.userId, at);
  return at;
}
