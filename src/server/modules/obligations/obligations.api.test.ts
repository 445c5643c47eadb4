import { describe, expect, it } from "vitest";
import { createClientUser } from "../../test/finance-fixtures.js";
import { createOffice, expectError, type Session, uniqueCnpj, useTestApp } from "../../test/harness.js";
import { STARTER_OBLIGATIONS } from "./catalogue.js";
import { jobPeriod, runScheduledGeneration } from "./generation.js";

const ctx = useTestApp();

// a competência far in the future: its dates are "future" whatever day the tests run
const PERIOD = "2030-05";

async function client(s: Session, name: string, over: Record<string, unknown> = {}) {
  const res = await s.post("/api/clients", {
    name,
    document: uniqueCnpj(),
    taxRegime: "simples_nacional",
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string };
}

async function obligation(s: Session, over: Record<string, unknown> = {}) {
  const res = await s.post("/api/obligations", {
    name: "DAS — Simples Nacional",
    department: "fiscal",
    taxRegimes: ["simples_nacional"],
    periodicity: "monthly",
    offsetMonths: 1,
    legalDay: 20,
    shift: "after",
    targetBusinessDays: 2,
    checklist: ["Apurar", "Emitir a guia"],
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; months: number[] };
}

async function deadlines(s: Session, month: string) {
  const res = await s.get(`/api/obligations/deadlines?month=${month}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as {
    id: string;
    client: { name: string };
    legalDueDate: string;
    targetDate: string;
    subject: string;
  }[];
}

describe("obrigações: cadastro", () => {
  it("adds the starter catalogue once, with every rule as data", async () => {
    const { staff } = await createOffice(ctx);
    expect((await staff.post("/api/obligations/starter")).json()).toEqual({
      added: STARTER_OBLIGATIONS.length,
    });
    expect((await staff.post("/api/obligations/starter")).json()).toEqual({ added: 0 });
    const list = (await staff.get("/api/obligations?pageSize=100")).json();
    expect(list.total).toBe(STARTER_OBLIGATIONS.length);
    const das = list.items.find((o: { name: string }) => o.name === "DAS — Simples Nacional");
    expect(das).toMatchObject({
      legalDay: 20,
      offsetMonths: 1,
      shift: "after",
      months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    });
    const irpj = list.items.find((o: { name: string }) => o.name === "IRPJ/CSLL trimestral");
    expect(irpj.months).toEqual([3, 6, 9, 12]);
  });

  it("refuses bad rules with pt-BR messages and saves nothing", async () => {
    const { staff } = await createOffice(ctx);
    const base = {
      name: "X",
      department: "fiscal",
      periodicity: "monthly",
      offsetMonths: 1,
      legalDay: 20,
      shift: "after",
    };
    expectError(
      await staff.post("/api/obligations", base),
      400,
      "validation_failed",
      "taxRegimes",
      /regime tributário ou um cliente/,
    );
    expectError(
      await staff.post("/api/obligations", { ...base, taxRegimes: ["mei"], legalDay: 32 }),
      400,
      "validation_failed",
      "legalDay",
      /1 a 31/,
    );
    expectError(
      await staff.post("/api/obligations", { ...base, taxRegimes: ["mei"], legalDay: 0 }),
      400,
      "validation_failed",
      "legalDay",
    );
    expectError(
      await staff.post("/api/obligations", { ...base, taxRegimes: ["mei"], shift: "sideways" }),
      400,
      "validation_failed",
      "shift",
    );
    expectError(
      await staff.post("/api/obligations", { ...base, taxRegimes: ["mei"], offsetMonths: 13 }),
      400,
      "validation_failed",
      "offsetMonths",
    );
    expectError(
      await staff.post("/api/obligations", {
        ...base,
        taxRegimes: ["mei"],
        periodicity: "custom",
        months: [],
      }),
      400,
      "validation_failed",
      "months",
    );
    expect((await staff.get("/api/obligations")).json().total).toBe(0);
  });

  it("never reaches another office: its obligation is a 404, its client and user are refused", async () => {
    const a = await createOffice(ctx, "Escritório A");
    const b = await createOffice(ctx, "Escritório B");
    const oa = await obligation(a.staff);
    const cb = await client(b.staff, "Cliente de B Ltda");
    expectError(await b.staff.get(`/api/obligations/${oa.id}`), 404, "not_found");
    expectError(await b.staff.request("DELETE", `/api/obligations/${oa.id}`), 404, "not_found");
    expectError(
      await a.staff.post("/api/obligations", {
        name: "Y",
        department: "fiscal",
        clientIds: [cb.id],
        periodicity: "monthly",
        offsetMonths: 1,
        legalDay: 20,
        shift: "after",
      }),
      400,
      "validation_failed",
      "clientIds",
    );
    expectError(
      await a.staff.post("/api/obligations", {
        name: "Y",
        department: "fiscal",
        taxRegimes: ["mei"],
        assigneeId: b.staffUser.id,
        periodicity: "monthly",
        offsetMonths: 1,
        legalDay: 20,
        shift: "after",
      }),
      400,
      "validation_failed",
      "assigneeId",
    );
    expect((await b.staff.get("/api/obligations")).json().total).toBe(0);
  });

  it("a client user gets 403 on every obligation route", async () => {
    const { admin, staff } = await createOffice(ctx);
    const c = await client(staff, "Padaria Pão Dourado Ltda");
    const o = await obligation(staff);
    const { session } = await createClientUser(ctx, admin, [c.id]);
    for (const res of [
      await session.get("/api/obligations"),
      await session.get(`/api/obligations/${o.id}`),
      await session.get(`/api/obligations/preview?period=${PERIOD}`),
      await session.post("/api/obligations/generate", { period: PERIOD }),
      await session.get(`/api/obligations/deadlines?month=2030-06`),
      await session.get("/api/fiscal-calendar"),
    ])
      expectError(res, 403, "forbidden");
  });
});

describe("obrigações: generation of a competência", () => {
  it("previews, then creates one atendimento per client × obligation with Data Legal and Meta; again creates none", async () => {
    const { staff, staffUser } = await createOffice(ctx);
    // 20/06/2030 is a Thursday; Corpus Christi 2030 (Easter 21/04 + 60) is Thursday 20/06:
    // a holiday in São Paulo city by municipal law, a business day in Campinas
    const sp = await client(staff, "Alfa Comércio Ltda", {
      uf: "SP",
      cityIbgeCode: "3550308",
      cityName: "São Paulo",
    });
    const campinas = await client(staff, "Beta Serviços Ltda", {
      uf: "SP",
      cityIbgeCode: "3509502",
      cityName: "Campinas",
    });
    const noCity = await client(staff, "Gama Indústria Ltda", { uf: "RJ" });
    await client(staff, "Delta MEI", { taxRegime: "mei" });
    const chosen = await client(staff, "Épsilon Presumido Ltda", { taxRegime: "lucro_presumido" });
    const o = await obligation(staff, {
      clientIds: [chosen.id],
      assigneeId: staffUser.id,
      amountCents: 15000,
    });

    const pre = (await staff.get(`/api/obligations/preview?period=${PERIOD}`)).json();
    expect(pre).toMatchObject({ period: PERIOD, total: 4, toCreate: 4, existing: 0, withoutCity: 2 });
    const byClient = new Map(
      pre.items.map((i: { clientId: string; legalDueDate: string }) => [i.clientId, i.legalDueDate]),
    );
    expect(byClient.get(sp.id)).toBe("2030-06-21");
    expect(byClient.get(campinas.id)).toBe("2030-06-20");
    expect(byClient.get(noCity.id)).toBe("2030-06-20");
    expect(pre.items.find((i: { clientId: string }) => i.clientId === noCity.id).withoutCity).toBe(true);
    // a preview writes nothing
    expect(await deadlines(staff, "2030-06")).toEqual([]);

    const gen = await staff.post("/api/obligations/generate", { period: PERIOD });
    expect(gen.statusCode, gen.body).toBe(200);
    expect(gen.json()).toEqual({ period: PERIOD, created: 4, existing: 0 });
    const items = await deadlines(staff, "2030-06");
    expect(items).toHaveLength(4);
    const alfa = items.find((i) => i.client.name === "Alfa Comércio Ltda");
    expect(alfa).toMatchObject({
      legalDueDate: "2030-06-21",
      // 2 business days before Friday 21/06, skipping Corpus Christi 20/06 in São Paulo
      targetDate: "2030-06-18",
      subject: "DAS — Simples Nacional — competência 05/2030",
    });

    const t = (await staff.get(`/api/tickets/${alfa?.id}`)).json();
    expect(t).toMatchObject({ status: "open", amountCents: 15000, assignee: { id: staffUser.id } });
    expect((await staff.get(`/api/tickets/${alfa?.id}/history`)).json()[0]).toMatchObject({
      type: "created",
    });

    expect((await staff.post("/api/obligations/generate", { period: PERIOD })).json()).toEqual({
      period: PERIOD,
      created: 0,
      existing: 4,
    });
    expect(await deadlines(staff, "2030-06")).toHaveLength(4);
    expect((await staff.get(`/api/obligations/${o.id}`)).json().itemCount).toBe(4);
  });

  it("two generators at once create each item once", async () => {
    const { staff } = await createOffice(ctx);
    for (let i = 0; i < 6; i++) await client(staff, `Cliente ${i} Ltda`);
    await obligation(staff);
    await obligation(staff, { name: "FGTS Digital", department: "pessoal", shift: "before" });
    const [r1, r2] = await Promise.all([
      staff.post("/api/obligations/generate", { period: PERIOD }),
      staff.post("/api/obligations/generate", { period: PERIOD }),
    ]);
    expect([r1.statusCode, r2.statusCode]).toEqual([200, 200]);
    expect(r1.json().created + r2.json().created).toBe(12);
    const items = await deadlines(staff, "2030-06");
    expect(items).toHaveLength(12);
    // protocol numbers are unique and without gaps
    const protocols = new Set(
      (await staff.get("/api/tickets?pageSize=50")).json().items.map((t: { protocol: string }) => t.protocol),
    );
    expect(protocols.size).toBe(12);
  });

  it("offices are isolated: each generates its own clients, sees only its own deadlines", async () => {
    const a = await createOffice(ctx, "Escritório A");
    const b = await createOffice(ctx, "Escritório B");
    await client(a.staff, "Cliente A1 Ltda");
    await client(a.staff, "Cliente A2 Ltda");
    await client(b.staff, "Cliente B1 Ltda");
    await obligation(a.staff);
    await obligation(b.staff);
    const [ra, rb] = await Promise.all([
      a.staff.post("/api/obligations/generate", { period: PERIOD }),
      b.staff.post("/api/obligations/generate", { period: PERIOD }),
    ]);
    expect(ra.json().created).toBe(2);
    expect(rb.json().created).toBe(1);
    expect((await deadlines(a.staff, "2030-06")).map((i) => i.client.name).sort()).toEqual([
      "Cliente A1 Ltda",
      "Cliente A2 Ltda",
    ]);
    expect((await deadlines(b.staff, "2030-06")).map((i) => i.client.name)).toEqual(["Cliente B1 Ltda"]);
  });

  it("a rule change re-dates only future untouched items; a deleted obligation keeps its items", async () => {
    const { staff, staffUser } = await createOffice(ctx);
    const svc = (await staff.post("/api/services", { name: "DAS mensal", priceCents: 9000 })).json();
    await client(staff, "Alfa Ltda");
    await client(staff, "Beta Ltda");
    const body = {
      name: "DAS — Simples Nacional",
      department: "fiscal",
      taxRegimes: ["simples_nacional"],
      periodicity: "monthly",
      offsetMonths: 1,
      legalDay: 20,
      shift: "after",
      targetBusinessDays: 0,
      assigneeId: staffUser.id,
      serviceId: svc.id,
    };
    const o = (await staff.post("/api/obligations", body)).json();
    await staff.post("/api/obligations/generate", { period: PERIOD });
    const [alfa, beta] = (await deadlines(staff, "2030-06")).sort((x, y) =>
      x.client.name.localeCompare(y.client.name),
    );
    // Beta's atendimento is edited: it is no longer untouched
    const bt = (await staff.get(`/api/tickets/${beta?.id}`)).json();
    const edit = await staff.put(`/api/tickets/${beta?.id}`, {
      requesterId: bt.requester.id,
      serviceId: svc.id,
      assigneeId: staffUser.id,
      subject: `${bt.subject} (conferido)`,
      amountCents: bt.amountCents,
      version: bt.version,
    });
    expect(edit.statusCode, edit.body).toBe(200);

    // legal day 20 → 10 (Monday 10/06/2030)
    const upd = await staff.patch(`/api/obligations/${o.id}`, { ...body, legalDay: 10 });
    expect(upd.statusCode, upd.body).toBe(200);
    const after = new Map((await deadlines(staff, "2030-06")).map((i) => [i.id, i.legalDueDate]));
    expect(after.get(alfa?.id as string)).toBe("2030-06-10");
    expect(after.get(beta?.id as string)).toBe("2030-06-20");
    const hist = (await staff.get(`/api/tickets/${alfa?.id}/history`)).json();
    expect(hist.at(-1).changes).toEqual([
      { field: "legalDueDate", label: "Data Legal", from: "20/06/2030", to: "10/06/2030" },
    ]);

    // deleted: gone from the cadastro, no more generation, its atendimentos kept
    expect((await staff.request("DELETE", `/api/obligations/${o.id}`)).statusCode).toBe(204);
    expectError(await staff.get(`/api/obligations/${o.id}`), 404, "not_found");
    expect((await staff.post("/api/obligations/generate", { period: "2030-06" })).json().created).toBe(0);
    expect(await deadlines(staff, "2030-06")).toHaveLength(2);
  });

  it("the scheduled job generates the competência that ended, once per office, even run twice at once", async () => {
    const { staff, office } = await createOffice(ctx);
    await client(staff, "Alfa Ltda");
    await client(staff, "Beta Ltda");
    await obligation(staff);
    // 01/06/2030 02:30 UTC is 23:30 of 31/05 in São Paulo → competência 04/2030; at 12:00 UTC it is 05/2030
    expect(jobPeriod(new Date("2030-06-01T02:30:00Z"))).toBe("2030-04");
    const now = new Date("2030-06-01T12:00:00Z");
    expect(jobPeriod(now)).toBe(PERIOD);
    const db = ctx.database.db;
    const [r1, r2] = await Promise.all([
      runScheduledGeneration(db, { now, officeId: office.id }),
      runScheduledGeneration(db, { now, officeId: office.id }),
    ]);
    expect(r1.created + r2.created).toBe(2);
    expect((await runScheduledGeneration(db, { now, officeId: office.id })).created).toBe(0);
    const items = await deadlines(staff, "2030-06");
    expect(items).toHaveLength(2);
    // generated by the job: the history names no person
    expect((await staff.get(`/api/tickets/${items[0]?.id}/history`)).json()[0]).toMatchObject({
      type: "created",
      actor: null,
    });
  });

  it("an obligation with no client yet generates nothing, without error", async () => {
    const { staff } = await createOffice(ctx);
    await obligation(staff, { taxRegimes: ["lucro_real"] });
    expect((await staff.post("/api/obligations/generate", { period: PERIOD })).json()).toEqual({
      period: PERIOD,
      created: 0,
      existing: 0,
    });
  });

  it("refuses a bad competência", async () => {
    const { staff } = await createOffice(ctx);
    for (const period of ["2030-13", "2030-5", "abc", "1999-12"])
      expectError(
        await staff.post("/api/obligations/generate", { period }),
        400,
        "validation_failed",
        "period",
      );
    expectError(await staff.get("/api/obligations/preview?period=2030-00"), 400, "validation_failed");
  });
});

describe("fiscal calendar settings", () => {
  it("an office holiday for one município moves only that city's clients; bad dates are refused", async () => {
    const { admin, staff } = await createOffice(ctx);
    const campinas = await client(staff, "Campineira Ltda", {
      uf: "SP",
      cityIbgeCode: "3509502",
      cityName: "Campinas",
    });
    const sorocaba = await client(staff, "Sorocabana Ltda", {
      uf: "SP",
      cityIbgeCode: "3552205",
      cityName: "Sorocaba",
    });
    await obligation(staff);
    expectError(
      await admin.post("/api/fiscal-calendar/holidays", { date: "2030-02-30", name: "X" }),
      400,
      "validation_failed",
      "date",
      /Data inválida/,
    );
    expectError(
      await admin.post("/api/fiscal-calendar/holidays", {
        date: "2030-06-20",
        name: "X",
        cityIbgeCode: "3509502",
      }),
      400,
      "validation_failed",
      "uf",
    );
    expectError(
      await staff.post("/api/fiscal-calendar/holidays", { date: "2030-06-20", name: "X" }),
      403,
      "forbidden",
    );
    const h = await admin.post("/api/fiscal-calendar/holidays", {
      date: "2030-06-20",
      name: "Feriado de Campinas",
      uf: "SP",
      cityIbgeCode: "3509502",
    });
    expect(h.statusCode, h.body).toBe(201);
    const pre = (await staff.get(`/api/obligations/preview?period=${PERIOD}`)).json();
    const by = new Map(
      pre.items.map((i: { clientId: string; legalDueDate: string }) => [i.clientId, i.legalDueDate]),
    );
    expect(by.get(campinas.id)).toBe("2030-06-21");
    expect(by.get(sorocaba.id)).toBe("2030-06-20");
    // Corpus Christi everywhere (office setting) moves Sorocaba too
    const put = await admin.put("/api/fiscal-calendar", { carnaval: true, corpusChristi: true });
    expect(put.json()).toMatchObject({
      carnaval: true,
      corpusChristi: true,
      holidays: [{ name: "Feriado de Campinas" }],
    });
    const pre2 = (await staff.get(`/api/obligations/preview?period=${PERIOD}`)).json();
    expect(pre2.items.every((i: { legalDueDate: string }) => i.legalDueDate === "2030-06-21")).toBe(true);
    // another office does not see or delete the holiday
    const other = await createOffice(ctx);
    expect((await other.admin.get("/api/fiscal-calendar")).json().holidays).toEqual([]);
    expectError(
      await other.admin.request("DELETE", `/api/fiscal-calendar/holidays/${h.json().id}`),
      404,
      "not_found",
    );
  });
});
