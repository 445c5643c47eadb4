import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createOffice, expectError, type Session, uniqueCnpj, useTestApp } from "../../test/harness.js";

const ctx = useTestApp();

async function total(s: Session, query = "active=all") {
  const res = await s.get(`/api/clients?${query}`);
  expect(res.statusCode).toBe(200);
  return res.json().total as number;
}

async function createAccountant(s: Session, name = "Roberto Contador") {
  const res = await s.post("/api/accountants", {
    name,
    crc: `1SP${randomUUID().slice(0, 6)}/O-1`,
    cpf: "529.982.247-25",
    email: "roberto@contador.com.br",
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; name: string; crc: string };
}

/** 11.222.333/0001-81 as typed by a person, formatted */
const fmt = (cnpj: string) =>
  `${cnpj.slice(0, 2)}.${cnpj.slice(2, 5)}.${cnpj.slice(5, 8)}/${cnpj.slice(8, 12)}-${cnpj.slice(12)}`;

describe("clients: create, read, search, update", () => {
  it("creates a company client with a formatted CNPJ, e-mails and a default accountant", async () => {
    const { staff } = await createOffice(ctx);
    const acc = await createAccountant(staff);
    const cnpj = uniqueCnpj();
    const res = await staff.post("/api/clients", {
      name: "  Padaria Pão Dourado Ltda ",
      tradeName: "Pão Dourado",
      document: fmt(cnpj),
      emails: ["Contato@PaoDourado.com.br", "contato@paodourado.com.br", "fiscal@paodourado.com.br"],
      phone: "(11) 3333-4444",
      defaultAccountantId: acc.id,
    });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toEqual({
      id: expect.any(String),
      name: "Padaria Pão Dourado Ltda",
      tradeName: "Pão Dourado",
      document: cnpj,
      documentType: "cnpj",
      // lower-cased, and the same e-mail twice is one
      emails: ["contato@paodourado.com.br", "fiscal@paodourado.com.br"],
      failingEmails: [],
      phone: "(11) 3333-4444",
      defaultAccountant: { id: acc.id, name: acc.name, crc: acc.crc },
      taxRegime: null,
      uf: null,
      cityIbgeCode: null,
      cityName: null,
      active: true,
    });
    expect((await staff.get(`/api/clients/${c.id}`)).json()).toEqual(c);
  });

  it("creates a person client with a CPF; optional fields default to empty", async () => {
    const { staff } = await createOffice(ctx);
    const res = await staff.post("/api/clients", { name: "Maria Souza", document: "529.982.247-25" });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      document: "52998224725",
      documentType: "cpf",
      tradeName: null,
      emails: [],
      failingEmails: [],
      phone: null,
      defaultAccountant: null,
      active: true,
    });
  });

  it("accepts the alphanumeric CNPJ and normalises lower case", async () => {
    const { staff } = await createOffice(ctx);
    const res = await staff.post("/api/clients", { name: "Empresa Nova", document: "12.abc.345/01de-35" });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ document: "12ABC34501DE35", documentType: "cnpj" });
    // the same document in upper case is a duplicate
    const dup = await staff.post("/api/clients", { name: "Outra", document: "12.ABC.345/01DE-35" });
    expectError(
      dup,
      409,
      "duplicate",
      "document",
      "Já existe um cliente com este CNPJ/CPF neste escritório.",
    );
    // and it is found by its letters
    expect((await staff.get("/api/clients?q=12.abc")).json().total).toBe(1);
  });

  it("searches without accents, by trade name and by document", async () => {
    const { staff } = await createOffice(ctx);
    const cnpj = "11222333000181";
    await staff.post("/api/clients", { name: "Padaria Pão Dourado", tradeName: "Delícias", document: cnpj });
    await staff.post("/api/clients", { name: "Açougue São João", document: uniqueCnpj() });
    await staff.post("/api/clients", { name: "Mercado Central", document: "529.982.247-25" });
    const names = async (q: string) =>
      (await staff.get(`/api/clients?q=${encodeURIComponent(q)}`))
        .json()
        .items.map((c: { name: string }) => c.name);
    expect(await names("pao")).toEqual(["Padaria Pão Dourado"]);
    expect(await names("PÃO")).toEqual(["Padaria Pão Dourado"]);
    expect(await names("acougue sao joao")).toEqual(["Açougue São João"]);
    expect(await names("delicias")).toEqual(["Padaria Pão Dourado"]);
    expect(await names("11.222.333/0001-81")).toEqual(["Padaria Pão Dourado"]);
    expect(await names("222333")).toEqual(["Padaria Pão Dourado"]);
    expect(await names("529.982")).toEqual(["Mercado Central"]);
    expect(await names("inexistente")).toEqual([]);
    expect(await names("")).toHaveLength(3);
  });

  it("lists ordered by name, with pagination", async () => {
    const { staff } = await createOffice(ctx);
    for (const n of ["Delta", "Bravo", "Echo", "Alfa", "Charlie"])
      expect((await staff.post("/api/clients", { name: n, document: uniqueCnpj() })).statusCode).toBe(201);
    const p1 = (await staff.get("/api/clients?pageSize=2")).json();
    expect(p1).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(p1.items.map((c: { name: string }) => c.name)).toEqual(["Alfa", "Bravo"]);
    const p3 = (await staff.get("/api/clients?pageSize=2&page=3")).json();
    expect(p3.items.map((c: { name: string }) => c.name)).toEqual(["Echo"]);
    const p4 = (await staff.get("/api/clients?pageSize=2&page=4")).json();
    expect(p4).toMatchObject({ total: 5, items: [] });
  });

  it("updates every field and clears the default accountant", async () => {
    const { staff } = await createOffice(ctx);
    const acc = await createAccountant(staff);
    const c = (
      await staff.post("/api/clients", {
        name: "Antiga",
        document: uniqueCnpj(),
        defaultAccountantId: acc.id,
      })
    ).json();
    const res = await staff.patch(`/api/clients/${c.id}`, {
      name: "Nova Razão Social",
      tradeName: "Nova",
      document: "529.982.247-25",
      emails: ["novo@cliente.com.br"],
      phone: "+55 11 99999-0000",
      defaultAccountantId: null,
      active: true,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: c.id,
      name: "Nova Razão Social",
      tradeName: "Nova",
      document: "52998224725",
      documentType: "cpf",
      emails: ["novo@cliente.com.br"],
      failingEmails: [],
      phone: "+55 11 99999-0000",
      defaultAccountant: null,
      taxRegime: null,
      uf: null,
      cityIbgeCode: null,
      cityName: null,
      active: true,
    });
    expect((await staff.get(`/api/clients/${c.id}`)).json()).toEqual(res.json());
  });

  it("deactivates with PATCH active false and filters active=true|false|all", async () => {
    const { staff } = await createOffice(ctx);
    const a = (await staff.post("/api/clients", { name: "Ativo", document: uniqueCnpj() })).json();
    const b = (await staff.post("/api/clients", { name: "Inativo", document: uniqueCnpj() })).json();
    const off = await staff.patch(`/api/clients/${b.id}`, {
      name: b.name,
      document: b.document,
      active: false,
    });
    expect(off.statusCode).toBe(200);
    expect(off.json().active).toBe(false);
    const ids = async (active: string) =>
      (await staff.get(`/api/clients?active=${active}`)).json().items.map((c: { id: string }) => c.id);
    expect(await ids("true")).toEqual([a.id]);
    expect(await ids("false")).toEqual([b.id]);
    expect(await ids("all")).toEqual([a.id, b.id]);
    // the inactive client still opens, and can be reactivated
    expect((await staff.get(`/api/clients/${b.id}`)).json().active).toBe(false);
    const on = await staff.patch(`/api/clients/${b.id}`, {
      name: b.name,
      document: b.document,
      active: true,
    });
    expect(on.json().active).toBe(true);
    expect(await ids("false")).toEqual([]);
  });

  it("an unknown or malformed id", async () => {
    const { staff } = await createOffice(ctx);
    expect(expectError(await staff.get(`/api/clients/${randomUUID()}`), 404, "not_found").message).toBe(
      "Cliente não encontrado.",
    );
    expectError(
      await staff.patch(`/api/clients/${randomUUID()}`, { name: "X", document: uniqueCnpj() }),
      404,
      "not_found",
    );
    expectError(
      await staff.get("/api/clients/nao-e-uuid"),
      400,
      "validation_failed",
      "id",
      "Identificador inválido",
    );
  });
});

