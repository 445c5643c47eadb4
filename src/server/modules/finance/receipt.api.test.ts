import { eq } from "drizzle-orm";
import { PDFParse } from "pdf-parse";
import { describe, expect, it } from "vitest";
import { formatCNPJ } from "../../../shared/documents.js";
import { todayInSaoPaulo } from "../../../shared/finance.js";
import { clients, offices } from "../../db/schema/index.js";
import { createClientUser, seedDebt, seedFinanceSettings, seedPayment } from "../../test/finance-fixtures.js";
import {
  createOffice,
  createRegistry,
  expectError,
  type Session,
  uniqueCnpj,
  useTestApp,
} from "../../test/harness.js";
import { longDateBR } from "./receipt.js";

const ctx = useTestApp();
const db = () => ctx.database.db;

/** The PDF's text with its line breaks and non-breaking spaces as plain spaces. */
async function pdfText(body: Buffer): Promise<string> {
  const { text } = await new PDFParse({ data: new Uint8Array(body) }).getText();
  return text.replace(/[\s\u00a0]+/g, " ");
}

async function setup() {
  const office = await createOffice(ctx, "Contabilidade Conceição Ltda");
  await db().update(offices).set({ document: "11222333000181" }).where(eq(offices.id, office.office.id));
  await seedFinanceSettings(db(), office.office.id, { pixMerchantCity: "São Paulo" });
  const reg = await createRegistry(office.staff);
  return { ...office, reg };
}

describe("GET /api/finance/debts/:id/receipt (recibo de quitação)", () => {
  it("is a PDF recibo de quitação with the amount in words and every payment with its receipt number", async () => {
    const s = await setup();
    const debt = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      amountCents: 120000,
      dueDate: "2026-10-10",
      description: "Honorários de outubro",
      installmentNumber: 2,
      installmentCount: 3,
    });
    // a reversed payment (receipt 1) is not listed; 500,00 by transfer, then the rest late by PIX
    await seedPayment(db(), { debtId: debt.id, principalCents: 30000, paidOn: "2026-10-01", reversed: true });
    await seedPayment(db(), {
      debtId: debt.id,
      principalCents: 50000,
      paidOn: "2026-10-05",
      method: "transfer",
    });
    const settling = await seedPayment(db(), {
      debtId: debt.id,
      principalCents: 70000,
      lateFeeCents: 1400,
      interestCents: 1056,
      paidOn: "2026-11-28",
      method: "pix",
    });
    expect(settling.receiptSeq).toBe(3);

    const res = await s.staff.get(`/api/finance/debts/${debt.id}/receipt`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["content-disposition"]).toBe('attachment; filename="recibo-quitacao-2026-000003.pdf"');
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const text = await pdfText(res.rawPayload);
    expect(text).toContain("RECIBO DE QUITAÇÃO");
    expect(text).toContain("Contabilidade Conceição Ltda");
    expect(text).toContain("CNPJ 11.222.333/0001-81");
    // 500,00 + 700,00 + 14,00 + 10,56 = 1.224,56
    expect(text).toContain(
      "Recebemos de Padaria Pão Dourado Ltda (CNPJ " +
        `${(await clientDocument(s.reg.client.id)).formatted}) a importância de R$ 1.224,56 ` +
        "(mil duzentos e vinte e quatro reais e cinquenta e seis centavos) referente a Honorários de outubro (parcela 2/3), dando plena quitação deste débito.",
    );
    expect(text).toContain("2026/000002 05/10/2026 Transferência R$ 500,00 R$ 0,00 R$ 0,00 R$ 500,00");
    expect(text).toContain("2026/000003 28/11/2026 PIX R$ 700,00 R$ 14,00 R$ 10,56 R$ 724,56");
    expect(text).not.toContain("01/10/2026");
    expect(text).not.toContain("2026/000001");
    expect(text).not.toContain("R$ 300,00");
    expect(text).toContain("São Paulo, 28 de novembro de 2026.");
  });

  it("writes CPF for a person and leaves out a missing office CNPJ", async () => {
    const office = await createOffice(ctx, "Escritório Pequeno");
    const person = (
      await office.staff.post("/api/clients", {
        name: "José da Silva",
        document: "529.982.247-25",
        emails: [],
      })
    ).json() as { id: string };
    const debt = await seedDebt(db(), {
      officeId: office.office.id,
      clientId: person.id,
      amountCents: 1,
      dueDate: "2026-03-01",
      description: "Taxa avulsa",
    });
    await seedPayment(db(), { debtId: debt.id, principalCents: 1, paidOn: "2026-03-01", method: "cash" });
    const res = await office.admin.get(`/api/finance/debts/${debt.id}/receipt`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-disposition"]).toBe('attachment; filename="recibo-quitacao-2026-000001.pdf"');
    const text = await pdfText(res.rawPayload);
    expect(text).toContain(
      "Recebemos de José da Silva (CPF 529.982.247-25) a importância de R$ 0,01 (um centavo) referente a Taxa avulsa, dando plena quitação deste débito.",
    );
    expect(text).not.toContain("CNPJ");
    expect(text).not.toContain("parcela");
    expect(text).toContain("01/03/2026 Dinheiro");
    // no PIX city saved: the office's São Paulo
    expect(text).toContain("São Paulo, 1 de março de 2026.");
  });

  it("is for staff and the client users of the debt's company, once the debt is paid", async () => {
    const s = await setup();
    const other = (
      await s.staff.post("/api/clients", { name: "Outra Empresa Ltda", document: uniqueCnpj(), emails: [] })
    ).json() as { id: string };
    const paid = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      amountCents: 5000,
      dueDate: todayInSaoPaulo(),
    });
    await seedPayment(db(), { debtId: paid.id, principalCents: 5000, paidOn: todayInSaoPaulo() });
    const member = await createClientUser(ctx, s.admin, [s.reg.client.id]);
    const stranger = await createClientUser(ctx, s.admin, [other.id]);
    const otherOffice = await createOffice(ctx);

    const mine = await member.session.get(`/api/finance/debts/${paid.id}/receipt`);
    expect(mine.statusCode).toBe(200);
    expect(mine.headers["content-type"]).toBe("application/pdf");
    expectError(await stranger.session.get(`/api/finance/debts/${paid.id}/receipt`), 404, "not_found");
    expectError(await otherOffice.staff.get(`/api/finance/debts/${paid.id}/receipt`), 404, "not_found");
    expect(
      (await ctx.app.inject({ method: "GET", url: `/api/finance/debts/${paid.id}/receipt` })).statusCode,
    ).toBe(401);

    const open = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      amountCents: 5000,
      dueDate: todayInSaoPaulo(),
    });
    await seedPayment(db(), { debtId: open.id, principalCents: 1000, paidOn: todayInSaoPaulo() });
    for (const who of [s.staff, member.session]) {
      const e = expectError(await who.get(`/api/finance/debts/${open.id}/receipt`), 409, "invalid_state");
      expect(e.message).toBe(
        "O recibo de quitação fica disponível quando o débito estiver pago; cada pagamento tem o seu recibo.",
      );
    }
    const cancelled = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      amountCents: 5000,
      dueDate: todayInSaoPaulo(),
      state: "cancelled",
    });
    expectError(await s.staff.get(`/api/finance/debts/${cancelled.id}/receipt`), 409, "invalid_state");
    expectError(await s.staff.get("/api/finance/debts/123/receipt"), 400, "validation_failed");
  });
});

