import { describe, expect, it } from "vitest";
import {
  type PixCharge,
  type PortalDebt,
  type PortalDebtList,
  paymentReceiptPath,
} from "../../../shared/api.js";
import { addDays, addMonths, amountDue, todayInSaoPaulo } from "../../../shared/finance.js";
import {
  createClientUser,
  decodeQrPng,
  pngOfDataUrl,
  seedDebt,
  seedFinanceSettings,
  seedPayment,
} from "../../test/finance-fixtures.js";
import { createOffice, createRegistry, expectError, uniqueCnpj, useTestApp } from "../../test/harness.js";

const ctx = useTestApp();
const db = () => ctx.database.db;
const today = () => todayInSaoPaulo();

async function setup(opts: { pix?: boolean } = {}) {
  const office = await createOffice(ctx);
  if (opts.pix !== false) await seedFinanceSettings(db(), office.office.id);
  const reg = await createRegistry(office.staff);
  const second = (
    await office.staff.post("/api/clients", {
      name: "Filial Dourada Ltda",
      document: uniqueCnpj(),
      emails: [],
    })
  ).json() as { id: string; name: string };
  const stranger = (
    await office.staff.post("/api/clients", {
      name: "Empresa Vizinha Ltda",
      document: uniqueCnpj(),
      emails: [],
    })
  ).json() as { id: string; name: string };
  return { ...office, reg, second, stranger };
}

const debtOf = (
  s: Awaited<ReturnType<typeof setup>>,
  clientId: string,
  over: Partial<Parameters<typeof seedDebt>[1]>,
) => seedDebt(db(), { officeId: s.office.id, clientId, amountCents: 10000, dueDate: today(), ...over });

