import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MAX_AMOUNT_CENTS } from "../../../shared/money.js";
import { createOffice, expectError, type Session, useTestApp } from "../../test/harness.js";

const ctx = useTestApp();

async function total(s: Session) {
  const res = await s.get("/api/services?active=all");
  expect(res.statusCode).toBe(200);
  return res.json().total as number;
}

describe("services: create, read, search, update", () => {
  it("creates a service with its price in centavos", async () => {
    const { staff } = await createOffice(ctx);
    const res = await staff.post("/api/services", { name: "  Declaração de IRPF ", priceCents: 35000 });
    expect(res.statusCode).toBe(201);
    const s = res.json();
    expect(s).toEqual({
      id: expect.any(String),
      name: "Declaração de IRPF",
      priceCents: 35000,
      active: true,
    });
    expect((await staff.get(`/api/services/${s.id}`)).json()).toEqual(s);
  });

  it("keeps zero and the largest allowed price exact, as numbers", async () => {
    const { staff } = await createOffice(ctx);
    const free = (await staff.post("/api/services", { name: "Orientação", priceCents: 0 })).json();
    const max = (
      await staff.post("/api/services", { name: "Auditoria", priceCents: MAX_AMOUNT_CENTS })
    ).json();
    const odd = (await staff.post("/api/services", { name: "Balancete", priceCents: 99_999_999_999 })).json();
    expect(free.priceCents).toBe(0);
    for (const [s, cents] of [
      [max, MAX_AMOUNT_CENTS],
      [odd, 99_999_999_999],
    ] as const) {
      const read = (await staff.get(`/api/services/${s.id}`)).json();
      expect(read.priceCents).toBe(cents);
      expect(typeof read.priceCents).toBe("number");
    }
  });

  it("searches without accents, ordered by name, with pagination", async () => {
    const { staff } = await createOffice(ctx);
    for (const name of [
      "Declaração de IRPF",
      "Abertura de empresa",
      "Folha de pagamento",
      "Declarações acessórias",
    ])
      expect((await staff.post("/api/services", { name, priceCents: 100 })).statusCode).toBe(201);
    const names = async (q: string) =>
      (await staff.get(`/api/services?q=${encodeURIComponent(q)}`))
        .json()
        .items.map((s: { name: string }) => s.name);
    expect(await names("declaracao")).toEqual(["Declaração de IRPF"]);
    expect(await names("DECLARA")).toEqual(["Declaração de IRPF", "Declarações acessórias"]);
    expect(await names("acessorias")).toEqual(["Declarações acessórias"]);
    expect(await names("nada disso")).toEqual([]);
    const p = (await staff.get("/api/services?pageSize=3&page=1")).json();
    expect(p).toMatchObject({ total: 4, page: 1, pageSize: 3 });
    expect(p.items.map((s: { name: string }) => s.name)).toEqual([
      "Abertura de empresa",
      "Declaração de IRPF",
      "Declarações acessórias",
    ]);
    const p2 = (await staff.get("/api/services?pageSize=3&page=2")).json();
    expect(p2.items.map((s: { name: string }) => s.name)).toEqual(["Folha de pagamento"]);
  });

  it("updates and deactivates; active=true|false|all filters", async () => {
    const { staff } = await createOffice(ctx);
    const a = (await staff.post("/api/services", { name: "Alfa", priceCents: 100 })).json();
    const b = (await staff.post("/api/services", { name: "Beta", priceCents: 200 })).json();
    const upd = await staff.patch(`/api/services/${a.id}`, { name: "Alfa Plus", priceCents: 150 });
    expect(upd.statusCode).toBe(200);
    expect(upd.json()).toEqual({ id: a.id, name: "Alfa Plus", priceCents: 150, active: true });
    const off = await staff.patch(`/api/services/${b.id}`, { name: "Beta", priceCents: 200, active: false });
    expect(off.json().active).toBe(false);
    const ids = async (active: string) =>
      (await staff.get(`/api/services?active=${active}`)).json().items.map((s: { id: string }) => s.id);
    expect(await ids("true")).toEqual([a.id]);
    expect(await ids("false")).toEqual([b.id]);
    expect(await ids("all")).toEqual([a.id, b.id]);
    expectError(await staff.get("/api/services?active=sim"), 400, "validation_failed", "active");
  });

  it("an unknown or malformed id", async () => {
    const { staff } = await createOffice(ctx);
    expect(expectError(await staff.get(`/api/services/${randomUUID()}`), 404, "not_found").message).toBe(
      "Serviço não encontrado.",
    );
    expectError(
      await staff.patch(`/api/services/${randomUUID()}`, { name: "X", priceCents: 1 }),
      404,
      "not_found",
    );
    expectError(await staff.get("/api/services/1"), 400, "validation_failed", "id", "Identificador inválido");
  });
});

