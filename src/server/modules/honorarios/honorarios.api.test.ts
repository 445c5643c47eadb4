import { describe, expect, it } from "vitest";
import type { DebtCategoryDto, DebtDetail, DebtPage, Page } from "../../../shared/api.js";
import { todayInSaoPaulo } from "../../../shared/finance.js";
import {
  accumulatedFactor,
  addPeriods,
  applyFactor,
  indexWindow,
  lastDayOf,
} from "../../../shared/honorarios.js";
import type {
  AgingReport,
  BillingPreview,
  BillingRunResult,
  CarteiraReport,
  FeeContractDetail,
  FeeContractDto,
  PortalFeeContract,
  PriceIndexImportResult,
  PriceIndexValueDto,
} from "../../../shared/honorarios-api.js";
import { createClientUser, seedFinanceSettings } from "../../test/finance-fixtures.js";
import {
  createOffice,
  createRegistry,
  expectError,
  type Session,
  type TestContext,
  uniqueCnpj,
  useTestApp,
} from "../../test/harness.js";
import { pay } from "../finance/test-fixtures.js";

const ctx = useTestApp();

const today = todayInSaoPaulo();
const current = today.slice(0, 7);
const previous = addPeriods(current, -1);
const fmt = (p: string) => `${p.slice(5)}/${p.slice(0, 4)}`;

