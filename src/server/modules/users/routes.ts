import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { type Option, type UserDto, userCreateSchema, userUpdateSchema } from "../../../shared/api.js";
import { crudRoutes } from "../../lib/crud.js";
import { invalid } from "../../lib/errors.js";
import { requireAdmin, requireStaff } from "../auth/context.js";
import { hashPassword } from "../auth/password.js";
import { deleteUserSessions } from "../auth/repository.js";
import * as repo from "./repository.js";

export function presentUser(r: repo.UserRow): UserDto {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    role: r.role,
    active: r.active,
    createdAt: r.createdAt.toISOString(),
  };
}

const crud = crudRoutes({
  path: "/api/users",
  tag: "usuários",
  label: "Usuário",
  input: userCreateSchema,
  updateInput: userUpdateSchema,
  authorizeRead: requireAdmin,
  authorizeWrite: requireAdmin,
  repo,
  toValues: async (_db, actor, input, id) => {
    if (id === actor.userId) {
      // an admin cannot lock themselves out
      if (!input.active) throw invalid({ active: "Você não pode desativar o seu próprio usuário." });
      if (input.role !== "admin")
        throw invalid({ role: "Você não pode remover o seu próprio perfil de administrador." });
    }
    const { password, ...rest } = input;
    return password ? { ...rest, passwordHash: await hashPassword(password) } : rest;
  },
  afterUpdate: async (db, _actor, row) => {
    // a deactivated user is signed out everywhere at once
    if (!row.active) await deleteUserSessions(db, row.id);
  },
  present: async (_db, _officeId, rows) => rows.map(presentUser),
  uniqueMessages: { users_email_key: ["email", "Já existe um usuário com este e-mail."] },
});

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(crud);
  app.get(
    "/api/users/options",
    { schema: { tags: ["usuários"], summary: "Usuários do escritório que podem ser Responsável" } },
    async (request): Promise<Option[]> => {
      const actor = requireStaff(request);
      return repo.staffOptions(app.deps.db, actor.officeId);
    },
  );
};
