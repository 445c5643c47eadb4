import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createOffice, expectError, type Session, useTestApp } from "../../test/harness.js";

const ctx = useTestApp();

async function total(s: Session) {
  const res = await s.get("/api/accountants?active=all");
  expect(res.statusCode).toBe(200);
  return res.json().total as number;
}

const valid = (over: Record<string, unknown> = {}) => ({
  name: "Roberto Contador",
  crc: "1SP123456/O-1",
  cpf: "529.982.247-25",
  email: "roberto@contador.com.br",
  ...over,
});

describe("accountants: create, read, search, update", () => {
  it("creates an accountant: CRC upper-cased, CPF normalised, e-mail lower-cased", async () => {
    const { staff } = await createOffice(ctx);
    const res = await staff.post(
      "/api/accountants",
      valid({
        name: " José Araújo ",
        crc: "1sp123456/o-1",
        email: "Jose@Contador.COM.br",
        phone: "(11) 2222-3333",
      }),
    );
    expect(res.statusCode).toBe(201);
    const a = res.json();
    expect(a).toEqual({
      id: expect.any(String),
      name: "José Araújo",
      crc: "1SP123456/O-1",
      cpf: "52998224725",
      email: "jose@contador.com.br",
      phone: "(11) 2222-3333",
      active: true,
    });
    expect((await staff.get(`/api/accountants/${a.id}`)).json()).toEqual(a);
  });

  it("searches by name without accents and by CRC", async () => {
    const { staff } = await createOffice(ctx);
    await staff.post("/api/accountants", valid({ name: "José Araújo", crc: "1SP000001/O-1" }));
    await staff.post("/api/accountants", valid({ name: "Márcia Lima", crc: "1RJ000002/O-5" }));
    const names = async (q: string) =>
      (await staff.get(`/api/accountants?q=${encodeURIComponent(q)}`))
        .json()
        .items.map((a: { name: string }) => a.name);
    expect(await names("jose araujo")).toEqual(["José Araújo"]);
    expect(await names("MARCIA")).toEqual(["Márcia Lima"]);
    expect(await names("1rj")).toEqual(["Márcia Lima"]);
    expect(await names("O-")).toEqual(["José Araújo", "Márcia Lima"]);
    expect(await names("ninguém")).toEqual([]);
  });

  it("updates, deactivates and filters by active", async () => {
    const { staff } = await createOffice(ctx);
    const a = (await staff.post("/api/accountants", valid({ name: "Ana", crc: "CRC-A" }))).json();
    const b = (await staff.post("/api/accountants", valid({ name: "Bia", crc: "CRC-B" }))).json();
    const upd = await staff.patch(
      `/api/accountants/${a.id}`,
      valid({ name: "Ana Maria", crc: "CRC-A2", phone: null }),
    );
    expect(upd.statusCode).toBe(200);
    expect(upd.json()).toMatchObject({
      id: a.id,
      name: "Ana Maria",
      crc: "CRC-A2",
      phone: null,
      active: true,
    });
    const off = await staff.patch(
      `/api/accountants/${b.id}`,
      valid({ name: "Bia", crc: "CRC-B", active: false }),
    );
    expect(off.json().active).toBe(false);
    const ids = async (active: string) =>
      (await staff.get(`/api/accountants?active=${active}`)).json().items.map((x: { id: string }) => x.id);
    expect(await ids("true")).toEqual([a.id]);
    expect(await ids("false")).toEqual([b.id]);
    expect(await ids("all")).toEqual([a.id, b.id]);
  });

  it("an unknown or malformed id", async () => {
    const { staff } = await createOffice(ctx);
    expect(expectError(await staff.get(`/api/accountants/${randomUUID()}`), 404, "not_found").message).toBe(
      "Contador não encontrado.",
    );
    expectError(await staff.patch(`/api/accountants/${randomUUID()}`, valid()), 404, "not_found");
    expectError(
      await staff.get("/api/accountants/xyz"),
      400,
      "validation_failed",
      "id",
      "Identificador inválido",
    );
  });
});

describe("accountants: bad input saves nothing", () => {
  it.each([
    ["invalid CPF", { cpf: "529.982.247-26" }, "cpf", "CPF inválido"],
    ["CPF with equal digits", { cpf: "111.111.111-11" }, "cpf", "CPF inválido"],
    ["a CNPJ where the CPF goes", { cpf: "11.222.333/0001-81" }, "cpf", "CPF inválido"],
    ["missing CPF", { cpf: undefined }, "cpf", "Informe o CPF"],
    ["missing CRC", { crc: undefined }, "crc", "Informe o CRC"],
    ["CRC over 30 characters", { crc: "C".repeat(31) }, "crc", "CRC deve ter no máximo 30 caracteres"],
    ["invalid e-mail", { email: "roberto@" }, "email", "E-mail inválido"],
    ["missing e-mail", { email: undefined }, "email", "Informe o e-mail"],
    ["missing name", { name: undefined }, "name", "Informe o nome"],
    ["name over 120 characters", { name: "R".repeat(121) }, "name", "Nome deve ter no máximo 120 caracteres"],
    ["invalid phone", { phone: "abc" }, "phone", "Telefone inválido"],
  ])("%s → 400", async (_why, over, field, message) => {
    const { staff } = await createOffice(ctx);
    const before = await total(staff);
    const res = await staff.post("/api/accountants", valid(over));
    expect(expectError(res, 400, "validation_failed", field, message).message).toBe(
      "Verifique os campos destacados.",
    );
    expect(await total(staff)).toBe(before);
  });

  it("a duplicate CRC in the office → 409 (in any case); another office may use it", async () => {
    const { staff } = await createOffice(ctx);
    const other = await createOffice(ctx, "Outro");
    expect((await staff.post("/api/accountants", valid({ crc: "1SP999/O-1" }))).statusCode).toBe(201);
    const before = await total(staff);
    const dup = await staff.post("/api/accountants", valid({ name: "Outro Contador", crc: "1sp999/o-1" }));
    expectError(dup, 409, "duplicate", "crc", "Já existe um contador com este CRC neste escritório.");
    expect(await total(staff)).toBe(before);
    expect((await other.staff.post("/api/accountants", valid({ crc: "1SP999/O-1" }))).statusCode).toBe(201);
  });
});
