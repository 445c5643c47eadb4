import { and, eq, sql } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CollectionResult, PixCharge } from "../../../shared/api.js";
import { addDays, amountDue, formatIsoDateBR, todayInSaoPaulo } from "../../../shared/finance.js";
import { formatCents } from "../../../shared/money.js";
import { hasValidCrc, parseTlv, pixAmount } from "../../../shared/pix.js";
import { debtEvents, emails } from "../../db/schema/index.js";
import {
  configureSmtp,
  createClientUser,
  decodeQrPng,
  pngOfDataUrl,
  seedDebt,
  seedFinanceSettings,
  seedPayment,
} from "../../test/finance-fixtures.js";
import {
  createOffice,
  createRegistry,
  createTicket,
  expectError,
  uniqueCnpj,
  useTestApp,
} from "../../test/harness.js";
import { TestSmtp, waitFor } from "../../test/smtp.js";

const ctx = useTestApp({ publicUrl: "https://atende.exemplo.com.br" });
const smtp = new TestSmtp();
let smtpPort = 0;
beforeAll(async () => {
  smtpPort = await smtp.start();
});
afterAll(() => smtp.stop());

const db = () => ctx.database.db;
const today = () => todayInSaoPaulo();

async function setup(opts: { pix?: boolean } = {}) {
  const office = await createOffice(ctx, "Contabilidade Conceição & Filhos");
  await configureSmtp(office.admin, smtpPort);
  if (opts.pix !== false) await seedFinanceSettings(db(), office.office.id);
  const reg = await createRegistry(office.staff);
  return { ...office, reg };
}

const fieldOf = (payload: string, id: string) => parseTlv(payload).find((f) => f.id === id)?.value;

async function messageIdOf(emailId: string) {
  const [row] = await db().select({ messageId: emails.messageId }).from(emails).where(eq(emails.id, emailId));
  return row?.messageId ?? "";
}