describe("GET /api/finance/debts/:id/payments/:paymentId/receipt (recibo de cada pagamento)", () => {
  const receiptOf = (who: Session, debtId: string, paymentId: string) =>
    who.get(`/api/finance/debts/${debtId}/payments/${paymentId}/receipt`);

  it("gives a partial payment its own recibo with the balance after it; a later estorno stamps it and is noted on the next", async () => {
    const s = await setup();
    const debt = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      amountCents: 120000,
      dueDate: "2026-10-10",
      description: "Honorários de outubro",
      installmentNumber: 2,
      installmentCount: 3,
    });
    const partial = await seedPayment(db(), {
      debtId: debt.id,
      principalCents: 50000,
      paidOn: "2026-10-05",
      method: "transfer",
    });
    const client = `Recebemos de Padaria Pão Dourado Ltda (CNPJ ${(await clientDocument(s.reg.client.id)).formatted})`;

    // the debt is still open (partially paid): its partial payment's recibo is there all the same
    const res = await receiptOf(s.staff, debt.id, partial.id);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["content-disposition"]).toBe('attachment; filename="recibo-2026-000001.pdf"');
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    let text = await pdfText(res.rawPayload);
    expect(text).toContain("RECIBO Nº 2026/000001");
    expect(text).toContain("Valor: R$ 500,00");
    expect(text).toContain(
      `${client} a importância de R$ 500,00 (quinhentos reais) referente ao pagamento parcial de Honorários de outubro (parcela 2/3), com vencimento em 10/10/2026.`,
    );
    expect(text).toContain("05/10/2026 Transferência R$ 500,00 R$ 0,00 R$ 0,00 R$ 500,00");
    expect(text).toContain("Valor do débito: R$ 1.200,00");
    expect(text).toContain("Pago antes deste recibo: R$ 0,00");
    expect(text).toContain("Saldo após este pagamento: R$ 700,00");
    expect(text).not.toContain("quitado");
    expect(text).not.toContain("ESTORNADO");
    expect(text).toContain("São Paulo, 5 de outubro de 2026.");

    // the rest, late, by PIX: that recibo settles the debt
    const settling = await seedPayment(db(), {
      debtId: debt.id,
      principalCents: 70000,
      lateFeeCents: 1400,
      interestCents: 1056,
      paidOn: "2026-11-28",
      method: "pix",
    });
    text = await pdfText((await receiptOf(s.staff, debt.id, settling.id)).rawPayload);
    expect(text).toContain("RECIBO Nº 2026/000002");
    expect(text).toContain(
      `${client} a importância de R$ 724,56 (setecentos e vinte e quatro reais e cinquenta e seis centavos) referente à quitação de Honorários de outubro (parcela 2/3), com vencimento em 10/10/2026.`,
    );
    expect(text).toContain("28/11/2026 PIX R$ 700,00 R$ 14,00 R$ 10,56 R$ 724,56");
    expect(text).toContain("Pago antes deste recibo: R$ 500,00");
    expect(text).toContain("Principal pago neste recibo: R$ 700,00");
    expect(text).toContain("Saldo após este pagamento: R$ 0,00 (débito quitado)");

    // the transfer comes back: its recibo is stamped ESTORNADO, the debt is open again
    const reversed = await s.staff.post(`/api/finance/payments/${partial.id}/reversal`, {
      reason: "Transferência devolvida",
    });
    expect(reversed.statusCode).toBe(200);
    const reversedOn = todayInSaoPaulo();
    const [y, m, d] = reversedOn.split("-");
    text = await pdfText((await receiptOf(s.staff, debt.id, partial.id)).rawPayload);
    expect(text).toContain("RECIBO Nº 2026/000001");
    expect(text).toContain(`ESTORNADO em ${d}/${m}/${y}`);
    expect(text).toContain(
      "Motivo: Transferência devolvida. Este pagamento foi estornado: este recibo não tem validade.",
    );
    // as it was issued
    expect(text).toContain("Saldo após este pagamento: R$ 700,00");
    // the settling recibo reads as it was issued, with a note that the payment before it was reversed
    text = await pdfText((await receiptOf(s.staff, debt.id, settling.id)).rawPayload);
    expect(text).not.toContain("ESTORNADO");
    expect(text).toContain("Pago antes deste recibo: R$ 500,00");
    expect(text).toContain(
      `Atenção: o pagamento do recibo nº 2026/000001, considerado neste saldo, foi estornado em ${d}/${m}/${y}.`,
    );
    // and the quitação is gone until the debt is paid again
    expectError(await s.staff.get(`/api/finance/debts/${debt.id}/receipt`), 409, "invalid_state");
  });

  it("is for staff and the client users of the debt's company; a payment of another debt is not found", async () => {
    const s = await setup();
    const other = (
      await s.staff.post("/api/clients", { name: "Outra Empresa Ltda", document: uniqueCnpj(), emails: [] })
    ).json() as { id: string };
    const debt = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      amountCents: 5000,
      dueDate: todayInSaoPaulo(),
    });
    const payment = await seedPayment(db(), {
      debtId: debt.id,
      principalCents: 1000,
      paidOn: todayInSaoPaulo(),
    });
    const otherDebt = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: other.id,
      amountCents: 5000,
      dueDate: todayInSaoPaulo(),
    });
    const otherPayment = await seedPayment(db(), {
      debtId: otherDebt.id,
      principalCents: 1000,
      paidOn: todayInSaoPaulo(),
    });
    const member = await createClientUser(ctx, s.admin, [s.reg.client.id]);
    const stranger = await createClientUser(ctx, s.admin, [other.id]);
    const otherOffice = await createOffice(ctx);

    for (const who of [s.staff, s.admin, member.session]) {
      const res = await receiptOf(who, debt.id, payment.id);
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toBe("application/pdf");
    }
    expectError(await receiptOf(stranger.session, debt.id, payment.id), 404, "not_found");
    expectError(await receiptOf(otherOffice.staff, debt.id, payment.id), 404, "not_found");
    // a payment of another debt (another company's) through this debt's address
    for (const who of [s.staff, member.session]) {
      const e = expectError(await receiptOf(who, debt.id, otherPayment.id), 404, "not_found");
      expect(e.message).toContain("Pagamento");
    }
    expect(
      (
        await ctx.app.inject({
          method: "GET",
          url: `/api/finance/debts/${debt.id}/payments/${payment.id}/receipt`,
        })
      ).statusCode,
    ).toBe(401);
    expectError(await receiptOf(s.staff, debt.id, "123"), 400, "validation_failed");
  });
});

describe("longDateBR", () => {
  it("writes the date in full", () => {
    expect(longDateBR("2026-11-28")).toBe("28 de novembro de 2026");
    expect(longDateBR("2026-03-01")).toBe("1 de março de 2026");
  });
});

async function clientDocument(clientId: string) {
  const [row] = await db()
    .select({ document: clients.document })
    .from(clients)
    .where(eq(clients.id, clientId));
  return { formatted: formatCNPJ(row?.document ?? "") };
}