describe("clients: bad input saves nothing", () => {
  const valid = () => ({ name: "Cliente Válido", document: uniqueCnpj(), emails: ["a@b.com.br"] });

  it.each([
    ["invalid CNPJ", { document: "11.222.333/0001-82" }, "document", "CNPJ ou CPF inválido"],
    ["CNPJ with all equal digits", { document: "11.111.111/1111-11" }, "document", "CNPJ ou CPF inválido"],
    ["invalid alphanumeric CNPJ", { document: "12.ABC.345/01DE-36" }, "document", "CNPJ ou CPF inválido"],
    ["invalid CPF", { document: "529.982.247-26" }, "document", "CNPJ ou CPF inválido"],
    ["CPF with equal digits", { document: "111.111.111-11" }, "document", "CNPJ ou CPF inválido"],
    ["a document of 12 digits", { document: "123456789012" }, "document", "CNPJ ou CPF inválido"],
    ["empty document", { document: "" }, "document", "CNPJ ou CPF inválido"],
    ["missing document", { document: undefined }, "document", "Informe o CNPJ ou CPF"],
    ["missing name", { name: undefined }, "name", "Informe o nome ou razão social"],
    ["blank name", { name: "  " }, "name", "Informe o nome ou razão social"],
    [
      "name over 200 characters",
      { name: "N".repeat(201) },
      "name",
      "Nome ou razão social deve ter no máximo 200 caracteres",
    ],
    [
      "trade name over 200 characters",
      { tradeName: "T".repeat(201) },
      "tradeName",
      "Nome fantasia deve ter no máximo 200 caracteres",
    ],
    ["invalid e-mail in the list", { emails: ["nao-e-email"] }, "emails.0", "E-mail inválido"],
    ["second e-mail invalid", { emails: ["ok@cliente.com.br", "x@"] }, "emails.1", "E-mail inválido"],
    ["e-mails not a list", { emails: "a@b.com.br" }, "emails", "Lista de e-mails inválida"],
    [
      "more than 10 e-mails",
      { emails: Array.from({ length: 11 }, (_, i) => `e${i}@cliente.com.br`) },
      "emails",
      "Informe no máximo 10 e-mails",
    ],
    ["invalid phone", { phone: "ligar depois" }, "phone", "Telefone inválido"],
    [
      "malformed accountant id",
      { defaultAccountantId: "123" },
      "defaultAccountantId",
      "Identificador inválido",
    ],
    [
      "unknown accountant",
      { defaultAccountantId: randomUUID() },
      "defaultAccountantId",
      "Contador não encontrado.",
    ],
  ])("%s → 400", async (_why, over, field, message) => {
    const { staff } = await createOffice(ctx);
    const before = await total(staff);
    const res = await staff.post("/api/clients", { ...valid(), ...over });
    expect(expectError(res, 400, "validation_failed", field, message).message).toBe(
      "Verifique os campos destacados.",
    );
    expect(await total(staff)).toBe(before);
  });

  it("accepts a name of exactly 200 characters", async () => {
    const { staff } = await createOffice(ctx);
    const res = await staff.post("/api/clients", { ...valid(), name: "N".repeat(200) });
    expect(res.statusCode).toBe(201);
  });

  it("a duplicate document in the same office → 409, however it is typed", async () => {
    const { staff } = await createOffice(ctx);
    const cnpj = uniqueCnpj();
    expect((await staff.post("/api/clients", { name: "Primeira", document: cnpj })).statusCode).toBe(201);
    const before = await total(staff);
    for (const document of [cnpj, fmt(cnpj), ` ${fmt(cnpj)} `]) {
      const res = await staff.post("/api/clients", { name: "Segunda", document });
      const err = expectError(
        res,
        409,
        "duplicate",
        "document",
        "Já existe um cliente com este CNPJ/CPF neste escritório.",
      );
      expect(err.message).toBe("Já existe um cliente com este CNPJ/CPF neste escritório.");
    }
    expect(await total(staff)).toBe(before);
    expect((await staff.get("/api/clients?q=Segunda")).json().total).toBe(0);
  });

  it("the same document is allowed in another office", async () => {
    const a = await createOffice(ctx, "Escritório A");
    const b = await createOffice(ctx, "Escritório B");
    const cnpj = uniqueCnpj();
    expect((await a.staff.post("/api/clients", { name: "Cliente em A", document: cnpj })).statusCode).toBe(
      201,
    );
    const res = await b.staff.post("/api/clients", { name: "Cliente em B", document: cnpj });
    expect(res.statusCode).toBe(201);
    expect(res.json().name).toBe("Cliente em B");
  });

  it("changing a document to one in use → 409 and the client is unchanged", async () => {
    const { staff } = await createOffice(ctx);
    const taken = uniqueCnpj();
    await staff.post("/api/clients", { name: "Dona", document: taken });
    const c = (await staff.post("/api/clients", { name: "Outra", document: uniqueCnpj() })).json();
    const res = await staff.patch(`/api/clients/${c.id}`, { name: "Renomeada", document: taken });
    expectError(res, 409, "duplicate", "document");
    expect((await staff.get(`/api/clients/${c.id}`)).json()).toEqual(c);
  });

  it("an update with bad input changes nothing", async () => {
    const { staff } = await createOffice(ctx);
    const c = (await staff.post("/api/clients", { ...valid(), name: "Intacta" })).json();
    for (const over of [
      { document: "00.000.000/0000-00" },
      { emails: ["bom@x.com.br", "ruim"] },
      { defaultAccountantId: randomUUID() },
      { name: "" },
    ]) {
      const res = await staff.patch(`/api/clients/${c.id}`, { name: "Mudou", document: c.document, ...over });
      expect(res.statusCode, JSON.stringify(over)).toBe(400);
    }
    expect((await staff.get(`/api/clients/${c.id}`)).json()).toEqual(c);
  });
});