describe("GET /api/finance/debts/:id/pix", () => {
  it("gives the PIX code of the balance, with the debt's txid, and a QR code that reads back to it", async () => {
    const s = await setup();
    const debt = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      amountCents: 123456,
      dueDate: addDays(today(), 10),
    });
    const res = await s.staff.get(`/api/finance/debts/${debt.id}/pix`);
    expect(res.statusCode).toBe(200);
    const pix = res.json() as PixCharge;
    expect(Object.keys(pix).sort()).toEqual(
      ["amountCents", "payload", "qrCodeDataUrl", "receiverCity", "receiverName", "txid"].sort(),
    );
    expect(pix.amountCents).toBe(123456);
    expect(pix.txid).toBe(debt.txid);
    // people read the receiver as the office wrote it; the BR Code carries it in ASCII
    expect(pix.receiverName).toBe("Contabilidade São João Ltda");
    expect(pix.receiverCity).toBe("São Paulo");
    expect(fieldOf(pix.payload, "60")).toBe("Sao Paulo");
    expect(hasValidCrc(pix.payload)).toBe(true);
    expect(fieldOf(pix.payload, "54")).toBe("1234.56");
    expect(parseTlv(fieldOf(pix.payload, "26") as string)[1]?.value).toBe("financeiro@contabilidade.com.br");
    expect(parseTlv(fieldOf(pix.payload, "62") as string)[0]?.value).toBe(debt.txid);
    expect(fieldOf(pix.payload, "59")).toBe("Contabilidade Sao Joao Lt");
    // the QR code, read as a bank app's camera would, is exactly the copia e cola text
    expect(decodeQrPng(pngOfDataUrl(pix.qrCodeDataUrl))).toBe(pix.payload);
  });

  it("charges multa and juros of today on an overdue balance (after a partial payment)", async () => {
    const s = await setup();
    const debt = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      amountCents: 100000,
      dueDate: addDays(today(), -10),
    });
    await seedPayment(db(), { debtId: debt.id, principalCents: 40000, paidOn: addDays(today(), -20) });
    const expected = amountDue(60000, debt.dueDate, today(), { lateFeeBp: 200, monthlyInterestBp: 100 });
    // 60000 + 2% (1200) + 1% a.m. × 10/30 days (200)
    expect(expected).toMatchObject({ lateFeeCents: 1200, interestCents: 200, totalCents: 61400 });
    const pix = (await s.staff.get(`/api/finance/debts/${debt.id}/pix`)).json() as PixCharge;
    expect(pix.amountCents).toBe(61400);
    expect(fieldOf(pix.payload, "54")).toBe(pixAmount(61400));
    expect(decodeQrPng(pngOfDataUrl(pix.qrCodeDataUrl))).toBe(pix.payload);
  });

  it("is open to a client user of the debt's company, and to no one else", async () => {
    const s = await setup();
    const other = (
      await s.staff.post("/api/clients", { name: "Outra Empresa Ltda", document: uniqueCnpj(), emails: [] })
    ).json() as { id: string };
    const debt = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      amountCents: 5000,
      dueDate: today(),
    });
    const member = await createClientUser(ctx, s.admin, [s.reg.client.id]);
    const stranger = await createClientUser(ctx, s.admin, [other.id]);
    const otherOffice = await setup();
    const mine = await member.session.get(`/api/finance/debts/${debt.id}/pix`);
    expect(mine.statusCode).toBe(200);
    expect((mine.json() as PixCharge).amountCents).toBe(5000);
    expectError(await stranger.session.get(`/api/finance/debts/${debt.id}/pix`), 404, "not_found");
    expectError(await otherOffice.staff.get(`/api/finance/debts/${debt.id}/pix`), 404, "not_found");
    expectError(await otherOffice.admin.get(`/api/finance/debts/${debt.id}/pix`), 404, "not_found");
    expect(
      (await ctx.app.inject({ method: "GET", url: `/api/finance/debts/${debt.id}/pix` })).statusCode,
    ).toBe(401);
    expectError(await s.staff.get("/api/finance/debts/nao-e-id/pix"), 400, "validation_failed");
    expectError(
      await s.staff.get("/api/finance/debts/00000000-0000-4000-8000-000000000000/pix"),
      404,
      "not_found",
    );
  });

  it("says clearly when the office has no PIX or nothing is owed", async () => {
    const s = await setup({ pix: false });
    const open = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      amountCents: 5000,
      dueDate: today(),
    });
    const e = expectError(await s.staff.get(`/api/finance/debts/${open.id}/pix`), 409, "pix_not_configured");
    expect(e.message).toBe("O escritório ainda não configurou a chave PIX.");
    // a key without name or city is not a complete receiver
    await seedFinanceSettings(db(), s.office.id, { pixMerchantCity: null });
    expectError(await s.staff.get(`/api/finance/debts/${open.id}/pix`), 409, "pix_not_configured");

    await seedFinanceSettings(db(), s.office.id);
    const paid = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      amountCents: 5000,
      dueDate: today(),
    });
    await seedPayment(db(), { debtId: paid.id, principalCents: 5000, paidOn: today() });
    const p = expectError(await s.staff.get(`/api/finance/debts/${paid.id}/pix`), 409, "invalid_state");
    expect(p.message).toBe("Este débito não tem saldo a pagar.");
    const cancelled = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      amountCents: 5000,
      dueDate: today(),
      state: "cancelled",
    });
    expectError(await s.staff.get(`/api/finance/debts/${cancelled.id}/pix`), 409, "invalid_state");
  });
});

