import { type ClientDto, clientSchema } from "../../../shared/api.js";
import type { TaxRegime } from "../../../shared/brazil.js";
import { crudRoutes } from "../../lib/crud.js";
import { invalid } from "../../lib/errors.js";
import { requireStaff } from "../auth/context.js";
import { failingAmong } from "../inbound/repository.js";
import * as repo from "./repository.js";

export const clientRoutes = crudRoutes({
  path: "/api/clients",
  tag: "clientes",
  label: "Cliente",
  input: clientSchema,
  authorizeRead: requireStaff,
  authorizeWrite: requireStaff,
  repo,
  toValues: async (db, actor, input) => {
    if (input.defaultAccountantId) {
      const [acc] = await repo.accountantsByIds(db, actor.officeId, [input.defaultAccountantId]);
      if (!acc) throw invalid({ defaultAccountantId: "Contador não encontrado." });
    }
    // the same e-mail twice is one e-mail
    return { ...input, emails: [...new Set(input.emails)] };
  },
  present: async (db, officeId, rows) => {
    const accIds = [...new Set(rows.map((r) => r.defaultAccountantId).filter((x): x is string => !!x))];
    const accs = new Map((await repo.accountantsByIds(db, officeId, accIds)).map((a) => [a.id, a]));
    // addresses whose e-mails bounced (inbound DSN): shown on the client's record
    const failing = await failingAmong(
      db,
      officeId,
      rows.flatMap((r) => r.emails),
    );
    return rows.map((r): ClientDto => {
      const acc = r.defaultAccountantId ? accs.get(r.defaultAccountantId) : undefined;
      return {
        id: r.id,
        name: r.name,
        tradeName: r.tradeName,
        document: r.document,
        documentType: r.document.length === 11 ? "cpf" : "cnpj",
        emails: r.emails,
        failingEmails: r.emails.flatMap((e) => {
          const f = failing.get(e.toLowerCase());
          return f ? [{ address: e, reason: f.reason, failedAt: f.failedAt.toISOString() }] : [];
        }),
        phone: r.phone,
        defaultAccountant: acc ? { id: acc.id, name: acc.name, crc: acc.crc } : null,
        taxRegime: (r.taxRegime as TaxRegime | null) ?? null,
        uf: r.uf,
        cityIbgeCode: r.cityIbgeCode,
        cityName: r.cityName,
        active: r.active,
      };
    });
  },
  uniqueMessages: {
    clients_office_document_key: ["document", "Já existe um cliente com este CNPJ/CPF neste escritório."],
  },
});