describe("services: bad input saves nothing", () => {
  it.each([
    ["negative price", { priceCents: -1 }, "priceCents", "O valor não pode ser negativo"],
    ["price as a string", { priceCents: "100" }, "priceCents", "Informe um valor numérico"],
    ["price in reais with comma", { priceCents: "1,50" }, "priceCents", "Informe um valor numérico"],
    ["non-integer centavos", { priceCents: 10.5 }, "priceCents", "O valor deve estar em centavos inteiros"],
    [
      "price over the maximum",
      { priceCents: MAX_AMOUNT_CENTS + 1 },
      "priceCents",
      "Valor acima do permitido",
    ],
    ["null price", { priceCents: null }, "priceCents", "Informe um valor numérico"],
    ["missing price", { priceCents: undefined }, "priceCents", "Informe um valor numérico"],
    ["missing name", { name: undefined }, "name", "Informe o nome"],
    ["blank name", { name: " " }, "name", "Informe o nome"],
    ["name over 120 characters", { name: "S".repeat(121) }, "name", "Nome deve ter no máximo 120 caracteres"],
    ["name not a string", { name: 42 }, "name", "Informe o nome"],
  ])("%s → 400", async (_why, over, field, message) => {
    const { staff } = await createOffice(ctx);
    const before = await total(staff);
    const res = await staff.post("/api/services", { name: "Serviço", priceCents: 1000, ...over });
    expect(expectError(res, 400, "validation_failed", field, message).message).toBe(
      "Verifique os campos destacados.",
    );
    expect(await total(staff)).toBe(before);
  });

  it("reports every bad field at once", async () => {
    const { staff } = await createOffice(ctx);
    const res = await staff.post("/api/services", { name: "", priceCents: -5 });
    const err = expectError(res, 400, "validation_failed");
    expect(err.fields).toEqual({ name: "Informe o nome", priceCents: "O valor não pode ser negativo" });
  });

  it("a body that is not JSON is a pt-BR 400", async () => {
    const { staff } = await createOffice(ctx);
    const res = await staff.request("POST", "/api/services", "{nome: ", {
      "content-type": "application/json",
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe("Requisição inválida.");
  });

  it("a NUL character in a text → 400, not a server error", async () => {
    const { staff } = await createOffice(ctx);
    const before = await total(staff);
    const res = await staff.post("/api/services", { name: "Folha\u0000", priceCents: 100 });
    expectError(res, 400, "validation_failed", "name", "Nome contém caracteres não permitidos");
    expect(await total(staff)).toBe(before);
  });

  it("an update with bad input changes nothing", async () => {
    const { staff } = await createOffice(ctx);
    const s = (await staff.post("/api/services", { name: "Intacto", priceCents: 500 })).json();
    for (const body of [
      { name: "Mudou", priceCents: -1 },
      { name: "Mudou", priceCents: "500" },
      { name: "", priceCents: 600 },
      { name: "Mudou", priceCents: 1.1 },
    ]) {
      expect((await staff.patch(`/api/services/${s.id}`, body)).statusCode).toBe(400);
    }
    expect((await staff.get(`/api/services/${s.id}`)).json()).toEqual(s);
  });
});