describe("POST /api/finance/debts/:id/collection", () => {
  it("e-mails the cobrança with the PIX copia e cola and its QR code, and records it", async () => {
    const s = await setup();
    const ticket = await createTicket(s.staff, s.reg);
    const debt = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      ticketId: ticket.id,
      amountCents: 123456,
      dueDate: addDays(today(), -5),
      description: 'Honorários <b>março</b> & "extras"',
      installmentNumber: 2,
      installmentCount: 3,
    });
    const res = await s.staff.post(`/api/finance/debts/${debt.id}/collection`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as CollectionResult;
    expect(body.email).toMatchObject({
      ok: true,
      state: "sent",
      to: ["contato@paodourado.com.br"],
      message: "E-mail enviado para contato@paodourado.com.br",
    });
    expect(body.debt.id).toBe(debt.id);
    expect(body.debt.events.map((e) => e.type)).toEqual(expect.arrayContaining(["collection", "email"]));
    expect(body.debt.events.find((e) => e.type === "collection")?.summary).toContain(
      "contato@paodourado.com.br",
    );
    const emailEvents = body.debt.events.filter((e) => e.type === "email").map((e) => e.summary);
    expect(emailEvents).toContainEqual(
      expect.stringMatching(/: E-mail na fila \(contato@paodourado\.com\.br\)$/),
    );
    expect(emailEvents).toContainEqual(
      expect.stringMatching(/: E-mail enviado \(contato@paodourado\.com\.br\)$/),
    );

    const pix = (await s.staff.get(`/api/finance/debts/${debt.id}/pix`)).json() as PixCharge;
    const due = amountDue(123456, debt.dueDate, today(), { lateFeeBp: 200, monthlyInterestBp: 100 });
    expect(pix.amountCents).toBe(due.totalCents);

    const messageId = await messageIdOf(body.email.id);
    const mail = (await waitFor(() => smtp.received.find((m) => m.messageId === messageId))) as ParsedMail;
    expect(mail.subject).toBe(
      `Cobrança: Honorários <b>março</b> & "extras" (parcela 2/3) — vencida em ${formatIsoDateBR(debt.dueDate)}`,
    );
    expect(mail.to && "value" in mail.to ? mail.to.value.map((v) => v.address) : []).toEqual([
      "contato@paodourado.com.br",
    ]);
    const text = mail.text ?? "";
    expect(text).toContain("Contabilidade Conceição & Filhos");
    expect(text).toContain("Olá, Padaria Pão Dourado Ltda.");
    expect(text).toContain('Descrição: Honorários <b>março</b> & "extras"');
    expect(text).toContain("Parcela: 2/3");
    expect(text).toContain(`Vencimento: ${formatIsoDateBR(debt.dueDate)}`);
    expect(text).toContain(`Valor: ${formatCents(123456)}`);
    expect(text).toContain(`Multa (5 dias de atraso): ${formatCents(due.lateFeeCents)}`);
    expect(text).toContain(`Juros: ${formatCents(due.interestCents)}`);
    expect(text).toContain(`Total a pagar: ${formatCents(due.totalCents)}`);
    expect(text).toContain("https://atende.exemplo.com.br/portal/financeiro");
    // the receiver as the office wrote it; only the PIX code itself is ASCII
    expect(text).toContain("Recebedor: Contabilidade São João Ltda — São Paulo");
    // the copia e cola in the e-mail is the one the app shows, on a line of its own
    expect(text.split("\n")).toContain(pix.payload);
    const html = mail.html || "";
    expect(html).toContain(pix.payload);
    expect(html).toContain("Honorários &lt;b&gt;março&lt;/b&gt; &amp; &quot;extras&quot;");
    expect(html).not.toContain("<b>março</b>");
    expect(html).toContain("Contabilidade Conceição &amp; Filhos");
    // the QR code travels inline (cid) and reads back to the same payload
    const [row] = await db().select().from(emails).where(eq(emails.id, body.email.id));
    expect(row?.html).toContain('<img src="cid:pix-qr@atende"');
    expect(row?.kind).toBe("collection");
    expect(row?.debtId).toBe(debt.id);
    expect(row?.ticketId).toBe(ticket.id);
    expect(mail.attachments).toHaveLength(1);
    const qr = mail.attachments[0];
    expect(qr?.contentType).toBe("image/png");
    expect(qr?.cid).toBe("pix-qr@atende");
    expect(qr?.related).toBe(true);
    expect(decodeQrPng(qr?.content as Buffer)).toBe(pix.payload);

    // the atendimento's history shows the e-mail too
    const history = (await s.staff.get(`/api/tickets/${ticket.id}/history`)).json() as {
      type: string;
      changes: { from: string; to: string }[];
    }[];
    expect(history.some((h) => h.type === "email" && h.changes[0]?.from === mail.subject)).toBe(true);
  });

  it("a client without e-mail: not sent, said so, and the e-mail is kept", async () => {
    const s = await setup();
    const noMail = (
      await s.staff.post("/api/clients", { name: "Cliente Sem Email", document: uniqueCnpj(), emails: [] })
    ).json() as { id: string };
    const debt = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: noMail.id,
      amountCents: 9900,
      dueDate: addDays(today(), 3),
    });
    const res = await s.staff.post(`/api/finance/debts/${debt.id}/collection`, {});
    expect(res.statusCode).toBe(200);
    const { email, debt: detail } = res.json() as CollectionResult;
    expect(email).toMatchObject({ ok: false, state: "no_recipient", to: [] });
    expect(email.message).toBe(
      "Não foi possível enviar o email: O cliente não tem e-mail válido cadastrado.",
    );
    const list = (await s.admin.get("/api/emails?state=no_recipient")).json() as { items: { id: string }[] };
    expect(list.items.map((e) => e.id)).toContain(email.id);
    const [row] = await db().select().from(emails).where(eq(emails.id, email.id));
    expect(row?.attachments).toHaveLength(1);
    expect(detail.events.find((e) => e.type === "collection")?.summary).toContain(
      "cliente sem e-mail cadastrado",
    );
    expect(detail.events.find((e) => e.type === "email")?.summary).toMatch(
      /^E-mail "Cobrança: .*Não foi possível/,
    );
  });

  it("refuses without a complete PIX receiver, and leaves nothing behind", async () => {
    const s = await setup({ pix: false });
    const debt = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      amountCents: 9900,
      dueDate: today(),
    });
    const e = expectError(
      await s.staff.post(`/api/finance/debts/${debt.id}/collection`),
      409,
      "pix_not_configured",
    );
    expect(e.message).toBe(
      "Configure a chave PIX, o nome e a cidade do recebedor em Configurações › Financeiro para enviar cobranças.",
    );
    await seedFinanceSettings(db(), s.office.id, { pixMerchantName: "   " });
    expectError(await s.staff.post(`/api/finance/debts/${debt.id}/collection`), 409, "pix_not_configured");
    expect(await db().select().from(emails).where(eq(emails.debtId, debt.id))).toHaveLength(0);
    expect(
      await db()
        .select()
        .from(debtEvents)
        .where(and(eq(debtEvents.debtId, debt.id), eq(debtEvents.type, "collection"))),
    ).toHaveLength(0);
  });

  it("is for the office's staff, on open debts only", async () => {
    const s = await setup();
    const debt = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      amountCents: 9900,
      dueDate: today(),
    });
    const member = await createClientUser(ctx, s.admin, [s.reg.client.id]);
    expectError(await member.session.post(`/api/finance/debts/${debt.id}/collection`), 403, "forbidden");
    const otherOffice = await setup();
    expectError(await otherOffice.staff.post(`/api/finance/debts/${debt.id}/collection`), 404, "not_found");
    const noCsrf = await ctx.app.inject({
      method: "POST",
      url: `/api/finance/debts/${debt.id}/collection`,
      headers: { cookie: s.staff.cookie },
      payload: {},
    });
    expect(noCsrf.statusCode).toBe(403);

    await seedPayment(db(), { debtId: debt.id, principalCents: 9900, paidOn: today() });
    const paid = expectError(
      await s.staff.post(`/api/finance/debts/${debt.id}/collection`),
      409,
      "invalid_state",
    );
    expect(paid.message).toBe("Só é possível cobrar um débito em aberto.");
    const cancelled = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      amountCents: 9900,
      dueDate: today(),
      state: "cancelled",
    });
    expectError(await s.staff.post(`/api/finance/debts/${cancelled.id}/collection`), 409, "invalid_state");
    const count = await db().execute(
      sql`select count(*)::int as n from emails where debt_id in (${debt.id}, ${cancelled.id})`,
    );
    expect((count as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(0);
  });
});
