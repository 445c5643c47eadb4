import type { Executor } from "../db/client.js";
import {
  defaultFinanceSettings,
  insertDefaultCategories,
  saveFinanceSettings,
} from "../modules/finance/repository.js";

/**
 * What every office starts with that is not demo data: the debt categories (Honorários, Serviço
 * avulso, Reembolso de taxas), multa 2% and juros 1% a.m., and the régua de cobrança steps. No PIX
 * key and no SMTP: those are the office's own (the onboarding checklist asks for them). E-mail
 * wording is the same for every office (mail/templates.ts). Used by the demo seed, by sign-up and by
 * `npm run office -- create`.
 */
export async function applyOfficeDefaults(tx: Executor, officeId: string) {
  await insertDefaultCategories(tx, officeId);
  // multa, juros and the régua steps (3 days before, 1 and 7 after the due date), no PIX key
  const { officeId: _id, updatedAt: _at, ...settings } = defaultFinanceSettings(officeId);
  await saveFinanceSettings(tx, officeId, settings);
}