describe("clients: tax regime, município (IBGE) and UF", () => {
  it("saves the regime, the UF (lower case accepted) and the município; clears them with null", async () => {
    const { staff } = await createOffice(ctx);
    const res = await staff.post("/api/clients", {
      name: "Mercado Campinas Ltda",
      document: uniqueCnpj(),
      taxRegime: "simples_nacional",
      uf: "sp",
      cityIbgeCode: "3509502",
      cityName: "Campinas",
    });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      taxRegime: "simples_nacional",
      uf: "SP",
      cityIbgeCode: "3509502",
      cityName: "Campinas",
    });
    const cleared = await staff.patch(`/api/clients/${c.id}`, {
      name: c.name,
      document: c.document,
      taxRegime: null,
      uf: null,
      cityIbgeCode: null,
      cityName: null,
    });
    expect(cleared.json()).toMatchObject({ taxRegime: null, uf: null, cityIbgeCode: null, cityName: null });
  });

  it("refuses an unknown regime or UF and an IBGE code that is not 7 digits or not of the UF", async () => {
    const { staff } = await createOffice(ctx);
    const base = { name: "Cliente", document: uniqueCnpj() };
    expectError(
      await staff.post("/api/clients", { ...base, taxRegime: "lucro_imaginario" }),
      400,
      "validation_failed",
      "taxRegime",
      "Regime tributário inválido",
    );
    expectError(
      await staff.post("/api/clients", { ...base, uf: "XX" }),
      400,
      "validation_failed",
      "uf",
      "UF inválida",
    );
    expectError(
      await staff.post("/api/clients", { ...base, uf: "SP", cityIbgeCode: "35095", cityName: "Campinas" }),
      400,
      "validation_failed",
      "cityIbgeCode",
      "O código IBGE do município tem 7 dígitos",
    );
    // 3304557 is Rio de Janeiro (33 = RJ), not a município of SP
    expectError(
      await staff.post("/api/clients", {
        ...base,
        uf: "SP",
        cityIbgeCode: "3304557",
        cityName: "Rio de Janeiro",
      }),
      400,
      "validation_failed",
      "cityIbgeCode",
      /não é de um município de SP/,
    );
    expectError(
      await staff.post("/api/clients", { ...base, cityIbgeCode: "3550308", cityName: "São Paulo" }),
      400,
      "validation_failed",
      "uf",
      "Informe a UF do município",
    );
    expect((await staff.get(`/api/clients?q=${base.document}`)).json().total).toBe(0);
  });
});
