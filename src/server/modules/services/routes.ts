import { type ServiceDto, serviceSchema } from "../../../shared/api.js";
import { crudRoutes } from "../../lib/crud.js";
import { requireStaff } from "../auth/context.js";
import * as repo from "./repository.js";

export function presentService(r: repo.ServiceRow): ServiceDto {
  return { id: r.id, name: r.name, priceCents: r.priceCents, active: r.active };
}

export const serviceRoutes = crudRoutes({
  path: "/api/services",
  tag: "serviços",
  label: "Serviço",
  input: serviceSchema,
  authorizeRead: requireStaff,
  authorizeWrite: requireStaff,
  repo,
  toValues: async (_db, _actor, input) => input,
  present: async (_db, _officeId, rows) => rows.map(presentService),
  uniqueMessages: {},
});
