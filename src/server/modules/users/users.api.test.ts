import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions } from "../../db/schema/index.js";
import { createOffice, expectError, login, type Session, useTestApp } from "../../test/harness.js";

/** What GET /api/auth/me answers without a valid session. */
const SIGNED_OUT = { user: null, csrfToken: null };
const ctx = useTestApp();

const uniqueEmail = (who = "pessoa") => `${who}-${randomUUID().slice(0, 8)}@teste.com.br`;

async function total(s: Session, query = "active=all") {
  const res = await s.get(`/api/users?${query}`);
  expect(res.statusCode).toBe(200);
  return res.json().total as number;
}

describe("users: create, read, search, update", () => {
  it("creates a user who can then sign in; the password never leaves the server", async () => {
    const { admin, office } = await createOffice(ctx);
    const email = uniqueEmail("joao");
    const res = await admin.post("/api/users", {
      name: "  João da Silva  ",
      email: `  ${email.toUpperCase()} `,
      role: "staff",
      password: "senha-forte-1",
    });
    expect(res.statusCode).toBe(201);
    const u = res.json();
    expect(u).toEqual({
      id: expect.any(String),
      name: "João da Silva",
      email,
      role: "staff",
      active: true,
      createdAt: expect.any(String),
      clients: [],
      hasPassword: true,
      twoFactorEnabled: false,
    });
    expect(res.body).not.toMatch(/"password"|passwordHash|argon/i);
    expect((await admin.get(`/api/users/${u.id}`)).json()).toEqual(u);
    const s = await login(ctx.app, email, "senha-forte-1");
    expect(s.user).toMatchObject({ id: u.id, role: "staff", officeId: office.id });
  });

  it("lists the office's users with pagination", async () => {
    const { admin, adminUser, staffUser } = await createOffice(ctx);
    for (const n of ["Carla", "Bruno", "Ana"]) {
      const r = await admin.post("/api/users", {
        name: `${n} Teste`,
        email: uniqueEmail(n),
        role: "staff",
        password: "trem lilás de outubro 7",
      });
      expect(r.statusCode).toBe(201);
    }
    const all = (await admin.get("/api/users")).json();
    expect(all.total).toBe(5); // admin + staff of createOffice + 3
    expect(all.page).toBe(1);
    expect(all.pageSize).toBe(20);
    const names: string[] = all.items.map((u: { name: string }) => u.name);
    // ordered by name: "Admin …" < "Ana" < "Bruno" < "Carla" < "Equipe …"
    expect(names).toEqual([adminUser.name, "Ana Teste", "Bruno Teste", "Carla Teste", staffUser.name]);
    const p2 = (await admin.get("/api/users?page=2&pageSize=2")).json();
    expect(p2).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(p2.items.map((u: { name: string }) => u.name)).toEqual(names.slice(2, 4));
    const p3 = (await admin.get("/api/users?page=3&pageSize=2")).json();
    expect(p3.items).toHaveLength(1);
    expectError(await admin.get("/api/users?pageSize=0"), 400, "validation_failed", "pageSize");
    expectError(await admin.get("/api/users?pageSize=201"), 400, "validation_failed", "pageSize");
    expectError(await admin.get("/api/users?page=0"), 400, "validation_failed", "page");
    expectError(await admin.get("/api/users?active=talvez"), 400, "validation_failed", "active");
  });

  it("searches by name without accents and by e-mail", async () => {
    const { admin } = await createOffice(ctx);
    const email = uniqueEmail("busca");
    await admin.post("/api/users", {
      name: "Conceição Araújo",
      email,
      role: "staff",
      password: "trem lilás de outubro 7",
    });
    for (const q of ["conceicao", "ARAUJO", "Conceição", "ceiç"]) {
      const page = (await admin.get(`/api/users?q=${encodeURIComponent(q)}`)).json();
      expect(page.total, q).toBe(1);
      expect(page.items[0].name).toBe("Conceição Araújo");
    }
    expect((await admin.get(`/api/users?q=${encodeURIComponent(email)}`)).json().total).toBe(1);
    expect((await admin.get("/api/users?q=inexistente")).json().total).toBe(0);
    // LIKE wildcards are plain text
    expect((await admin.get("/api/users?q=%25")).json().total).toBe(0);
    expect((await admin.get("/api/users?q=_")).json().total).toBe(0);
  });

  it("updates name, role and password; an empty password keeps the current one", async () => {
    const { admin } = await createOffice(ctx);
    const email = uniqueEmail();
    const u = (
      await admin.post("/api/users", {
        name: "Pessoa",
        email,
        role: "staff",
        password: "primeira senha do girassol",
      })
    ).json();
    const upd = await admin.patch(`/api/users/${u.id}`, {
      name: "Pessoa Renomeada",
      email,
      role: "admin",
      active: true,
      password: "",
    });
    expect(upd.statusCode).toBe(200);
    expect(upd.json()).toMatchObject({ id: u.id, name: "Pessoa Renomeada", role: "admin", active: true });
    expect((await login(ctx.app, email, "primeira senha do girassol")).user.role).toBe("admin");
    const pw = await admin.patch(`/api/users/${u.id}`, {
      name: "Pessoa Renomeada",
      email,
      role: "admin",
      active: true,
      password: "segunda senha da varanda",
    });
    expect(pw.statusCode).toBe(200);
    await expect(login(ctx.app, email, "primeira senha do girassol")).rejects.toThrow(/401/);
    expect((await login(ctx.app, email, "segunda senha da varanda")).user.id).toBe(u.id);
  });

  it("setting a new password ends every open session of that user at once", async () => {
    const { admin, staffUser } = await createOffice(ctx);
    const s1 = await login(ctx.app, staffUser.email);
    const s2 = await login(ctx.app, staffUser.email);
    const base = { name: staffUser.name, email: staffUser.email, role: "staff", active: true };
    // an edit that keeps the password keeps the sessions
    expect((await admin.patch(`/api/users/${staffUser.id}`, { ...base, password: "" })).statusCode).toBe(200);
    expect((await s1.get("/api/auth/me")).json().user).not.toBeNull();
    const res = await admin.patch(`/api/users/${staffUser.id}`, { ...base, password: "nova-senha-99" });
    expect(res.statusCode).toBe(200);
    expectError(await s1.get("/api/tickets"), 401, "unauthenticated");
    expect((await s2.get("/api/auth/me")).json()).toEqual(SIGNED_OUT);
    const left = await ctx.database.db.select().from(sessions).where(eq(sessions.userId, staffUser.id));
    expect(left).toHaveLength(0);
    expect((await login(ctx.app, staffUser.email, "nova-senha-99")).user.id).toBe(staffUser.id);
    // the admin who changed it is still signed in
    expect((await admin.get("/api/auth/me")).json().user).not.toBeNull();
  });

  it("an admin changing their own password keeps this session and ends their others", async () => {
    const { admin, adminUser } = await createOffice(ctx);
    const elsewhere = await login(ctx.app, adminUser.email);
    const res = await admin.patch(`/api/users/${adminUser.id}`, {
      name: adminUser.name,
      email: adminUser.email,
      role: "admin",
      active: true,
      password: "minha-nova-senha",
    });
    expect(res.statusCode).toBe(200);
    expect((await admin.get("/api/auth/me")).json().user).not.toBeNull();
    expect((await elsewhere.get("/api/auth/me")).json()).toEqual(SIGNED_OUT);
  });

  it("deactivates with PATCH active false and filters by active", async () => {
    const { admin, adminUser, staffUser } = await createOffice(ctx);
    const off = await admin.patch(`/api/users/${staffUser.id}`, {
      name: staffUser.name,
      email: staffUser.email,
      role: "staff",
      active: false,
    });
    expect(off.statusCode).toBe(200);
    expect(off.json().active).toBe(false);
    const ids = async (active: string) =>
      (await admin.get(`/api/users?active=${active}`)).json().items.map((u: { id: string }) => u.id);
    expect(await ids("true")).toEqual([adminUser.id]);
    expect(await ids("false")).toEqual([staffUser.id]);
    expect((await ids("all")).sort()).toEqual([adminUser.id, staffUser.id].sort());
    expect(await total(admin, "")).toBe(2); // default: all
  });

  it("an unknown or malformed id", async () => {
    const { admin } = await createOffice(ctx);
    const res = await admin.get(`/api/users/${randomUUID()}`);
    expect(expectError(res, 404, "not_found").message).toBe("Usuário não encontrado.");
    expectError(await admin.get("/api/users/123"), 400, "validation_failed", "id", "Identificador inválido");
    const body = { name: "X", email: uniqueEmail(), role: "staff", active: true };
    expectError(await admin.patch(`/api/users/${randomUUID()}`, body), 404, "not_found");
  });
});

