import type { MessageDto } from "../../../shared/api.js";
import type { Executor } from "../../db/client.js";
import type { Actor } from "../auth/context.js";
import { authorizeTicket } from "../tickets/policy.js";
import { presentMessage } from "./presenter.js";
import * as repo from "./repository.js";

/** May the actor read this atendimento (and so subscribe to it)? Same rule as GET of the record. */
export async function canReadTicket(db: Executor, actor: Actor, ticketId: string): Promise<boolean> {
  const t = await repo.ticketFacts(db, actor.officeId, ticketId);
  try {
    authorizeTicket(actor, "read", t);
    return true;
  } catch {
    return false;
  }
}

/** One message as this actor may see it: null when they may not (internal note to a client user). */
export async function loadMessageForActor(
  db: Executor,
  actor: Actor,
  messageId: string,
): Promise<MessageDto | null> {
  const m = await repo.findById(db, actor.officeId, messageId);
  if (!m) return null;
  if (m.internal && actor.role === "client") return null;
  if (!(await canReadTicket(db, actor, m.ticketId))) return null;
  return presentMessage(m, await repo.lastReadBySide(db, m.ticketId));
}

/** Messages the actor may see, optionally only those after `since` (reconnect recovery). */
export async function listMessagesForActor(db: Executor, actor: Actor, ticketId: string, since?: Date) {
  const rows = await repo.list(db, actor.officeId, ticketId, {
    includeInternal: actor.role !== "client",
    since,
  });
  const lastRead = await repo.lastReadBySide(db, ticketId);
  return rows.map((m) => presentMessage(m, lastRead));
}
