import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type {
  DebtCategoryDto,
  DebtDetail,
  DebtDto,
  DebtPage,
  FinanceSettingsDto,
  Page,
  StatementDto,
} from "../../../shared/api.js";
import { allocatePayment, DEBT_STATUSES, type DebtStatus } from "../../../shared/finance.js";
import { debts } from "../../db/schema/index.js";
import { createUser, expectError, type Session, useTestApp } from "../../test/harness.js";
import { financeOffice, movimentar, otherClient, pay, plusDays, today } from "./test-fixtures.js";

const ctx = useTestApp();

async function list(s: Session, query = ""): Promise<DebtPage> {
  const res = await s.get(`/api/finance/debts${query ? `?${query}` : ""}`);
  if (res.statusCode !== 200) throw new Error(`list: ${res.statusCode} ${res.body}`);
  return res.json() as DebtPage;
}
const ids = (p: { items: { id: string }[] }) => p.items.map((d) => d.id).sort();

describe("categorias", () => {
  it("lists the defaults, creates, renames, deactivates; names are unique per office", async () => {
    const o = await financeOffice(ctx);
    const other = await financeOffice(ctx, "Outro Escritório");
    const page = (await o.staff.get("/api/finance/categories")).json() as Page<DebtCategoryDto>;
    expect(page.items.map((c) => c.name)).toEqual(["Honorários", "Reembolso de taxas", "Serviço avulso"]);
    expect(page.total).toBe(3);

    const created = await o.staff.post("/api/finance/categories", { name: "  Consultoria  " });
    expect(created.statusCode).toBe(201);
    const c = created.json() as DebtCategoryDto;
    expect(c).toMatchObject({ name: "Consultoria", active: true });

    for (const name of ["consultoria", "CONSULTORIA", "Honorários"]) {
      expectError(
        await o.staff.post("/api/finance/categories", { name }),
        409,
        "duplicate",
        "name",
        "Já existe uma categoria com este nome",
      );
    }
    expectError(
      await o.staff.patch(`/api/finance/categories/${c.id}`, { name: "serviço avulso", active: true }),
      409,
      "duplicate",
      "name",
      "Já existe uma categoria com este nome",
    );
    expectError(
      await o.staff.post("/api/finance/categories", { name: " " }),
      400,
      "validation_failed",
      "name",
    );
    expectError(
      await o.staff.post("/api/finance/categories", { name: "x".repeat(81) }),
      400,
      "validation_failed",
      "name",
    );
    // another office may use the same name
    expect((await other.staff.post("/api/finance/categories", { name: "Consultoria" })).statusCode).toBe(201);

    const renamed = await o.staff.patch(`/api/finance/categories/${c.id}`, {
      name: "Consultoria tributária",
      active: false,
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toEqual({ id: c.id, name: "Consultoria tributária", active: false });
    expect((await o.staff.get(`/api/finance/categories/${c.id}`)).json()).toMatchObject({ active: false });
    const active = (await o.staff.get("/api/finance/categories?active=true")).json() as Page<DebtCategoryDto>;
    expect(active.items.map((x) => x.id)).not.toContain(c.id);
    const found = (await o.staff.get("/api/finance/categories?q=tribut")).json() as Page<DebtCategoryDto>;
    expect(found.items.map((x) => x.id)).toEqual([c.id]);

    // another office's category is not found; client users are refused
    expectError(await other.staff.get(`/api/finance/categories/${c.id}`), 404, "not_found");
    expectError(
      await other.staff.patch(`/api/finance/categories/${c.id}`, { name: "Roubada", active: true }),
      404,
      "not_found",
    );
    expect((await o.staff.get(`/api/finance/categories/${c.id}`)).json()).toMatchObject({
      name: "Consultoria tributária",
    });
    const { session: client } = await createUser(ctx, o.admin, "client");
    expectError(await client.get("/api/finance/categories"), 403, "forbidden");
    expectError(await client.post("/api/finance/categories", { name: "Nova" }), 403, "forbidden");
  });
});

describe("configurações financeiras", () => {
  it("answers the defaults until saved, then what the admin saved", async () => {
    const o = await financeOffice(ctx);
    const defaults: FinanceSettingsDto = {
      pixKey: null,
      pixKeyType: null,
      pixMerchantName: null,
      pixMerchantCity: null,
      pixConfigured: false,
      lateFeeBp: 200,
      monthlyInterestBp: 100,
      remindersEnabled: true,
      reminderOffsets: [-3, 1, 7],
    };
    expect((await o.staff.get("/api/finance/settings")).json()).toEqual(defaults);

    const res = await o.admin.put("/api/finance/settings", {
      pixKey: " 529.982.247-25 ",
      pixMerchantName: "Contabilidade Exemplo Ltda",
      pixMerchantCity: "São Paulo",
      lateFeeBp: 250,
      monthlyInterestBp: 33,
      remindersEnabled: false,
      reminderOffsets: [7, -3, 1],
    });
    expect(res.statusCode).toBe(200);
    const saved: FinanceSettingsDto = {
      pixKey: "52998224725",
      pixKeyType: "cpf",
      pixMerchantName: "Contabilidade Exemplo Ltda",
      pixMerchantCity: "São Paulo",
      pixConfigured: true,
      lateFeeBp: 250,
      monthlyInterestBp: 33,
      remindersEnabled: false,
      reminderOffsets: [-3, 1, 7],
    };
    expect(res.json()).toEqual(saved);
    expect((await o.staff.get("/api/finance/settings")).json()).toEqual(saved);

    const phone = await o.admin.put("/api/finance/settings", {
      pixKey: "(11) 91234-5678",
      pixMerchantName: "Contabilidade Exemplo",
      pixMerchantCity: null,
      lateFeeBp: 0,
      monthlyInterestBp: 0,
    });
    expect(phone.json()).toMatchObject({
      pixKey: "+5511912345678",
      pixKeyType: "phone",
      pixMerchantCity: null,
      pixConfigured: false,
      lateFeeBp: 0,
      reminderOffsets: [],
    });
    const cleared = await o.admin.put("/api/finance/settings", {
      pixKey: "",
      lateFeeBp: 200,
      monthlyInterestBp: 100,
    });
    expect(cleared.json()).toMatchObject({ pixKey: null, pixKeyType: null, pixConfigured: false });

    // every office has its own
    const other = await financeOffice(ctx, "Outro Escritório");
    expect((await other.staff.get("/api/finance/settings")).json()).toEqual(defaults);
  });

  it("refuses bad settings and non-admins", async () => {
    const o = await financeOffice(ctx);
    const base = { lateFeeBp: 200, monthlyInterestBp: 100 };
    const bad = async (over: Record<string, unknown>, field: string, message?: string | RegExp) =>
      expectError(
        await o.admin.put("/api/finance/settings", { ...base, ...over }),
        400,
        "validation_failed",
        field,
        message,
      );
    await bad({ pixKey: "abc" }, "pixKey", /Chave PIX inválida/);
    await bad({ pixKey: "111.111.111-11" }, "pixKey", /Chave PIX inválida/);
    await bad({ lateFeeBp: 2001 }, "lateFeeBp", "Multa acima de 20%");
    await bad({ lateFeeBp: -1 }, "lateFeeBp", "A multa não pode ser negativa");
    await bad({ lateFeeBp: 1.5 }, "lateFeeBp", "Multa inválida");
    await bad({ monthlyInterestBp: 1001 }, "monthlyInterestBp", "Juros acima de 10% ao mês");
    await bad({ monthlyInterestBp: undefined }, "monthlyInterestBp", "Informe os juros");
    await bad({ reminderOffsets: [1, 1] }, "reminderOffsets", "Dias repetidos na régua de cobrança");
    await bad({ reminderOffsets: [-31] }, "reminderOffsets.0", "No máximo 30 dias antes do vencimento");
    await bad(
      { pixMerchantName: "!!! ***" },
      "pixMerchantName",
      "O nome do recebedor precisa ter letras ou números",
    );
    await bad(
      { pixMerchantCity: "@@@" },
      "pixMerchantCity",
      "A cidade do recebedor precisa ter letras ou números",
    );
    expectError(await o.staff.put("/api/finance/settings", base), 403, "forbidden");
    const { session: client } = await createUser(ctx, o.admin, "client");
    expectError(await client.get("/api/finance/settings"), 403, "forbidden");
    expectError(await client.put("/api/finance/settings", base), 403, "forbidden");
    expect((await o.staff.get("/api/finance/settings")).json()).toMatchObject({
      lateFeeBp: 200,
      pixKey: null,
    });
  });
});

/** Seven debts of two clients, one of each shown status and the edges between them. */
async function receivables() {
  const o = await financeOffice(ctx);
  const b = await otherClient(o.staff, o.reg, "Oficina Mecânica Zeta Ltda");
  const cat = o.honorarios.id;
  const post = async (ticketId: string, amountCents: number, dueInDays: number, description: string) =>
    (
      await movimentar(o.staff, ticketId, {
        amountCents,
        dueDate: plusDays(today(), dueInDays),
        categoryId: cat,
        description,
      })
    ).debts[0] as DebtDto;
  const aOpen = await post(o.ticket.id, 10_000, 10, "Honorários de janeiro");
  const aOverdue = await post(o.ticket.id, 20_000, -5, "Taxa da junta comercial");
  const aPartial = await post(o.ticket.id, 30_000, 20, "Abertura de filial");
  await pay(o.staff, aPartial.id, { amountCents: 5_000 });
  const aLatePartial = await post(o.ticket.id, 40_000, -3, "Imposto de renda 50% atrasado");
  await pay(o.staff, aLatePartial.id, { amountCents: 1_000 });
  const bPaid = await post(b.ticket.id, 50_000, 1, "Folha de pagamento");
  await pay(o.staff, bPaid.id, { amountCents: 50_000 });
  const bCancelled = await post(b.ticket.id, 60_000, 2, "Lançamento duplicado");
  await o.staff.post(`/api/finance/debts/${bCancelled.id}/cancel`, { reason: "Duplicado" });
  const bDueToday = await post(b.ticket.id, 70_000, 0, "Alteração contratual");
  const expected: Record<DebtStatus, string[]> = {
    open: [aOpen.id, bDueToday.id],
    overdue: [aOverdue.id, aLatePartial.id],
    partially_paid: [aPartial.id],
    paid: [bPaid.id],
    cancelled: [bCancelled.id],
  };
  return { ...o, b, expected, aOverdue, aLatePartial, bDueToday };
}

describe("contas a receber", () => {
  it("filters by shown status in SQL with the same rule as the screen, with totals of all rows", async () => {
    const r = await receivables();
    // another office's debts never show
    const other = await financeOffice(ctx, "Outro Escritório");
    await movimentar(other.staff, other.ticket.id, {
      categoryId: other.honorarios.id,
      dueDate: plusDays(today(), -1),
    });

    const all = await list(r.staff, "pageSize=200");
    expect(all.total).toBe(7);
    const latePartial = all.items.find((d) => d.id === r.aLatePartial.id) as DebtDto;
    expect(latePartial.paidCents).toBeGreaterThan(0);
    expect(latePartial.paidCents).toBeLessThan(1_000); // part of the R$ 10,00 went to multa/juros
    const sum = (items: DebtDto[], f: (d: DebtDto) => number) => items.reduce((a, d) => a + f(d), 0);
    expect(all.totals).toEqual({
      count: 7,
      amountCents: 280_000,
      paidCents: sum(all.items, (d) => d.paidCents),
      balanceCents: sum(all.items, (d) => d.balanceCents),
    });
    expect(all.totals.balanceCents).toBe(280_000 - 60_000 - all.totals.paidCents);

    let counted = 0;
    for (const status of DEBT_STATUSES) {
      const page = await list(r.staff, `status=${status}`);
      expect(ids(page), status).toEqual([...r.expected[status]].sort());
      expect(page.items.every((d) => d.status === status)).toBe(true);
      expect(page.totals.count).toBe(r.expected[status].length);
      counted += page.totals.count;
    }
    expect(counted).toBe(7);
    const two = await list(r.staff, "status=overdue,open");
    expect(ids(two)).toEqual([...r.expected.overdue, ...r.expected.open].sort());

    // totals cover every matching row, not just the page
    const page = await list(r.staff, "pageSize=2&page=2");
    expect(page.items).toHaveLength(2);
    expect(page.total).toBe(7);
    expect(page.totals).toEqual(all.totals);
    const overdue = await list(r.staff, "status=overdue&pageSize=1");
    expect(overdue.items).toHaveLength(1);
    expect(overdue.totals).toMatchObject({ count: 2, amountCents: 60_000 });
  });

  it("filters by client, atendimento, due dates (inclusive) and text; sorts with a stable order", async () => {
    const r = await receivables();
    expect((await list(r.staff, `clientId=${r.b.client.id}`)).total).toBe(3);
    expect((await list(r.staff, `ticketId=${r.ticket.id}`)).total).toBe(4);
    const day = today();
    expect(ids(await list(r.staff, `dueFrom=${day}&dueTo=${day}`))).toEqual([r.bDueToday.id]);
    expect(ids(await list(r.staff, `dueFrom=${plusDays(day, -5)}&dueTo=${plusDays(day, -3)}`))).toEqual(
      [r.aOverdue.id, r.aLatePartial.id].sort(),
    );
    expect((await list(r.staff, `dueFrom=${plusDays(day, 10)}`)).total).toBe(2);
    // the client's name without accents, or the description
    const q = (text: string) => `q=${encodeURIComponent(text)}`;
    expect((await list(r.staff, q("pao dourado"))).total).toBe(4);
    expect((await list(r.staff, q("JUNTA"))).items.map((d) => d.id)).toEqual([r.aOverdue.id]);
    // LIKE wildcards are plain text
    expect((await list(r.staff, q("50%"))).items.map((d) => d.id)).toEqual([r.aLatePartial.id]);
    expect((await list(r.staff, q("_"))).total).toBe(0);

    const dueAsc = (await list(r.staff)).items.map((d) => d.dueDate);
    expect(dueAsc).toEqual([...dueAsc].sort());
    const dueDesc = (await list(r.staff, "order=desc")).items.map((d) => d.dueDate);
    expect(dueDesc).toEqual([...dueAsc].reverse());
    const amounts = (await list(r.staff, "sort=amount&order=desc")).items.map((d) => d.amountCents);
    expect(amounts).toEqual([70_000, 60_000, 50_000, 40_000, 30_000, 20_000, 10_000]);
    const clients = (await list(r.staff, "sort=client")).items.map((d) => d.client.name);
    expect(clients.slice(0, 3).every((n) => n.startsWith("Oficina"))).toBe(true);
    expect(clients.slice(3).every((n) => n.startsWith("Padaria"))).toBe(true);
    const created = (await list(r.staff, "sort=createdAt")).items.map((d) => d.createdAt);
    expect(created).toEqual([...created].sort());
    // pages never repeat nor skip a row, even with equal sort keys
    const paged: string[] = [];
    for (let p = 1; p <= 4; p++)
      paged.push(...(await list(r.staff, `sort=client&pageSize=2&page=${p}`)).items.map((d) => d.id));
    expect(paged.sort()).toEqual(ids(await list(r.staff, "pageSize=200")));
  });

  it("refuses bad filters and client users", async () => {
    const r = await receivables();
    const bad = async (query: string, field: string) =>
      expectError(await r.staff.get(`/api/finance/debts?${query}`), 400, "validation_failed", field);
    await bad("status=pago", "status.0");
    await bad("sort=valor", "sort");
    await bad("dueFrom=2026-02-30", "dueFrom");
    await bad("clientId=abc", "clientId");
    await bad("pageSize=500", "pageSize");
    expectError(
      await r.staff.get(`/api/finance/debts?dueFrom=${today()}&dueTo=${plusDays(today(), -1)}`),
      400,
      "validation_failed",
      "dueTo",
      "A data final deve ser igual ou posterior à inicial",
    );
    const { session: client, user } = await createUser(ctx, r.admin, "client");
    await r.admin.put(`/api/users/${user.id}/clients`, { clientIds: [r.reg.client.id] });
    expectError(await client.get("/api/finance/debts"), 403, "forbidden");
    expectError(await client.get(`/api/finance/clients/${r.reg.client.id}/statement`), 403, "forbidden");
  });
});

describe("extrato do cliente", () => {
  it("lists every movement in order with the running balance; closing = what the client owes", async () => {
    const o = await financeOffice(ctx);
    const cat = o.honorarios.id;
    const day = today();
    // a debt posted 40 days ago, due 30 days ago, partly paid 10 days ago with multa and juros
    const old = (
      await movimentar(o.staff, o.ticket.id, {
        amountCents: 100_000,
        dueDate: plusDays(day, -30),
        categoryId: cat,
        description: "Honorários antigos",
      })
    ).debts[0] as DebtDto;
    await ctx.database.db
      .update(debts)
      .set({ createdAt: new Date(`${plusDays(day, -40)}T15:00:00Z`) })
      .where(eq(debts.id, old.id));
    const paidOld = await pay(o.staff, old.id, { amountCents: 51_500, paidOn: plusDays(day, -10) });
    const split = allocatePayment({
      amountCents: 51_500,
      balanceCents: 100_000,
      dueDate: plusDays(day, -30),
      paidOn: plusDays(day, -10),
      rates: { lateFeeBp: 200, monthlyInterestBp: 100 },
    });
    if (!split) throw new Error("no split");
    expect(paidOld.paidCents).toBe(split.principalCents);
    const charges = split.lateFeeCents + split.interestCents;
    expect(charges).toBeGreaterThan(0);

    // three installments today: one paid, one cancelled, one open; a payment reversed on another
    const inst = (
      await movimentar(o.staff, o.ticket.id, { amountCents: 30_000, installments: 3, categoryId: cat })
    ).debts as DebtDto[];
    await pay(o.staff, inst[0]?.id as string, { amountCents: 10_000 });
    await o.staff.post(`/api/finance/debts/${inst[1]?.id}/cancel`, { reason: "Desconto concedido" });
    const other = (await movimentar(o.staff, o.ticket.id, { amountCents: 20_000, categoryId: cat }))
      .debts[0] as DebtDto;
    const p = await pay(o.staff, other.id, { amountCents: 5_000 });
    await o.staff.post(`/api/finance/payments/${p.payments[0]?.id}/reversal`, { reason: "PIX devolvido" });
    // another client's debt stays out of this statement
    const b = await otherClient(o.staff, o.reg, "Outra Empresa Ltda");
    await movimentar(o.staff, b.ticket.id, { amountCents: 99_999, categoryId: cat });

    const res = await o.staff.get(`/api/finance/clients/${o.reg.client.id}/statement`);
    expect(res.statusCode).toBe(200);
    const st = res.json() as StatementDto;
    expect(st.client).toMatchObject({ id: o.reg.client.id, name: o.reg.client.name });
    expect(st.openingBalanceCents).toBe(0);
    expect(st.entries.map((e) => e.kind)).toEqual([
      "debt", // 40 days ago
      "charges", // 10 days ago
      "payment",
      "debt", // today: 3 installments
      "debt",
      "debt",
      "payment",
      "cancellation",
      "debt",
      "payment",
      "reversal",
    ]);
    expect(st.entries.map((e) => e.date)).toEqual([...st.entries.map((e) => e.date)].sort());
    expect(st.entries[0]).toMatchObject({
      date: plusDays(day, -40),
      debitCents: 100_000,
      balanceCents: 100_000,
    });
    expect(st.entries[1]).toMatchObject({ date: plusDays(day, -10), debitCents: charges, creditCents: 0 });
    expect(st.entries[2]).toMatchObject({
      creditCents: 51_500,
      balanceCents: 100_000 - split.principalCents,
    });
    expect(st.entries[7]).toMatchObject({ kind: "cancellation", creditCents: 10_000, debtId: inst[1]?.id });
    expect(st.entries[7]?.description).toMatch(/Desconto concedido/);
    expect(st.entries[10]).toMatchObject({ kind: "reversal", debitCents: 5_000, creditCents: 0 });
    let running = st.openingBalanceCents;
    for (const e of st.entries) {
      running += e.debitCents - e.creditCents;
      expect(e.balanceCents).toBe(running);
    }
    expect(st.closingBalanceCents).toBe(running);
    expect(st.totals).toEqual({
      debitCents: st.entries.reduce((a, e) => a + e.debitCents, 0),
      creditCents: st.entries.reduce((a, e) => a + e.creditCents, 0),
    });
    // the closing balance is what the client's debts still owe
    const open = await list(o.staff, `clientId=${o.reg.client.id}&pageSize=200`);
    const owed = open.items.reduce((a, d) => a + d.balanceCents, 0);
    expect(st.closingBalanceCents).toBe(owed);
    expect(st.closingBalanceCents).toBe(100_000 - split.principalCents + 10_000 + 20_000);

    // from: what came before is the opening balance; to: later movements are left out
    const ranged = (
      await o.staff.get(
        `/api/finance/clients/${o.reg.client.id}/statement?from=${plusDays(day, -15)}&to=${plusDays(day, -1)}`,
      )
    ).json() as StatementDto;
    expect(ranged).toMatchObject({
      from: plusDays(day, -15),
      to: plusDays(day, -1),
      openingBalanceCents: 100_000,
    });
    expect(ranged.entries.map((e) => e.kind)).toEqual(["charges", "payment"]);
    expect(ranged.closingBalanceCents).toBe(100_000 - split.principalCents);
    expect(ranged.totals).toEqual({ debitCents: charges, creditCents: 51_500 });
  });

  it("reverses a late payment's charges with it: the balance goes back up by the principal", async () => {
    const o = await financeOffice(ctx);
    const d = (
      await movimentar(o.staff, o.ticket.id, {
        amountCents: 100_000,
        dueDate: plusDays(today(), -30),
        categoryId: o.honorarios.id,
      })
    ).debts[0] as DebtDto;
    const paid: DebtDetail = await pay(o.staff, d.id, { amountCents: 103_000 });
    await o.staff.post(`/api/finance/payments/${paid.payments[0]?.id}/reversal`, {
      reason: "Estorno bancário",
    });
    const st = (
      await o.staff.get(`/api/finance/clients/${o.reg.client.id}/statement`)
    ).json() as StatementDto;
    expect(st.entries.map((e) => [e.kind, e.debitCents, e.creditCents, e.balanceCents])).toEqual([
      ["debt", 100_000, 0, 100_000],
      ["charges", 3_000, 0, 103_000],
      ["payment", 0, 103_000, 0],
      ["reversal", 103_000, 3_000, 100_000],
    ]);
    expect(st.closingBalanceCents).toBe(100_000);
  });

  it("is not found for another office's client and refuses bad dates", async () => {
    const o = await financeOffice(ctx);
    const other = await financeOffice(ctx, "Outro Escritório");
    await movimentar(other.staff, other.ticket.id, { categoryId: other.honorarios.id });
    const res = await o.staff.get(`/api/finance/clients/${other.reg.client.id}/statement`);
    expectError(res, 404, "not_found");
    expect(res.body).not.toContain(other.reg.client.name);
    expectError(await o.staff.get(`/api/finance/clients/${randomUUID()}/statement`), 404, "not_found");
    expectError(
      await o.staff.get(`/api/finance/clients/${o.reg.client.id}/statement?from=2026-13-01`),
      400,
      "validation_failed",
      "from",
    );
    expectError(
      await o.staff.get(`/api/finance/clients/${o.reg.client.id}/statement?from=2026-12-10&to=2026-12-01`),
      400,
      "validation_failed",
      "to",
    );
    const empty = (
      await o.staff.get(`/api/finance/clients/${o.reg.client.id}/statement`)
    ).json() as StatementDto;
    expect(empty).toMatchObject({ entries: [], openingBalanceCents: 0, closingBalanceCents: 0 });
  });

  it("shows a debt paid before it was posted on the payment's day, never a negative balance", async () => {
    const o = await financeOffice(ctx);
    const day = today();
    const { debts } = await movimentar(o.staff, o.ticket.id, {
      categoryId: o.honorarios.id,
      amountCents: 50_000,
      dueDate: plusDays(day, -3),
    });
    const debt = debts[0] as { id: string };
    // received on the due date, registered only now
    await pay(o.staff, debt.id, { amountCents: 50_000, paidOn: plusDays(day, -4) });
    const st = (
      await o.staff.get(`/api/finance/clients/${o.reg.client.id}/statement`)
    ).json() as StatementDto;
    expect(st.entries.map((e) => [e.kind, e.date, e.balanceCents])).toEqual([
      ["debt", plusDays(day, -4), 50_000],
      ["payment", plusDays(day, -4), 0],
    ]);
  });
});
