import { describe, expect, it } from "vitest";
import { formatCents } from "../../../shared/money.js";
import { type CollectionEmailData, reminderEmail } from "./collection-templates.js";

const base: CollectionEmailData = {
  officeName: "Contabilidade Exemplo",
  clientName: "Padaria Pão Dourado Ltda",
  description: "Honorários de novembro",
  installmentNumber: 1,
  installmentCount: 1,
  dueDate: "2026-11-10",
  amountCents: 50000,
  paidCents: 0,
  daysLate: 0,
  lateFeeCents: 0,
  interestCents: 0,
  totalCents: 50000,
  pix: { payload: "000201", receiverName: "CONTABILIDADE", receiverCity: "SAO PAULO" },
  portalUrl: "http://localhost/portal/financeiro",
};

describe("reminderEmail", () => {
  it("does not call a debt due in some days 'a pagar hoje'", () => {
    const { text, html } = reminderEmail({ ...base, daysUntilDue: 3 });
    expect(text).toContain(
      `Lembramos que o débito abaixo vence em 3 dias (vencimento 10/11/2026). O valor a pagar até o vencimento é ${formatCents(50000)}.`,
    );
    expect(text).not.toContain("a pagar hoje");
    expect(html).not.toContain("a pagar hoje");
  });

  it("asks for today's total on the due date and, with multa and juros, after it", () => {
    expect(reminderEmail({ ...base, daysUntilDue: 0 }).text).toContain(
      `vence hoje (vencimento 10/11/2026). O total a pagar hoje é ${formatCents(50000)}.`,
    );
    const late = { ...base, daysLate: 7, lateFeeCents: 1000, interestCents: 117, totalCents: 51117 };
    expect(reminderEmail({ ...late, daysUntilDue: -7 }).text).toContain(
      `venceu há 7 dias (vencimento 10/11/2026). O total a pagar hoje, com multa e juros, é ${formatCents(51117)}.`,
    );
  });
});