async function newClient(s: Session, name: string) {
  const res = await s.post("/api/clients", {
    name,
    document: uniqueCnpj(),
    emails: [`${name.split(" ")[0]?.toLowerCase()}@cliente.com.br`],
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; name: string };
}

/** An office with its cadastros and the Honorários category (no atendimento: not needed here). */
async function financeOffice(c: TestContext, name?: string) {
  const office = await createOffice(c, name);
  const reg = await createRegistry(office.staff);
  const categories = (await office.staff.get("/api/finance/categories")).json() as Page<DebtCategoryDto>;
  const honorarios = categories.items.find((x) => x.name === "Honorários");
  if (!honorarios) throw new Error("default category missing");
  return { ...office, reg, honorarios };
}
type Office = Awaited<ReturnType<typeof financeOffice>>;

/** The office that must see nothing of the others (created once: offices are the slow part of setup). */
let otherOffice: Promise<Office> | undefined;
const otherOfficeOnce = () => {
  otherOffice ??= financeOffice(ctx, "Outro Escritório");
  return otherOffice;
};

async function contract(o: Office, over: Record<string, unknown> = {}) {
  const res = await o.staff.post("/api/fees/contracts", {
    clientId: o.reg.client.id,
    categoryId: o.honorarios.id,
    monthlyCents: 150_000,
    dueDay: 10,
    startDate: "2025-01-01",
    reajuste: "none",
    anniversaryMonth: 1,
    ...over,
  });
  if (res.statusCode !== 201) throw new Error(`contract: ${res.statusCode} ${res.body}`);
  return res.json() as FeeContractDto;
}

const preview = async (s: Session, period: string) => {
  const res = await s.get(`/api/fees/billing?period=${period}`);
  expect(res.statusCode).toBe(200);
  return res.json() as BillingPreview;
};
const bill = async (s: Session, period: string, sendEmails = false) => {
  const res = await s.post("/api/fees/billing", { period, sendEmails });
  if (res.statusCode !== 200) throw new Error(`bill: ${res.statusCode} ${res.body}`);
  return res.json() as BillingRunResult;
};
const feeDebts = async (s: Session) =>
  ((await s.get("/api/finance/debts?pageSize=200&q=Honor")).json() as DebtPage).items;

describe("contratos de honorários", () => {
  it("creates, reads with history, edits with the version and refuses bad input in pt-BR", async () => {
    const o = await financeOffice(ctx);
    const c = await contract(o, {
      dueDay: 31,
      serviceIds: [o.reg.service.id],
      reajuste: "ipca",
      anniversaryMonth: 3,
    });
    expect(c).toMatchObject({
      monthlyCents: 150_000,
      dueDay: 31,
      services: [{ id: o.reg.service.id, name: "Declaração de IRPF" }],
      active: true,
      version: 1,
    });
    expect(c.nextReajuste?.slice(5)).toBe("03");

    const base = {
      clientId: o.reg.client.id,
      categoryId: o.honorarios.id,
      monthlyCents: 1,
      dueDay: 10,
      startDate: "2026-01-01",
      reajuste: "none",
      anniversaryMonth: 1,
    };
    const bad: [Record<string, unknown>, string, string | RegExp][] = [
      [{ dueDay: 32 }, "dueDay", "O dia de vencimento deve estar entre 1 e 31"],
      [{ dueDay: 0 }, "dueDay", "O dia de vencimento deve estar entre 1 e 31"],
      [{ monthlyCents: 0 }, "monthlyCents", "O valor mensal deve ser maior que zero"],
      [{ monthlyCents: -100 }, "monthlyCents", "O valor mensal deve ser maior que zero"],
      [{ endDate: "2025-12-31" }, "endDate", "O término deve ser igual ou posterior ao início"],
      [{ reajuste: "fixed" }, "fixedRatePpm", "Informe o percentual fixo do reajuste"],
      [{ thirteenth: "split" }, "thirteenthMonths", "Escolha os meses do 13º"],
      [{ anniversaryMonth: 13 }, "anniversaryMonth", "Mês inválido"],
    ];
    for (const [over, field, message] of bad)
      expectError(
        await o.staff.post("/api/fees/contracts", { ...base, ...over }),
        400,
        "validation_failed",
        field,
        message,
      );

    // another office's client, category or service: refused as unknown, nothing saved
    const other = await otherOfficeOnce();
    expectError(
      await o.staff.post("/api/fees/contracts", { ...base, clientId: other.reg.client.id }),
      400,
      "validation_failed",
      "clientId",
      "Cliente não encontrado.",
    );
    expectError(
      await o.staff.post("/api/fees/contracts", { ...base, categoryId: other.honorarios.id }),
      400,
      "validation_failed",
      "categoryId",
    );
    expectError(
      await o.staff.post("/api/fees/contracts", { ...base, serviceIds: [other.reg.service.id] }),
      400,
      "validation_failed",
      "serviceIds",
    );
    const list = (await o.staff.get("/api/fees/contracts")).json() as {
      items: FeeContractDto[];
      total: number;
    };
    expect(list.total).toBe(1);
    // the other office cannot read or edit it
    expectError(await other.staff.get(`/api/fees/contracts/${c.id}`), 404, "not_found");
    expectError(
      await other.staff.patch(`/api/fees/contracts/${c.id}`, {
        ...base,
        clientId: other.reg.client.id,
        categoryId: other.honorarios.id,
        monthlyCents: 10,
        version: 1,
      }),
      404,
      "not_found",
    );
    // a client user cannot reach the office's routes
    const { session: portal } = await createClientUser(ctx, o.admin, [o.reg.client.id]);
    expect((await portal.get("/api/fees/contracts")).statusCode).toBe(403);

    const edit = { ...base, monthlyCents: 160_000, endDate: "2027-06-30", version: 1 };
    const edited = await o.staff.patch(`/api/fees/contracts/${c.id}`, edit);
    expect(edited.statusCode).toBe(200);
    expect((edited.json() as FeeContractDto).version).toBe(2);
    expectError(await o.staff.patch(`/api/fees/contracts/${c.id}`, edit), 409, "stale_version");
    const detail = (await o.staff.get(`/api/fees/contracts/${c.id}`)).json() as FeeContractDetail;
    expect(detail.events.map((e) => e.type)).toEqual(["ended", "created"]);
  });
});

describe("índices", () => {
  it("types a month once, refuses a future one, and imports a CSV only when every line is right", async () => {
    const o = await financeOffice(ctx);
    const add = (body: Record<string, unknown>) => o.staff.post("/api/fees/indexes", body);
    expect((await add({ index: "ipca", period: previous, ratePpm: 5_600 })).statusCode).toBe(201);
    expectError(await add({ index: "ipca", period: previous, ratePpm: 4_000 }), 409, "duplicate_index_month");
    expectError(
      await add({ index: "ipca", period: addPeriods(current, 1), ratePpm: 4_000 }),
      400,
      "validation_failed",
      "period",
      /ainda não terminou/,
    );
    expectError(
      await add({ index: "ipca", period: "2026-13", ratePpm: 4_000 }),
      400,
      "validation_failed",
      "period",
    );
    expectError(
      await add({ index: "ipca", period: previous, ratePpm: -1_000_000 }),
      400,
      "validation_failed",
      "ratePpm",
    );

    const imp = (csv: string, dryRun = false) =>
      o.staff.post("/api/fees/indexes/import", { index: "igpm", csv, dryRun });
    const p1 = addPeriods(current, -3);
    const p2 = addPeriods(current, -2);
    expectError(
      await imp(`competencia;percentual\n${fmt(p1)};0.56\n`),
      400,
      "validation_failed",
      "csv",
      /vírgula/,
    );
    expectError(
      await imp(`${fmt(p1)};0,56\n${fmt(addPeriods(current, 1))};0,30\n`),
      400,
      "validation_failed",
      "csv",
      /futura/,
    );
    expectError(
      await imp(`${fmt(p1)};0,56\n${fmt(p1)};0,30\n`),
      400,
      "validation_failed",
      "csv",
      /mais de uma vez/,
    );
    expectError(await imp(`${fmt(p1)},0,56\n`), 400, "validation_failed", "csv", /ponto e vírgula/);
    expectError(await imp(""), 400, "validation_failed", "csv");
    // nothing of the refused files was written
    expect(((await o.staff.get("/api/fees/indexes?index=igpm")).json() as PriceIndexValueDto[]).length).toBe(
      0,
    );

    const dry = (
      await imp(`Mês;IGP-M\n${fmt(p1)};-1,93\n${fmt(p2)};0,5\n`, true)
    ).json() as PriceIndexImportResult;
    expect(dry).toMatchObject({ errors: 0, saved: 0 });
    const done = (
      await imp(`Mês;IGP-M\n${fmt(p1)};-1,93\n${fmt(p2)};0,5\n`)
    ).json() as PriceIndexImportResult;
    expect(done.saved).toBe(2);
    const values = (await o.staff.get("/api/fees/indexes?index=igpm")).json() as PriceIndexValueDto[];
    expect(values.map((v) => [v.period, v.ratePpm])).toEqual([
      [p2, 5_000],
      [p1, -19_300],
    ]);
    // another office sees none of them
    const other = await otherOfficeOnce();
    expect(((await other.staff.get("/api/fees/indexes")).json() as PriceIndexValueDto[]).length).toBe(0);
  });
});

describe("faturamento", () => {
  it("bills a competência once, pro rata for a contract ended mid-month, 13º, and refuses the far future", async () => {
    const o = await financeOffice(ctx);
    const full = await contract(o, { monthlyCents: 100_000, dueDay: 31 });
    const b = await newClient(o.staff, "Mercado Bom Preço Ltda");
    const endDay = `${previous}-10`;
    const ended = await contract(o, {
      clientId: b.id,
      monthlyCents: 93_000,
      startDate: "2025-05-01",
      endDate: endDay,
      thirteenth: "december",
    });
    const monthDays = Number(lastDayOf(previous).slice(8));

    const pre = await preview(o.staff, previous);
    expect(pre.totals).toMatchObject({ contracts: 2, ready: 2, billed: 0, pending: 0 });
    const endedLine = pre.lines.find((l) => l.contractId === ended.id);
    const expected = Math.floor((93_000 * 10 * 2 + monthDays) / (2 * monthDays));
    expect(endedLine).toMatchObject({ proRata: { days: 10, monthDays }, monthlyChargeCents: expected });
    const thirteenth = previous.endsWith("-12") ? 93_000 : 0;
    expect(endedLine?.thirteenthCents).toBe(thirteenth);
    const fullLine = pre.lines.find((l) => l.contractId === full.id);
    expect(fullLine?.dueDate).toBe(lastDayOf(current)); // due day 31 → the month's last day
    expect(pre.totals.toBillCents).toBe(100_000 + expected + thirteenth);

    const first = await bill(o.staff, previous);
    expect(first.chargesCreated).toBe(thirteenth ? 3 : 2);
    expect(first.totalCents).toBe(pre.totals.toBillCents);
    const again = await bill(o.staff, previous);
    expect(again).toMatchObject({ chargesCreated: 0, totalCents: 0 });
    const debts = await feeDebts(o.staff);
    expect(debts).toHaveLength(first.chargesCreated);
    expect((await preview(o.staff, previous)).totals).toMatchObject({ billed: 2, ready: 0, toBillCents: 0 });

    // cancelling a billed charge goes through the debt's cancel rule; billing again does not bring it back
    const target = debts.find((d) => d.amountCents === 100_000) as DebtDetail;
    expect(
      (await o.staff.post(`/api/finance/debts/${target.id}/cancel`, { reason: "Cliente em negociação" }))
        .statusCode,
    ).toBe(200);
    expect((await bill(o.staff, previous)).chargesCreated).toBe(0);
    const paid = debts.find((d) => d.id !== target.id) as DebtDetail;
    await pay(o.staff, paid.id, { amountCents: 500 });
    expectError(
      await o.staff.post(`/api/finance/debts/${paid.id}/cancel`, { reason: "x" }),
      409,
      "invalid_state",
    );

    expectError(
      await o.staff.post("/api/fees/billing", { period: addPeriods(current, 2) }),
      400,
      "validation_failed",
      "period",
    );
    expectError(
      await o.staff.post("/api/fees/billing", { period: "2026-1" }),
      400,
      "validation_failed",
      "period",
    );

    // another office: its billing sees none of these contracts, its debts list none of these charges
    const other = await otherOfficeOnce();
    expect((await preview(other.staff, previous)).lines).toHaveLength(0);
    expect((await bill(other.staff, previous)).chargesCreated).toBe(0);
    expect(await feeDebts(other.staff)).toHaveLength(0);
  });

  it("two instances billing at once create the charges once", async () => {
    const o = await financeOffice(ctx);
    for (let i = 0; i < 6; i++) {
      const c = await newClient(o.staff, `Cliente ${i} Ltda`);
      await contract(o, { clientId: c.id, monthlyCents: 10_000 + i });
    }
    const [a, b] = await Promise.all([bill(o.staff, current), bill(o.admin, current)]);
    expect(a.chargesCreated + b.chargesCreated).toBe(6);
    expect(await feeDebts(o.staff)).toHaveLength(6);
  });

  it("keeps a reajuste pending without its index months, then applies it once with its memória", async () => {
    const o = await financeOffice(ctx);
    const month = Number(current.slice(5));
    const c = await contract(o, {
      reajuste: "ipca",
      anniversaryMonth: month,
      startDate: `${addPeriods(current, -24)}-01`,
      monthlyCents: 123_457,
    });
    const window = indexWindow(current, "two_months_before");
    const rates = window.map((_, i) => (i % 3 === 0 ? -1_200 : 4_400 + i * 100));
    // eleven of the twelve months
    for (const [i, period] of window.entries())
      if (i !== 5)
        expect(
          (await o.staff.post("/api/fees/indexes", { index: "ipca", period, ratePpm: rates[i] })).statusCode,
        ).toBe(201);
    const pending = await preview(o.staff, current);
    expect(pending.lines[0]).toMatchObject({
      state: "pending",
      reajuste: { status: "pending", missing: [window[5]] },
    });
    const skipped = await bill(o.staff, current);
    expect(skipped).toMatchObject({ chargesCreated: 0, pending: 1 });

    await o.staff.post("/api/fees/indexes", { index: "ipca", period: window[5], ratePpm: rates[5] });
    const expected = applyFactor(123_457, accumulatedFactor(rates));
    const ready = await preview(o.staff, current);
    expect(ready.lines[0]).toMatchObject({
      state: "ready",
      monthlyCents: expected,
      reajuste: { status: "applied", toCents: expected, alreadyApplied: false },
    });
    const billed = await bill(o.staff, current);
    expect(billed).toMatchObject({ chargesCreated: 1, reajustesApplied: 1, totalCents: expected });
    expect(await bill(o.staff, current)).toMatchObject({ chargesCreated: 0, reajustesApplied: 0 });
    const detail = (await o.staff.get(`/api/fees/contracts/${c.id}`)).json() as FeeContractDetail;
    expect(detail.monthlyCents).toBe(expected);
    const reajustes = detail.events.filter((e) => e.type === "reajuste");
    expect(reajustes).toHaveLength(1);
    expect(reajustes[0]?.memoria?.months.map((m) => m.ratePpm)).toEqual(rates);
    expect(reajustes[0]).toMatchObject({ fromCents: 123_457, toCents: expected, period: current });
    expect(detail.charges).toMatchObject([{ period: current, kind: "monthly", amountCents: expected }]);
    // the next month is billed at the new value, with no second reajuste
    expect((await preview(o.staff, addPeriods(current, 1))).lines[0]).toMatchObject({
      monthlyCents: expected,
      reajuste: null,
    });
  });

  it("queues the cobrança e-mails with PIX as bulk", async () => {
    const o = await financeOffice(ctx);
    await seedFinanceSettings(ctx.database.db, o.office.id);
    await contract(o);
    const res = await bill(o.staff, current, true);
    expect(res).toMatchObject({ chargesCreated: 1, emailsQueued: 1 });
    const [debt] = await feeDebts(o.staff);
    const detail = (await o.staff.get(`/api/finance/debts/${debt?.id}`)).json() as DebtDetail;
    expect(detail.events.map((e) => e.type)).toContain("collection");
  });
});

describe("relatórios e portal", () => {
  it("aging totals match Contas a receber to the centavo; carteira shows MRR, bands and churn", async () => {
    const o = await financeOffice(ctx);
    const b = await newClient(o.staff, "Oficina Roda Viva ME");
    await contract(o, { monthlyCents: 45_050 });
    await contract(o, {
      clientId: b.id,
      monthlyCents: 250_000,
      endDate: `${current}-05`,
      startDate: "2024-02-01",
    });
    for (const p of [addPeriods(current, -4), addPeriods(current, -2), previous]) await bill(o.staff, p);
    const debts = await feeDebts(o.staff);
    await pay(o.staff, debts[0]?.id as string, { amountCents: 10_001, waiveCharges: true });

    const aging = (await o.staff.get("/api/fees/reports/aging")).json() as AgingReport;
    const receivable = (await o.staff.get("/api/finance/debts?pageSize=1")).json() as DebtPage;
    expect(aging.totalCents).toBe(receivable.totals.balanceCents);
    expect(aging.buckets.reduce((s, x) => s + x.balanceCents, 0)).toBe(aging.totalCents);
    expect(aging.byClient.reduce((s, x) => s + x.totalCents, 0)).toBe(aging.totalCents);
    expect(aging.buckets.find((x) => x.bucket === "d61_90")?.balanceCents).toBeGreaterThan(0);

    const cart = (
      await o.staff.get(`/api/fees/reports/carteira?period=${previous}`)
    ).json() as CarteiraReport;
    expect(cart).toMatchObject({ activeContracts: 2, mrrCents: 295_050, billedCents: 295_050 });
    expect(cart.bands.find((x) => x.label === "Até R$ 500")?.clients).toBe(1);
    const now = (await o.staff.get(`/api/fees/reports/carteira?period=${current}`)).json() as CarteiraReport;
    expect(now).toMatchObject({
      activeContracts: 1,
      mrrCents: 45_050,
      churn: { contracts: 1, lostMrrCents: 250_000 },
    });
    expectError(await o.staff.get("/api/fees/reports/carteira?period=12/2026"), 400, "validation_failed");
  });

  it("shows a client user their own contract and charges, never another client's", async () => {
    const o = await financeOffice(ctx);
    const b = await newClient(o.staff, "Drogaria Vida Ltda");
    const mine = await contract(o, { reajuste: "igpm", anniversaryMonth: 5 });
    await contract(o, { clientId: b.id, monthlyCents: 99_900 });
    await seedFinanceSettings(ctx.database.db, o.office.id);
    await bill(o.staff, previous);
    const { session } = await createClientUser(ctx, o.admin, [o.reg.client.id]);
    const list = (await session.get("/api/portal/fees")).json() as PortalFeeContract[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: mine.id, monthlyCents: 150_000, dueDay: 10, reajuste: "igpm" });
    expect(list[0]?.nextReajuste?.slice(5)).toBe("05");
    expect(list[0]?.charges).toHaveLength(1);
    // the charge is one of the client's debts: the portal's PIX route answers for it
    const pix = await session.get(`/api/finance/debts/${list[0]?.charges[0]?.debtId}/pix`);
    expect(pix.statusCode).toBe(200);
    expect(staffOnly(await o.staff.get("/api/portal/fees"))).toBe(403);
  });
});

const staffOnly = (res: { statusCode: number }) => res.statusCode;
