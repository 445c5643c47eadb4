import type { FastifyRequest } from "fastify";
import type { Role } from "../../../shared/api.js";
import { forbidden, unauthenticated } from "../../lib/errors.js";

/** Who is calling: set by the session hook for every request with a valid session cookie. */
export interface Actor {
  sessionId: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  officeId: string;
  officeName: string;
  csrfToken: string;
  lastSeenAt: Date;
  /** the office requires 2FA and this person has not turned it on: only the account routes answer */
  twoFactorSetupRequired: boolean;
  /** client users: the client companies they are linked to (empty for office staff) */
  clientIds: string[];
}

declare module "fastify" {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthenticated();
  return request.actor;
}

/** Office staff (admin or staff): every back-office route. */
export function requireStaff(request: FastifyRequest): Actor {
  const actor = requireActor(request);
  if (actor.role === "client") throw forbidden();
  return actor;
}

export function requireAdmin(request: FastifyRequest): Actor {
  const actor = requireActor(request);
  if (actor.role !== "admin") throw forbidden("Somente administradores do escritório podem fazer isto.");
  return actor;
}

/** A client user (portal routes). */
export function requireClientUser(request: FastifyRequest): Actor {
  const actor = requireActor(request);
  if (actor.role !== "client") throw forbidden("O portal é para os usuários dos clientes do escritório.");
  return actor;
}
