import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { type FinanceSettingsDto, financeSettingsSchema } from "../../../shared/api.js";
import { normalizePixKey, PIX_CITY_MAX, PIX_NAME_MAX, pixText } from "../../../shared/pix.js";
import { invalid } from "../../lib/errors.js";
import { requireAdmin, requireStaff } from "../auth/context.js";
import { presentSettings } from "./presenter.js";
import * as repo from "./repository.js";

const tags = ["financeiro"];

/** Configurações financeiras: recebedor PIX, multa e juros, régua de cobrança. */
export const financeSettingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    "/api/finance/settings",
    { schema: { tags, summary: "Configurações financeiras do escritório" } },
    async (request): Promise<FinanceSettingsDto> => {
      const actor = requireStaff(request);
      return presentSettings(await repo.getFinanceSettings(db, actor.officeId));
    },
  );

  app.put(
    "/api/finance/settings",
    {
      schema: {
        tags,
        summary: "Salvar as configurações financeiras (administradores)",
        body: financeSettingsSchema,
      },
    },
    async (request): Promise<FinanceSettingsDto> => {
      const actor = requireAdmin(request);
      const b = request.body;
      // the BR Code carries these without accents or symbols: something must be left of them
      const fields: Record<string, string> = {};
      if (b.pixMerchantName && !pixText(b.pixMerchantName, PIX_NAME_MAX))
        fields.pixMerchantName = "O nome do recebedor precisa ter letras ou números";
      if (b.pixMerchantCity && !pixText(b.pixMerchantCity, PIX_CITY_MAX))
        fields.pixMerchantCity = "A cidade do recebedor precisa ter letras ou números";
      if (Object.keys(fields).length) throw invalid(fields);
      const row = await repo.saveFinanceSettings(db, actor.officeId, {
        pixKey: b.pixKey ? (normalizePixKey(b.pixKey)?.key ?? null) : null,
        pixMerchantName: b.pixMerchantName,
        pixMerchantCity: b.pixMerchantCity,
        lateFeeBp: b.lateFeeBp,
        monthlyInterestBp: b.monthlyInterestBp,
        remindersEnabled: b.remindersEnabled,
        reminderOffsets: b.reminderOffsets,
      });
      return presentSettings(row);
    },
  );
};
