import { describe, expect, it } from "vitest";
import { movimentarSchema, paymentSchema, serviceSchema, ticketInputSchema } from "../../shared/api.js";
import { moneyTextError } from "./moneyRule.js";

const payment = paymentSchema.shape.amountCents;
const movimentar = movimentarSchema.shape.amountCents;
const price = serviceSchema.shape.priceCents;
const ticketValue = ticketInputSchema.shape.amountCents;

describe("moneyTextError", () => {
  it("says a negative or zero amount must be above zero where the API wants a positive one", () => {
    for (const schema of [payment, movimentar]) {
      for (const text of ["-10,00", "-1.234,56", "R$ -5", "-R$ 5", "- 0,01", "0", "0,00", "-0"]) {
        expect(moneyTextError(text, schema), text).toBe("O valor deve ser maior que zero");
      }
    }
  });

  it("says a negative amount is not allowed where zero is", () => {
    for (const schema of [price, ticketValue]) {
      expect(moneyTextError("-10,00", schema)).toBe("O valor não pode ser negativo");
      expect(moneyTextError("0,00", schema)).toBeNull();
    }
  });

  it("accepts a well written amount and explains the rest", () => {
    for (const schema of [payment, movimentar, price, ticketValue]) {
      expect(moneyTextError("1.234,56", schema)).toBeNull();
      expect(moneyTextError("R$ 0,01", schema)).toBeNull();
      expect(moneyTextError("", schema)).toBe("Informe o valor");
      expect(moneyTextError("   ", schema)).toBe("Informe o valor");
      expect(moneyTextError(undefined, schema)).toBe("Informe o valor");
      for (const bad of ["abc", "1,234", "--5", "5-", "1.23.4", "1e3"]) {
        expect(moneyTextError(bad, schema), bad).toBe("Valor inválido (use o formato 1.234,56)");
      }
    }
  });
});
