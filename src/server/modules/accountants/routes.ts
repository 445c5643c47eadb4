import { type AccountantDto, accountantSchema } from "../../../shared/api.js";
import { crudRoutes } from "../../lib/crud.js";
import { requireStaff } from "../auth/context.js";
import * as repo from "./repository.js";

export function presentAccountant(r: repo.AccountantRow): AccountantDto {
  return { id: r.id, name: r.name, crc: r.crc, cpf: r.cpf, email: r.email, phone: r.phone, active: r.active };
}

export const accountantRoutes = crudRoutes({
  path: "/api/accountants",
  tag: "contadores",
  label: "Contador",
  input: accountantSchema,
  authorizeRead: requireStaff,
  authorizeWrite: requireStaff,
  repo,
  toValues: async (_db, _actor, input) => input,
  present: async (_db, _officeId, rows) => rows.map(presentAccountant),
  uniqueMessages: {
    accountants_office_crc_key: ["crc", "Já existe um contador com este CRC neste escritório."],
  },
});
