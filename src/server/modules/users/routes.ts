import { randomBytes } from "node:crypto";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  clientUserLinksSchema,
  idSchema,
  type Option,
  type UserDto,
  userCreateSchema,
  userUpdateSchema,
} from "../../../shared/api.js";
import { crudRoutes } from "../../lib/crud.js";
import { invalid, notFound } from "../../lib/errors.js";
import { assertStrongPassword } from "../../lib/password-strength.js";
import { requireAdmin, requireStaff } from "../auth/context.js";
import { hashPassword, hasPassword, NO_PASSWORD } from "../auth/password.js";
import { deleteUserSessions, replaceRecoveryCodes, setTotpSecret } from "../auth/repository.js";
import * as repo from "./repository.js";

export function presentUser(r: repo.UserRow, clients: Option[] = []): UserDto {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    role: r.role,
    active: r.active,
    createdAt: r.createdAt.toISOString(),
    clients,
    hasPassword: hasPassword(r.passwordHash),
    twoFactorEnabled: r.totpEnabledAt !== null,
  };
}

const LAST_ADMIN = "Este é o último administrador ativo do escritório: promova outro usuário antes.";

const crud = crudRoutes({
  path: "/api/users",
  tag: "usuários",
  label: "Usuário",
  input: userCreateSchema,
  updateInput: userUpdateSchema,
  authorizeRead: requireAdmin,
  authorizeWrite: requireAdmin,
  repo,
  toValues: async (db, actor, input, id) => {
    if (id === actor.userId) {
      // an admin cannot lock themselves out
      if (!input.active) throw invalid({ active: "Você não pode desativar o seu próprio usuário." });
      if (input.role !== "admin")
        throw invalid({ role: "Você não pode remover o seu próprio perfil de administrador." });
    }
    if (id && (!input.active || input.role !== "admin")) {
      // the office always keeps an active admin (even when two admins demote each other at once)
      const admins = await repo.lockActiveAdmins(db, actor.officeId);
      if (admins.includes(id) && admins.length === 1)
        throw invalid(
          input.active ? { role: LAST_ADMIN } : { active: LAST_ADMIN },
          "O escritório precisa de pelo menos um administrador ativo.",
        );
    }
    const { password, ...rest } = input;
    if (password) await assertStrongPassword(password, [input.name, input.email, actor.officeName]);
    if (password) return { ...rest, passwordHash: await hashPassword(password) };
    // a new user without a password cannot log in until they accept an invitation
    return id ? rest : { ...rest, passwordHash: `${NO_PASSWORD}${randomBytes(16).toString("hex")}` };
  },
  afterUpdate: async (db, actor, row, values) => {
    // a deactivated user is signed out everywhere at once
    if (!row.active) await deleteUserSessions(db, row.id);
    // so is a user whose password was changed (an admin changing their own keeps this session)
    else if ("passwordHash" in values)
      await deleteUserSessions(db, row.id, row.id === actor.userId ? actor.sessionId : undefined);
  },
  present: async (db, officeId, rows) => {
    const links = await repo.clientLinks(
      db,
      officeId,
      rows.filter((r) => r.role === "client").map((r) => r.id),
    );
    return rows.map((r) => presentUser(r, links.get(r.id) ?? []));
  },
  uniqueMessages: {
    users_office_email_key: ["email", "Já existe um usuário com este e-mail neste escritório."],
  },
});

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(crud);
  const { db } = app.deps;

  app.put(
    "/api/users/:id/clients",
    {
      schema: {
        tags: ["usuários"],
        summary: "Vincular um usuário do cliente às empresas (clientes) do escritório",
        params: z.object({ id: idSchema }),
        body: clientUserLinksSchema,
      },
    },
    async (request) => {
      const actor = requireAdmin(request);
      const user = await db.transaction(async (tx) => {
        const u = await repo.findById(tx, actor.officeId, request.params.id);
        if (!u) throw notFound("Usuário");
        if (u.role !== "client")
          throw invalid({ clientIds: "Só usuários do cliente são vinculados a clientes." });
        const ids = [...new Set(request.body.clientIds)];
        if ((await repo.countClients(tx, actor.officeId, ids)) !== ids.length)
          throw invalid({ clientIds: "Cliente não encontrado." });
        await repo.setClientLinks(tx, actor.officeId, u.id, ids);
        return u;
      });
      const links = await repo.clientLinks(db, actor.officeId, [user.id]);
      return presentUser(user, links.get(user.id) ?? []);
    },
  );

  app.post(
    "/api/users/:id/2fa/reset",
    {
      schema: {
        tags: ["usuários"],
        summary: "Desativar a verificação em duas etapas de um usuário (perdeu o celular)",
        params: z.object({ id: idSchema }),
        body: z.object({}).nullish(),
      },
    },
    async (request) => {
      const actor = requireAdmin(request);
      const user = await db.transaction(async (tx) => {
        const u = await repo.findById(tx, actor.officeId, request.params.id);
        if (!u) throw notFound("Usuário");
        await setTotpSecret(tx, u.id, null);
        await replaceRecoveryCodes(tx, u.id, []);
        // whoever holds a session of that account signs in again (and sets 2FA up again if required)
        await deleteUserSessions(tx, u.id, u.id === actor.userId ? actor.sessionId : undefined);
        return repo.findById(tx, actor.officeId, u.id);
      });
      if (!user) throw notFound("Usuário");
      const links = await repo.clientLinks(db, actor.officeId, [user.id]);
      return presentUser(user, links.get(user.id) ?? []);
    },
  );

  app.get(
    "/api/users/options",
    { schema: { tags: ["usuários"], summary: "Usuários do escritório que podem ser Responsável" } },
    async (request): Promise<Option[]> => {
      const actor = requireStaff(request);
      return repo.staffOptions(app.deps.db, actor.officeId);
    },
  );
};
