/**
 * What a money field says about the text typed in it. The text is read as pt-BR centavos (a minus
 * sign included, so "-10,00" is a negative amount, not a badly written one) and checked against the
 * field's schema shared with the API, so the form shows the server's own words: "O valor deve ser
 * maior que zero" for Baixa and Movimentar, "O valor não pode ser negativo" for a service price.
 */
import type { ZodType } from "zod";
import { parseSignedBRL } from "../../shared/money.js";

/** The pt-BR message for the field's text, or null when it is a valid amount for the schema. */
export function moneyTextError(text: unknown, schema: ZodType): string | null {
  if (typeof text !== "string" || text.trim() === "") return "Informe o valor";
  const cents = parseSignedBRL(text);
  if (cents === null) return "Valor inválido (use o formato 1.234,56)";
  const result = schema.safeParse(cents);
  return result.success ? null : (result.error.issues[0]?.message ?? "Valor inválido");
}

/** An antd rule for a MoneyInput whose centavos go to `schema` (one field of a shared schema). */
export const moneyRule = (schema: ZodType) => ({
  validator: async (_rule: unknown, value: unknown) => {
    const error = moneyTextError(value, schema);
    if (error) throw new Error(error);
  },
});