describe("users: bad input saves nothing", () => {
  const valid = () => ({
    name: "Válida",
    email: uniqueEmail(),
    role: "staff",
    password: "trem lilás de outubro 7",
  });

  it.each([
    ["invalid e-mail", { email: "nao-e-email" }, "email", "E-mail inválido"],
    ["e-mail without domain", { email: "fulano@" }, "email", "E-mail inválido"],
    ["missing e-mail", { email: undefined }, "email", "Informe o e-mail"],
    ["missing name", { name: undefined }, "name", "Informe o nome"],
    ["blank name", { name: "   " }, "name", "Informe o nome"],
    ["name over 120 characters", { name: "N".repeat(121) }, "name", "Nome deve ter no máximo 120 caracteres"],
    ["short password", { password: "1234567" }, "password", "A senha deve ter pelo menos 8 caracteres"],
    [
      "password over 200",
      { password: "x".repeat(201) },
      "password",
      "A senha deve ter no máximo 200 caracteres",
    ],
    ["unknown role", { role: "root" }, "role", "Perfil inválido"],
    ["non-boolean active", { active: "sim" }, "active", /.+/],
  ])("%s → 400", async (_why, over, field, message) => {
    const { admin } = await createOffice(ctx);
    const before = await total(admin);
    const res = await admin.post("/api/users", { ...valid(), ...over });
    const err = expectError(res, 400, "validation_failed", field, message);
    expect(err.message).toBe("Verifique os campos destacados.");
    expect(await total(admin)).toBe(before);
  });

  it("a weak password (the one strength rule) → 400 beside the field, on create and on edit", async () => {
    const { admin, staffUser } = await createOffice(ctx);
    const before = await total(admin);
    const res = await admin.post("/api/users", { ...valid(), password: "12345678" });
    expect(expectError(res, 400, "validation_failed", "password", /^Senha fraca/).message).toMatch(
      /^Senha fraca/,
    );
    expect(await total(admin)).toBe(before);
    const edit = await admin.patch(`/api/users/${staffUser.id}`, {
      name: staffUser.name,
      email: staffUser.email,
      role: "staff",
      active: true,
      password: "contabilidade",
    });
    expectError(edit, 400, "validation_failed", "password", /^Senha fraca/);
  });

  it("accepts a name of exactly 120 characters", async () => {
    const { admin } = await createOffice(ctx);
    const res = await admin.post("/api/users", { ...valid(), name: "N".repeat(120) });
    expect(res.statusCode).toBe(201);
  });

  it("a duplicate e-mail in the office → 409, in any case; another office may use it", async () => {
    const { admin, staffUser } = await createOffice(ctx);
    const other = await createOffice(ctx, "Outro Escritório");
    const before = await total(admin);
    for (const email of [staffUser.email, staffUser.email.toUpperCase()]) {
      const res = await admin.post("/api/users", { ...valid(), email });
      expect(
        expectError(res, 409, "duplicate", "email", "Já existe um usuário com este e-mail neste escritório.")
          .message,
      ).toBe("Já existe um usuário com este e-mail neste escritório.");
    }
    expect(await total(admin)).toBe(before);
    // an accountant who serves two offices has a user in each (the login then asks which office)
    expect((await other.admin.post("/api/users", { ...valid(), email: staffUser.email })).statusCode).toBe(
      201,
    );
  });

  it("changing an e-mail to one in use → 409 and the user is unchanged", async () => {
    const { admin, staffUser, adminUser } = await createOffice(ctx);
    const res = await admin.patch(`/api/users/${staffUser.id}`, {
      name: "Outro Nome",
      email: adminUser.email,
      role: "staff",
      active: true,
    });
    expectError(res, 409, "duplicate", "email");
    const after = (await admin.get(`/api/users/${staffUser.id}`)).json();
    expect(after).toMatchObject({ name: staffUser.name, email: staffUser.email });
  });

  it("an admin cannot deactivate themself nor drop their own admin role", async () => {
    const { admin, adminUser } = await createOffice(ctx);
    const base = { name: adminUser.name, email: adminUser.email };
    expectError(
      await admin.patch(`/api/users/${adminUser.id}`, { ...base, role: "admin", active: false }),
      400,
      "validation_failed",
      "active",
      "Você não pode desativar o seu próprio usuário.",
    );
    expectError(
      await admin.patch(`/api/users/${adminUser.id}`, { ...base, role: "staff", active: true }),
      400,
      "validation_failed",
      "role",
      "Você não pode remover o seu próprio perfil de administrador.",
    );
    const me = (await admin.get(`/api/users/${adminUser.id}`)).json();
    expect(me).toMatchObject({ active: true, role: "admin" });
    expect((await admin.get("/api/auth/me")).json().user).not.toBeNull();
    // the admin may still rename themself
    const ok = await admin.patch(`/api/users/${adminUser.id}`, {
      ...base,
      name: "Chefe",
      role: "admin",
      active: true,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().name).toBe("Chefe");
  });

  it("another admin can deactivate an admin", async () => {
    const { admin } = await createOffice(ctx);
    const email = uniqueEmail("admin2");
    const a2 = (
      await admin.post("/api/users", {
        name: "Admin Dois",
        email,
        role: "admin",
        password: "trem lilás de outubro 7",
      })
    ).json();
    const s2 = await login(ctx.app, email, "trem lilás de outubro 7");
    const res = await admin.patch(`/api/users/${a2.id}`, {
      name: "Admin Dois",
      email,
      role: "admin",
      active: false,
    });
    expect(res.statusCode).toBe(200);
    expectError(await s2.get("/api/users"), 401, "unauthenticated");
  });
});