describe("GET /api/portal/debts", () => {
  it("lists the user's companies' open debts by due date, then the paid ones of the last 12 months", async () => {
    const s = await setup();
    const a = s.reg.client.id;
    const later = await debtOf(s, a, {
      dueDate: addDays(today(), 20),
      description: "Honorários de dezembro",
    });
    const overdue = await debtOf(s, a, { dueDate: addDays(today(), -10), amountCents: 100000 });
    const partial = await debtOf(s, a, {
      dueDate: addDays(today(), 5),
      installmentNumber: 2,
      installmentCount: 3,
    });
    await seedPayment(db(), { debtId: partial.id, principalCents: 4000, paidOn: today() });
    const onSecond = await debtOf(s, s.second.id, { dueDate: addDays(today(), 1) });
    const paidRecently = await debtOf(s, a, { dueDate: addDays(today(), -40) });
    await seedPayment(db(), { debtId: paidRecently.id, principalCents: 10000, paidOn: addDays(today(), -3) });
    const paidEarlier = await debtOf(s, s.second.id, { dueDate: addDays(today(), -100) });
    await seedPayment(db(), { debtId: paidEarlier.id, principalCents: 5000, paidOn: addDays(today(), -120) });
    await seedPayment(db(), { debtId: paidEarlier.id, principalCents: 5000, paidOn: addDays(today(), -90) });
    const paidLongAgo = await debtOf(s, a, { dueDate: addMonths(today(), -14) });
    await seedPayment(db(), {
      debtId: paidLongAgo.id,
      principalCents: 10000,
      paidOn: addMonths(today(), -13),
    });
    const cancelled = await debtOf(s, a, { state: "cancelled" });
    const notMine = await debtOf(s, s.stranger.id, {});
    const otherOffice = await setup();
    const elsewhere = await seedDebt(db(), {
      officeId: otherOffice.office.id,
      clientId: otherOffice.reg.client.id,
      amountCents: 10000,
      dueDate: today(),
    });

    const { session } = await createClientUser(ctx, s.admin, [a, s.second.id]);
    const res = await session.get("/api/portal/debts");
    expect(res.statusCode).toBe(200);
    const list = (res.json() as PortalDebtList).items;
    expect(list.map((d) => d.id)).toEqual([
      overdue.id,
      onSecond.id,
      partial.id,
      later.id,
      paidRecently.id,
      paidEarlier.id,
    ]);
    for (const hidden of [paidLongAgo, cancelled, notMine, elsewhere])
      expect(list.map((d) => d.id)).not.toContain(hidden.id);

    const byId = new Map(list.map((d) => [d.id, d]));
    const due = amountDue(100000, overdue.dueDate, today(), { lateFeeBp: 200, monthlyInterestBp: 100 });
    expect(byId.get(overdue.id)).toEqual({
      id: overdue.id,
      client: { id: a, name: s.reg.client.name },
      description: "Honorários contábeis",
      installmentNumber: 1,
      installmentCount: 1,
      amountCents: 100000,
      balanceCents: 100000,
      dueDate: overdue.dueDate,
      status: "overdue",
      totalDueCents: due.totalCents,
      paidOn: null,
      pixAvailable: true,
      receiptAvailable: false,
      receipts: [],
    } satisfies PortalDebt);
    expect(due.totalCents).toBe(102333);
    expect(byId.get(partial.id)).toMatchObject({
      status: "partially_paid",
      balanceCents: 6000,
      totalDueCents: 6000,
      installmentNumber: 2,
      installmentCount: 3,
      pixAvailable: true,
    });
    expect(byId.get(onSecond.id)?.client).toEqual({ id: s.second.id, name: s.second.name });
    expect(byId.get(later.id)).toMatchObject({ status: "open", totalDueCents: 10000 });
    expect(byId.get(paidRecently.id)).toMatchObject({
      status: "paid",
      balanceCents: 0,
      totalDueCents: 0,
      paidOn: addDays(today(), -3),
      pixAvailable: false,
      receiptAvailable: true,
    });
    expect(byId.get(paidEarlier.id)?.paidOn).toBe(addDays(today(), -90));
    // every payment has its recibo, partial ones too, oldest first
    const receipts = (id: string) =>
      byId.get(id)?.receipts.map((r) => [r.paidOn, r.amountCents, r.receiptNumber]);
    expect(receipts(partial.id)).toEqual([[today(), 4000, expect.stringMatching(/^\d{4}\/\d{6}$/)]]);
    expect(receipts(paidEarlier.id)?.map(([paidOn, cents]) => [paidOn, cents])).toEqual([
      [addDays(today(), -120), 5000],
      [addDays(today(), -90), 5000],
    ]);
    expect(receipts(overdue.id)).toEqual([]);
    // due today or before (with multa/juros) apart from the next installments (their balance)
    expect((res.json() as PortalDebtList).totals).toEqual({
      dueNowCents: 102333,
      dueNowCount: 1,
      overdueCount: 1,
      upcomingCents: 10000 + 6000 + 10000,
      upcomingCount: 3,
    });

    // one company at a time
    const onlySecond = (
      (await session.get(`/api/portal/debts?clientId=${s.second.id}`)).json() as PortalDebtList
    ).items;
    expect(onlySecond.map((d) => d.id)).toEqual([onSecond.id, paidEarlier.id]);
    expectError(await session.get(`/api/portal/debts?clientId=${s.stranger.id}`), 404, "not_found");
    expectError(
      await session.get(`/api/portal/debts?clientId=${otherOffice.reg.client.id}`),
      404,
      "not_found",
    );
    expectError(await session.get("/api/portal/debts?clientId=abc"), 400, "validation_failed");
  });

  it("splits 'vencido e a vencer hoje' from 'próximas parcelas' on the office's day", async () => {
    const s = await setup();
    const a = s.reg.client.id;
    const yesterday = await debtOf(s, a, { dueDate: addDays(today(), -1), amountCents: 100000 });
    await debtOf(s, a, { dueDate: today(), amountCents: 20000 });
    const partialToday = await debtOf(s, a, { dueDate: today(), amountCents: 10000 });
    await seedPayment(db(), { debtId: partialToday.id, principalCents: 2500, paidOn: today() });
    await debtOf(s, a, { dueDate: addDays(today(), 1), amountCents: 30000 });
    const partialLater = await debtOf(s, a, { dueDate: addMonths(today(), 2), amountCents: 40000 });
    await seedPayment(db(), { debtId: partialLater.id, principalCents: 15000, paidOn: today() });
    const paidToday = await debtOf(s, a, { dueDate: today(), amountCents: 9900 });
    await seedPayment(db(), { debtId: paidToday.id, principalCents: 9900, paidOn: today() });
    // on another company: not in this company's totals
    await debtOf(s, s.second.id, { dueDate: today(), amountCents: 70000 });

    const { session } = await createClientUser(ctx, s.admin, [a, s.second.id]);
    const late = amountDue(100000, yesterday.dueDate, today(), { lateFeeBp: 200, monthlyInterestBp: 100 });
    expect(late.totalCents).toBe(102033);
    const mine = (await session.get(`/api/portal/debts?clientId=${a}`)).json() as PortalDebtList;
    expect(mine.totals).toEqual({
      // yesterday's with multa and juros, today's in full, the rest of today's partly paid one
      dueNowCents: 102033 + 20000 + 7500,
      dueNowCount: 3,
      overdueCount: 1,
      // tomorrow's and the partly paid one two months ahead, by their balance
      upcomingCents: 30000 + 25000,
      upcomingCount: 2,
    });
    const both = (await session.get("/api/portal/debts")).json() as PortalDebtList;
    expect(both.totals.dueNowCents).toBe(102033 + 20000 + 7500 + 70000);
    expect(both.totals.upcomingCents).toBe(55000);
  });

  it("is for client users only", async () => {
    const s = await setup();
    expectError(await s.staff.get("/api/portal/debts"), 403, "forbidden");
    expectError(await s.admin.get("/api/portal/debts"), 403, "forbidden");
    expect((await ctx.app.inject({ method: "GET", url: "/api/portal/debts" })).statusCode).toBe(401);
  });

  it("shows no PIX when the office has not configured it", async () => {
    const s = await setup({ pix: false });
    const open = await debtOf(s, s.reg.client.id, {});
    const { session } = await createClientUser(ctx, s.admin, [s.reg.client.id]);
    const [d] = ((await session.get("/api/portal/debts")).json() as PortalDebtList).items;
    expect(d).toMatchObject({ id: open.id, pixAvailable: false, totalDueCents: 10000 });
    expectError(await session.get(`/api/finance/debts/${open.id}/pix`), 409, "pix_not_configured");
  });

  it("a client user gets the PIX and the recibo of their debts, never another company's or office's", async () => {
    const s = await setup();
    const mineOpen = await debtOf(s, s.reg.client.id, { amountCents: 4321 });
    const minePaid = await debtOf(s, s.reg.client.id, {});
    await seedPayment(db(), { debtId: minePaid.id, principalCents: 10000, paidOn: today() });
    const theirsOpen = await debtOf(s, s.stranger.id, {});
    const theirsPaid = await debtOf(s, s.stranger.id, {});
    const theirsPayment = await seedPayment(db(), {
      debtId: theirsPaid.id,
      principalCents: 10000,
      paidOn: today(),
    });
    const otherOffice = await setup();
    const elsewherePaid = await seedDebt(db(), {
      officeId: otherOffice.office.id,
      clientId: otherOffice.reg.client.id,
      amountCents: 10000,
      dueDate: today(),
    });
    const elsewherePayment = await seedPayment(db(), {
      debtId: elsewherePaid.id,
      principalCents: 10000,
      paidOn: today(),
    });

    const { user, session } = await createClientUser(ctx, s.admin, [s.reg.client.id]);
    const pixRes = await session.get(`/api/finance/debts/${mineOpen.id}/pix`);
    expect(pixRes.statusCode).toBe(200);
    const pix = pixRes.json() as PixCharge;
    expect(pix.amountCents).toBe(4321);
    expect(decodeQrPng(pngOfDataUrl(pix.qrCodeDataUrl))).toBe(pix.payload);
    expect((await session.get(`/api/finance/debts/${minePaid.id}/receipt`)).statusCode).toBe(200);
    // the recibo of each payment listed in the portal downloads; another company's does not
    const listed = ((await session.get("/api/portal/debts")).json() as PortalDebtList).items;
    const [minePayment] = listed.find((d) => d.id === minePaid.id)?.receipts ?? [];
    expect(minePayment).toBeDefined();
    const mineReceipt = await session.get(paymentReceiptPath(minePaid.id, minePayment?.paymentId ?? ""));
    expect(mineReceipt.statusCode).toBe(200);
    expect(mineReceipt.headers["content-type"]).toBe("application/pdf");
    // a paid debt has no PIX; an open one no recibo
    expectError(await session.get(`/api/finance/debts/${minePaid.id}/pix`), 409, "invalid_state");
    expectError(await session.get(`/api/finance/debts/${mineOpen.id}/receipt`), 409, "invalid_state");

    for (const id of [theirsOpen.id, theirsPaid.id, elsewherePaid.id]) {
      expectError(await session.get(`/api/finance/debts/${id}/pix`), 404, "not_found");
      expectError(await session.get(`/api/finance/debts/${id}/receipt`), 404, "not_found");
    }
    for (const p of [theirsPayment, elsewherePayment]) {
      expectError(await session.get(paymentReceiptPath(p.debtId, p.id)), 404, "not_found");
    }
    // nor the back office's routes
    expectError(await session.get(`/api/finance/debts/${mineOpen.id}`), 403, "forbidden");
    expectError(await session.post(`/api/finance/debts/${mineOpen.id}/collection`), 403, "forbidden");

    const list = ((await session.get("/api/portal/debts")).json() as PortalDebtList).items;
    expect(list.map((d) => d.id).sort()).toEqual([mineOpen.id, minePaid.id].sort());
    // unlinked from the company: its debts are gone at once
    expect((await s.admin.put(`/api/users/${user.id}/clients`, { clientIds: [] })).statusCode).toBe(200);
    expect((await session.get("/api/portal/debts")).json()).toEqual({
      items: [],
      totals: { dueNowCents: 0, dueNowCount: 0, overdueCount: 0, upcomingCents: 0, upcomingCount: 0 },
    });
    expectError(await session.get(`/api/finance/debts/${mineOpen.id}/pix`), 404, "not_found");
    expectError(await session.get(`/api/finance/debts/${minePaid.id}/receipt`), 404, "not_found");
    expectError(
      await session.get(paymentReceiptPath(minePaid.id, minePayment?.paymentId ?? "")),
      404,
      "not_found",
    );
  });
});
