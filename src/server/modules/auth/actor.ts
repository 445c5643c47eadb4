import type { Executor } from "../../db/client.js";
import type { Actor } from "./context.js";
import * as repo from "./repository.js";

/**
 * The Actor of a session id (the SHA-256 of the cookie token), or null when the session does not
 * exist, has expired or its user was deactivated. Shared by the HTTP hook and the websocket, which
 * calls it again while the socket lives so that a logout or an unlinked company takes effect.
 */
export async function actorFromSession(db: Executor, sessionId: string): Promise<Actor | null> {
  const s = await repo.findSession(db, sessionId);
  if (!s) return null;
  return {
    sessionId: s.sessionId,
    userId: s.userId,
    name: s.name,
    email: s.email,
    role: s.role,
    officeId: s.officeId,
    officeName: s.officeName,
    csrfToken: s.csrfToken,
    lastSeenAt: s.lastSeenAt,
    twoFactorSetupRequired: s.twoFactorSetupRequired,
    // read every time, so unlinking a client user takes effect at once
    clientIds: s.role === "client" ? await repo.clientIdsOfUser(db, s.userId) : [],
  };
}
