import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ChargeQuote, DebtDetail } from "../../../shared/api.js";
import { formatIsoDateBR } from "../../../shared/finance.js";
import type { BusEvent } from "../../realtime/bus.js";
import { createUser, expectError, useTestApp } from "../../test/harness.js";
import { brl, detail, financeOffice, movimentar, pay, plusDays, today } from "./test-fixtures.js";

const ctx = useTestApp();

const RECEIPT = /^\d{4}\/\d{6}$/;

/** An office with one debt of R$ 1.000,00 due `dueInDays` from today. */
async function withDebt(dueInDays = 10, amountCents = 100_000) {
  const o = await financeOffice(ctx);
  const r = await movimentar(o.staff, o.ticket.id, {
    amountCents,
    dueDate: plusDays(today(), dueInDays),
    categoryId: o.honorarios.id,
  });
  return { ...o, debt: r.debts[0] as DebtDetail };
}

describe("baixa (payments)", () => {
  it("a payment on time settles the debt with a receipt number and a history event", async () => {
    const o = await withDebt(10);
    const events: BusEvent[] = [];
    const unsubscribe = ctx.services.bus.subscribe((e) => events.push(e));
    const res = await o.staff.post(`/api/finance/debts/${o.debt.id}/payments`, {
      amountCents: 100_000,
      paidOn: today(),
      method: "transfer",
      note: "  TED do Banco do Brasil  ",
    });
    unsubscribe();
    expect(res.statusCode).toBe(201);
    const d = res.json() as DebtDetail;
    expect(d).toMatchObject({
      id: o.debt.id,
      status: "paid",
      paidCents: 100_000,
      balanceCents: 0,
      quote: null,
      actions: { pay: false, cancel: false, collect: false, receipt: true },
    });
    expect(d.payments).toHaveLength(1);
    const [p] = d.payments;
    expect(p).toMatchObject({
      amountCents: 100_000,
      principalCents: 100_000,
      lateFeeCents: 0,
      interestCents: 0,
      paidOn: today(),
      method: "transfer",
      note: "TED do Banco do Brasil",
      createdBy: { id: o.staff.user.id },
      reversal: null,
      actions: { reverse: true },
    });
    expect(p?.receiptNumber).toMatch(RECEIPT);
    expect(p?.receiptNumber.endsWith("/000001")).toBe(true);
    expect(d.events.map((e) => e.type)).toEqual(["created", "payment"]);
    expect(d.events[1]?.summary).toBe(
      brl(
        `Pagamento de R$ 1.000,00 (Transferência) em ${formatIsoDateBR(today())}, recibo ${p?.receiptNumber}. Débito quitado.`,
      ),
    );
    expect(d.events[1]?.actor?.id).toBe(o.staff.user.id);
    expect(events).toContainEqual(
      expect.objectContaining({ type: "ticket", ticketId: o.ticket.id, reason: "updated" }),
    );

    // receipt numbers follow each other in the office
    const second = await movimentar(o.staff, o.ticket.id, {
      amountCents: 5_000,
      categoryId: o.honorarios.id,
    });
    const paid = await pay(o.admin, second.debts[0]?.id as string, { amountCents: 5_000, method: "cash" });
    expect(paid.payments[0]?.receiptNumber.endsWith("/000002")).toBe(true);
    // another office starts its own sequence
    const other = await withDebt(10);
    const otherPaid = await pay(other.staff, other.debt.id, { amountCents: 100_000 });
    expect(otherPaid.payments[0]?.receiptNumber.endsWith("/000001")).toBe(true);
  });

  it("charges multa and juros exactly: R$ 1.000,00 paid 30 days late → R$ 20,00 + R$ 10,00", async () => {
    const o = await withDebt(-30);
    const quote = (await o.staff.get(`/api/finance/debts/${o.debt.id}/quote`)).json() as ChargeQuote;
    expect(quote).toEqual({
      on: today(),
      daysLate: 30,
      principalCents: 100_000,
      lateFeeCents: 2_000,
      interestCents: 1_000,
      totalCents: 103_000,
    });
    const before = await detail(o.staff, o.debt.id);
    expect(before.status).toBe("overdue");
    expect(before.quote).toEqual(quote);

    // one centavo too much is refused, naming the maximum, and nothing is saved
    const over = await o.staff.post(`/api/finance/debts/${o.debt.id}/payments`, {
      amountCents: 103_001,
      paidOn: today(),
      method: "pix",
    });
    const err = expectError(over, 409, "overpayment");
    expect(err.message).toBe(
      brl(`O valor excede o saldo devedor: o máximo em ${formatIsoDateBR(today())} é R$ 1.030,00.`),
    );
    expect(err.fields?.amountCents).toBe(err.message);
    const unchanged = await detail(o.staff, o.debt.id);
    expect(unchanged.payments).toEqual([]);
    expect(unchanged.paidCents).toBe(0);
    expect(unchanged.events).toHaveLength(1);

    const d = await pay(o.staff, o.debt.id, { amountCents: 103_000 });
    expect(d.status).toBe("paid");
    expect(d.paidCents).toBe(100_000);
    expect(d.payments[0]).toMatchObject({
      amountCents: 103_000,
      principalCents: 100_000,
      lateFeeCents: 2_000,
      interestCents: 1_000,
    });
    // the receipt sequence was not consumed by the refused payment
    expect(d.payments[0]?.receiptNumber.endsWith("/000001")).toBe(true);
    expect(d.events[1]?.summary).toBe(
      brl(
        `Pagamento de R$ 1.030,00 (PIX) em ${formatIsoDateBR(today())}, recibo ${d.payments[0]?.receiptNumber}: principal R$ 1.000,00 + multa R$ 20,00 + juros R$ 10,00 (30 dias de atraso). Débito quitado.`,
      ),
    );
  });

  it("a partial late payment settles part of the principal; the rest pays its own charges", async () => {
    const o = await withDebt(-30);
    const first = await pay(o.staff, o.debt.id, { amountCents: 51_500 });
    expect(first.status).toBe("overdue");
    expect(first.paidCents).toBe(50_000);
    expect(first.balanceCents).toBe(50_000);
    expect(first.payments[0]).toMatchObject({
      principalCents: 50_000,
      lateFeeCents: 1_000,
      interestCents: 500,
    });
    expect(first.quote).toMatchObject({
      principalCents: 50_000,
      lateFeeCents: 1_000,
      interestCents: 500,
      totalCents: 51_500,
    });
    expect(first.actions.cancel).toBe(false);
    const second = await pay(o.staff, o.debt.id, { amountCents: 51_500 });
    expect(second.status).toBe("paid");
    // payments newest first
    expect(second.payments.map((p) => p.receiptNumber.slice(-6))).toEqual(["000002", "000001"]);
  });

  it("a partial payment on time leaves the debt partially paid", async () => {
    const o = await withDebt(5);
    const d = await pay(o.staff, o.debt.id, { amountCents: 40_000, paidOn: plusDays(today(), -3) });
    expect(d).toMatchObject({ status: "partially_paid", paidCents: 40_000, balanceCents: 60_000 });
    expect(d.quote).toMatchObject({ totalCents: 60_000, daysLate: 0 });
    expectError(
      await o.staff.post(`/api/finance/debts/${o.debt.id}/payments`, {
        amountCents: 60_001,
        paidOn: today(),
        method: "pix",
      }),
      409,
      "overpayment",
    );
  });

  it("waives multa and juros when asked: the balance settles the debt", async () => {
    const o = await withDebt(-10);
    const over = await o.staff.post(`/api/finance/debts/${o.debt.id}/payments`, {
      amountCents: 100_001,
      paidOn: today(),
      method: "pix",
      waiveCharges: true,
    });
    expect(expectError(over, 409, "overpayment").message).toBe(
      brl(`O valor excede o saldo devedor: o máximo em ${formatIsoDateBR(today())} é R$ 1.000,00.`),
    );
    const d = await pay(o.staff, o.debt.id, { amountCents: 100_000, waiveCharges: true });
    expect(d.status).toBe("paid");
    expect(d.payments[0]).toMatchObject({ principalCents: 100_000, lateFeeCents: 0, interestCents: 0 });
    expect(d.events[1]?.summary).toMatch(/multa e juros dispensados \(10 dias de atraso\)/);
  });

  it("uses the office's rates and quotes any day", async () => {
    const o = await withDebt(-30);
    const put = await o.admin.put("/api/finance/settings", { lateFeeBp: 1000, monthlyInterestBp: 300 });
    expect(put.statusCode).toBe(200);
    const quote = (await o.staff.get(`/api/finance/debts/${o.debt.id}/quote`)).json() as ChargeQuote;
    expect(quote).toMatchObject({ lateFeeCents: 10_000, interestCents: 3_000, totalCents: 113_000 });
    const onDue = (
      await o.staff.get(`/api/finance/debts/${o.debt.id}/quote?on=${plusDays(today(), -30)}`)
    ).json() as ChargeQuote;
    expect(onDue).toMatchObject({ daysLate: 0, totalCents: 100_000 });
    const later = (
      await o.staff.get(`/api/finance/debts/${o.debt.id}/quote?on=${plusDays(today(), 30)}`)
    ).json() as ChargeQuote;
    expect(later).toMatchObject({ daysLate: 60, lateFeeCents: 10_000, interestCents: 6_000 });
    expectError(
      await o.staff.get(`/api/finance/debts/${o.debt.id}/quote?on=2026-02-30`),
      400,
      "validation_failed",
      "on",
    );
    // a payment dated in the past is charged for the days up to that date
    const d = await pay(o.staff, o.debt.id, { amountCents: 111_500, paidOn: plusDays(today(), -15) });
    expect(d.payments[0]).toMatchObject({
      principalCents: 100_000,
      lateFeeCents: 10_000,
      interestCents: 1_500,
    });
    // a paid debt owes nothing
    const paidQuote = (await o.staff.get(`/api/finance/debts/${o.debt.id}/quote`)).json() as ChargeQuote;
    expect(paidQuote).toMatchObject({ principalCents: 0, totalCents: 0 });
  });

  it("refuses bad payments with clear errors and saves nothing", async () => {
    const o = await withDebt(10);
    const url = `/api/finance/debts/${o.debt.id}/payments`;
    const base = { amountCents: 10_000, paidOn: today(), method: "pix" };
    const bad = async (over: Record<string, unknown>, field: string, message?: string | RegExp) =>
      expectError(await o.staff.post(url, { ...base, ...over }), 400, "validation_failed", field, message);
    await bad({ amountCents: 0 }, "amountCents", "O valor deve ser maior que zero");
    await bad({ amountCents: -500 }, "amountCents", "O valor deve ser maior que zero");
    await bad({ amountCents: 99.9 }, "amountCents", "O valor deve estar em centavos inteiros");
    await bad({ amountCents: null }, "amountCents");
    await bad({ paidOn: "2026-02-30" }, "paidOn", "Data inválida (use AAAA-MM-DD)");
    await bad({ paidOn: plusDays(today(), 1) }, "paidOn", "A data do pagamento não pode ser futura");
    await bad({ method: "cheque" }, "method", "Forma de pagamento inválida");
    await bad({ note: "x".repeat(501) }, "note", /no máximo 500/);
    const d = await detail(o.staff, o.debt.id);
    expect(d.payments).toEqual([]);
    expect(d.paidCents).toBe(0);
    expect(d.events).toHaveLength(1);
    expectError(await o.staff.post(`/api/finance/debts/${randomUUID()}/payments`, base), 404, "not_found");
    expectError(await o.staff.post("/api/finance/debts/abc/payments", base), 400, "validation_failed", "id");
  });

  it("two payments at once never overpay: one is registered, the other refused", async () => {
    const o = await withDebt(10);
    const body = { amountCents: 100_000, paidOn: today(), method: "pix" };
    const results = await Promise.all([
      o.staff.post(`/api/finance/debts/${o.debt.id}/payments`, body),
      o.admin.post(`/api/finance/debts/${o.debt.id}/payments`, body),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const refused = results.find((r) => r.statusCode === 409);
    if (!refused) throw new Error("no refusal");
    // the debt is paid by then: the policy answers that it is not open, or the balance is exceeded
    expect(["invalid_state", "overpayment"]).toContain(refused.json().error.code);
    const d = await detail(o.staff, o.debt.id);
    expect(d.paidCents).toBe(100_000);
    expect(d.status).toBe("paid");
    expect(d.payments).toHaveLength(1);

    // five partial payments of 40% at once: only two fit
    const p = await withDebt(10);
    const part = { amountCents: 40_000, paidOn: today(), method: "cash" };
    const five = await Promise.all(
      [p.staff, p.admin, p.staff, p.admin, p.staff].map((s) =>
        s.post(`/api/finance/debts/${p.debt.id}/payments`, part),
      ),
    );
    const codes = five.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(2);
    expect(codes.filter((c) => c === 409)).toHaveLength(3);
    const after = await detail(p.staff, p.debt.id);
    expect(after.paidCents).toBe(80_000);
    expect(after.payments).toHaveLength(2);
    expect(new Set(after.payments.map((x) => x.receiptNumber)).size).toBe(2);
  });
});

describe("estorno (reversal)", () => {
  it("reverses a payment with a reason: the balance is owed again and the history says why", async () => {
    const o = await withDebt(-30);
    const paid = await pay(o.staff, o.debt.id, { amountCents: 103_000 });
    const paymentId = paid.payments[0]?.id as string;
    const res = await o.admin.post(`/api/finance/payments/${paymentId}/reversal`, {
      reason: "  Cheque devolvido  ",
    });
    expect(res.statusCode).toBe(200);
    const d = res.json() as DebtDetail;
    expect(d).toMatchObject({ status: "overdue", paidCents: 0, balanceCents: 100_000 });
    expect(d.actions).toMatchObject({ pay: true, cancel: true });
    expect(d.quote?.totalCents).toBe(103_000);
    expect(d.payments[0]).toMatchObject({
      id: paymentId,
      reversal: { by: { id: o.admin.user.id }, reason: "Cheque devolvido" },
      actions: { reverse: false },
    });
    expect(d.events.map((e) => e.type)).toEqual(["created", "payment", "reversal"]);
    expect(d.events[2]?.summary).toMatch(/estornado\. Motivo: Cheque devolvido$/);

    const again = await o.staff.post(`/api/finance/payments/${paymentId}/reversal`, { reason: "De novo" });
    expectError(again, 409, "already_reversed");
    expect(again.json().error.message).toBe("Este pagamento já foi estornado.");
    expect((await detail(o.staff, o.debt.id)).events).toHaveLength(3);

    // paid again after the reversal
    const repaid = await pay(o.staff, o.debt.id, { amountCents: 103_000 });
    expect(repaid.status).toBe("paid");
    expect(repaid.payments).toHaveLength(2);
  });

  it("two reversals at once: one succeeds, the other is refused", async () => {
    const o = await withDebt(10);
    const paid = await pay(o.staff, o.debt.id, { amountCents: 30_000 });
    const paymentId = paid.payments[0]?.id as string;
    const results = await Promise.all([
      o.staff.post(`/api/finance/payments/${paymentId}/reversal`, { reason: "Engano" }),
      o.admin.post(`/api/finance/payments/${paymentId}/reversal`, { reason: "Engano" }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const d = await detail(o.staff, o.debt.id);
    expect(d.paidCents).toBe(0);
    expect(d.events.filter((e) => e.type === "reversal")).toHaveLength(1);
  });

  it("refuses a missing reason, an unknown payment and another office's payment", async () => {
    const o = await withDebt(10);
    const other = await withDebt(10);
    const paid = await pay(other.staff, other.debt.id, { amountCents: 10_000 });
    const foreign = paid.payments[0]?.id as string;
    const mine = (await pay(o.staff, o.debt.id, { amountCents: 10_000 })).payments[0]?.id as string;
    expectError(
      await o.staff.post(`/api/finance/payments/${mine}/reversal`, { reason: "  " }),
      400,
      "validation_failed",
      "reason",
      "Informe o motivo",
    );
    expectError(
      await o.staff.post(`/api/finance/payments/${mine}/reversal`, {}),
      400,
      "validation_failed",
      "reason",
    );
    expectError(
      await o.staff.post(`/api/finance/payments/${randomUUID()}/reversal`, { reason: "x" }),
      404,
      "not_found",
    );
    expectError(
      await o.staff.post(`/api/finance/payments/${foreign}/reversal`, { reason: "x" }),
      404,
      "not_found",
    );
    expect((await detail(other.staff, other.debt.id)).paidCents).toBe(10_000);
    expect((await detail(o.staff, o.debt.id)).paidCents).toBe(10_000);
  });
});

describe("cancelamento", () => {
  it("cancels an open debt without payments, with the reason; then nothing more is possible", async () => {
    const o = await withDebt(10);
    const res = await o.staff.post(`/api/finance/debts/${o.debt.id}/cancel`, { reason: "Lançado em dobro" });
    expect(res.statusCode).toBe(200);
    const d = res.json() as DebtDetail;
    expect(d).toMatchObject({
      status: "cancelled",
      balanceCents: 0,
      cancelReason: "Lançado em dobro",
      quote: null,
      actions: { pay: false, cancel: false, collect: false, receipt: false },
    });
    expect(d.events.map((e) => e.type)).toEqual(["created", "cancelled"]);
    expect(d.events[1]?.summary).toBe(brl("Débito de R$ 1.000,00 cancelado. Motivo: Lançado em dobro"));
    expectError(
      await o.staff.post(`/api/finance/debts/${o.debt.id}/cancel`, { reason: "De novo" }),
      409,
      "invalid_state",
    );
    expectError(
      await o.staff.post(`/api/finance/debts/${o.debt.id}/payments`, {
        amountCents: 100,
        paidOn: today(),
        method: "pix",
      }),
      409,
      "invalid_state",
    );
  });

  it("refuses to cancel a debt with payments until they are reversed", async () => {
    const o = await withDebt(10);
    const paid = await pay(o.staff, o.debt.id, { amountCents: 10_000 });
    const res = await o.staff.post(`/api/finance/debts/${o.debt.id}/cancel`, { reason: "Acordo" });
    expectError(res, 409, "invalid_state");
    expect(res.json().error.message).toMatch(/estorne os pagamentos/);
    expect((await detail(o.staff, o.debt.id)).status).toBe("partially_paid");
    await o.staff.post(`/api/finance/payments/${paid.payments[0]?.id}/reversal`, { reason: "Acordo" });
    const cancelled = await o.staff.post(`/api/finance/debts/${o.debt.id}/cancel`, { reason: "Acordo" });
    expect(cancelled.statusCode).toBe(200);
    // a reversed payment of a cancelled debt cannot be reversed again, nor anything re-opened
    expect((cancelled.json() as DebtDetail).payments[0]?.actions.reverse).toBe(false);
    expectError(
      await o.staff.post(`/api/finance/debts/${o.debt.id}/cancel`, { reason: "" }),
      400,
      "validation_failed",
      "reason",
    );
  });
});

describe("access", () => {
  it("client users get 403 and another office's debts are not found on every route", async () => {
    const o = await withDebt(10);
    const other = await withDebt(10);
    const paid = await pay(o.staff, o.debt.id, { amountCents: 1_000 });
    const paymentId = paid.payments[0]?.id as string;
    const { session: client, user } = await createUser(ctx, o.admin, "client");
    await o.admin.put(`/api/users/${user.id}/clients`, { clientIds: [o.reg.client.id] });

    const payBody = { amountCents: 100, paidOn: today(), method: "pix" };
    const routes = (id: string, pid: string) =>
      [
        ["GET", `/api/finance/debts/${id}`, undefined],
        ["GET", `/api/finance/debts/${id}/quote`, undefined],
        ["POST", `/api/finance/debts/${id}/payments`, payBody],
        ["POST", `/api/finance/debts/${id}/cancel`, { reason: "x" }],
        ["POST", `/api/finance/payments/${pid}/reversal`, { reason: "x" }],
      ] as const;
    for (const [method, url, body] of routes(o.debt.id, paymentId)) {
      expectError(await client.request(method, url, body), 403, "forbidden");
    }
    for (const [method, url, body] of routes(o.debt.id, paymentId)) {
      const res = await other.staff.request(method, url, body);
      expectError(res, 404, "not_found");
      expect(res.body).not.toContain(o.reg.client.name);
    }
    // nothing changed
    const d = await detail(o.staff, o.debt.id);
    expect(d).toMatchObject({ paidCents: 1_000, status: "partially_paid" });
    expect(d.payments[0]?.reversal).toBeNull();
    expect(d.events).toHaveLength(2);
  });
});
