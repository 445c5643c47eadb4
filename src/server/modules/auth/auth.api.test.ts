import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions } from "../../db/schema/index.js";
import {
  createOffice,
  createRegistry,
  createTicket,
  createUser,
  expectError,
  login,
  TEST_DB,
  TEST_PASSWORD,
  useTestApp,
} from "../../test/harness.js";

const ctx = useTestApp();

const INVALID_CREDENTIALS = "E-mail ou senha inválidos.";
const UNAUTHENTICATED = "Sua sessão expirou ou você não está conectado. Entre novamente.";

function rawLogin(email: string, password: string, headers: Record<string, string> = {}) {
  return ctx.app.inject({ method: "POST", url: "/api/auth/login", payload: { email, password }, headers });
}

const SOME_ID = "7d0f1c7e-5a3b-4c2d-9e8f-0a1b2c3d4e5f";

/** Every route behind a session, with a body that would be valid for it. */
const PROTECTED: { method: "GET" | "POST" | "PUT" | "PATCH"; url: string; body?: unknown }[] = [
  { method: "GET", url: "/api/users" },
  { method: "GET", url: `/api/users/${SOME_ID}` },
  { method: "GET", url: "/api/users/options" },
  {
    method: "POST",
    url: "/api/users",
    body: { name: "Nova Pessoa", email: "nova@teste.com.br", role: "staff", password: "12345678" },
  },
  {
    method: "PATCH",
    url: `/api/users/${SOME_ID}`,
    body: { name: "Nova Pessoa", email: "nova@teste.com.br", role: "staff", active: false },
  },
  { method: "GET", url: "/api/accountants" },
  { method: "GET", url: `/api/accountants/${SOME_ID}` },
  {
    method: "POST",
    url: "/api/accountants",
    body: { name: "Ana", crc: "1SP000001/O-1", cpf: "529.982.247-25", email: "ana@contab.com.br" },
  },
  {
    method: "PATCH",
    url: `/api/accountants/${SOME_ID}`,
    body: { name: "Ana", crc: "1SP000001/O-1", cpf: "529.982.247-25", email: "ana@contab.com.br" },
  },
  { method: "GET", url: "/api/services" },
  { method: "GET", url: `/api/services/${SOME_ID}` },
  { method: "POST", url: "/api/services", body: { name: "Balanço", priceCents: 1000 } },
  { method: "PATCH", url: `/api/services/${SOME_ID}`, body: { name: "Balanço", priceCents: 1000 } },
  { method: "GET", url: "/api/clients" },
  { method: "GET", url: `/api/clients/${SOME_ID}` },
  { method: "POST", url: "/api/clients", body: { name: "Padaria", document: "11.222.333/0001-81" } },
  {
    method: "PATCH",
    url: `/api/clients/${SOME_ID}`,
    body: { name: "Padaria", document: "11.222.333/0001-81" },
  },
  { method: "GET", url: "/api/tickets" },
  { method: "GET", url: `/api/tickets/${SOME_ID}` },
  { method: "GET", url: `/api/tickets/${SOME_ID}/history` },
  {
    method: "POST",
    url: "/api/tickets",
    body: {
      requesterId: SOME_ID,
      serviceId: SOME_ID,
      assigneeId: SOME_ID,
      subject: "Assunto",
      amountCents: 100,
    },
  },
  {
    method: "PUT",
    url: `/api/tickets/${SOME_ID}`,
    body: {
      requesterId: SOME_ID,
      serviceId: SOME_ID,
      assigneeId: SOME_ID,
      subject: "Assunto",
      amountCents: 100,
      version: 1,
    },
  },
  { method: "POST", url: `/api/tickets/${SOME_ID}/status`, body: { status: "analysing", version: 1 } },
  { method: "POST", url: `/api/tickets/${SOME_ID}/reopen`, body: { version: 1 } },
];

/** Staff-only routes a client user must not reach. */
const STAFF_ONLY = PROTECTED;

/** What GET /api/auth/me answers without a valid session (200: the browser logs no error). */
const SIGNED_OUT = { user: null, csrfToken: null };

describe("login", () => {
  it("returns the user, a CSRF token and an httpOnly SameSite=Lax session cookie", async () => {
    const { adminUser, office } = await createOffice(ctx, "Escritório Login");
    const res = await rawLogin(adminUser.email, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toEqual({
      id: adminUser.id,
      name: adminUser.name,
      email: adminUser.email,
      role: "admin",
      office: { id: office.id, name: "Escritório Login" },
      twoFactorSetupRequired: false,
    });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{24,}$/);
    expect(JSON.stringify(body)).not.toContain("passwordHash");
    const cookie = res.cookies.find((c) => c.name === "atende_sid");
    expect(cookie).toBeDefined();
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
    expect(cookie?.path).toBe("/");
    expect(cookie?.value.length).toBeGreaterThanOrEqual(32);
    expect(cookie?.value).not.toBe(body.csrfToken);
    expect(new Date(String(cookie?.expires)).getTime()).toBeGreaterThan(Date.now());
    // the session works and tells the same CSRF token
    const me = await ctx.app.inject({
      method: "GET",
      url: "/api/auth/me",
      headers: { cookie: `atende_sid=${cookie?.value}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual(body);
  });

  it("accepts the e-mail in any case and with spaces around", async () => {
    const { adminUser } = await createOffice(ctx);
    const res = await rawLogin(`  ${adminUser.email.toUpperCase()} `, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json().user.id).toBe(adminUser.id);
  });

  it("answers a wrong password and an unknown e-mail with the same 401 and pt-BR message", async () => {
    const { adminUser } = await createOffice(ctx);
    const wrong = await rawLogin(adminUser.email, "senha-errada-123");
    const unknown = await rawLogin(`ninguem-${randomUUID()}@teste.com.br`, TEST_PASSWORD);
    const e1 = expectError(wrong, 401, "invalid_credentials");
    const e2 = expectError(unknown, 401, "invalid_credentials");
    expect(e1.message).toBe(INVALID_CREDENTIALS);
    expect(e2).toEqual(e1);
    expect(wrong.cookies.find((c) => c.name === "atende_sid")).toBeUndefined();
    expect(unknown.cookies.find((c) => c.name === "atende_sid")).toBeUndefined();
  });

  it("refuses an inactive user with the same message", async () => {
    const { admin, staffUser } = await createOffice(ctx);
    const off = await admin.patch(`/api/users/${staffUser.id}`, {
      name: staffUser.name,
      email: staffUser.email,
      role: "staff",
      active: false,
    });
    expect(off.statusCode).toBe(200);
    const res = await rawLogin(staffUser.email, TEST_PASSWORD);
    expect(expectError(res, 401, "invalid_credentials").message).toBe(INVALID_CREDENTIALS);
    expect(res.cookies.find((c) => c.name === "atende_sid")).toBeUndefined();
  });

  it("validates the login body in pt-BR", async () => {
    const res = await ctx.app.inject({ method: "POST", url: "/api/auth/login", payload: { email: "x" } });
    expectError(res, 400, "validation_failed", "email", "E-mail inválido");
    expectError(res, 400, "validation_failed", "password", "Informe a senha");
  });

  it("limits failed logins per e-mail: after five failures the next gets 429 with Retry-After, even with the right password", async () => {
    const { admin } = await createOffice(ctx);
    const { user } = await createUser(ctx, admin, "staff");
    for (let i = 0; i < 5; i++)
      expectError(await rawLogin(user.email, "errada-errada"), 401, "invalid_credentials");
    const blocked = await rawLogin(user.email, TEST_PASSWORD);
    const err = expectError(blocked, 429, "too_many_attempts");
    expect(err.message).toBe("Muitas tentativas de login. Aguarde alguns minutos e tente novamente.");
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(blocked.headers["retry-after"])).toBeLessThanOrEqual(15 * 60);
    expect(blocked.cookies.find((c) => c.name === "atende_sid")).toBeUndefined();
    // another person is not blocked
    const other = await createUser(ctx, admin, "staff");
    expect(other.session.user.id).toBe(other.user.id);
  });

  it("never counts successful logins: a person may sign in many times in a row", async () => {
    const { admin } = await createOffice(ctx);
    const { user } = await createUser(ctx, admin, "staff");
    // the limit in tests is 5; twelve successes in a row all get a session
    for (let i = 0; i < 12; i++) {
      const res = await rawLogin(user.email, TEST_PASSWORD);
      expect(res.statusCode, `login ${i + 1}`).toBe(200);
    }
  });

  it("a success clears the failures of that e-mail and address", async () => {
    const { admin } = await createOffice(ctx);
    const { user } = await createUser(ctx, admin, "staff");
    for (let i = 0; i < 4; i++)
      expectError(await rawLogin(user.email, "errada-errada"), 401, "invalid_credentials");
    expect((await rawLogin(user.email, TEST_PASSWORD)).statusCode).toBe(200);
    // four more failures would have been nine in the window: after the success they are four again
    for (let i = 0; i < 4; i++)
      expectError(await rawLogin(user.email, "errada-errada"), 401, "invalid_credentials");
    expect((await rawLogin(user.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it("counts an e-mail the same in any case for the limit", async () => {
    const email = `caixa-${randomUUID()}@teste.com.br`;
    for (let i = 0; i < 5; i++) {
      const variant = i % 2 ? email.toUpperCase() : ` ${email}`;
      expectError(await rawLogin(variant, "errada-errada"), 401, "invalid_credentials");
    }
    expectError(await rawLogin(email, "errada-errada"), 429, "too_many_attempts");
  });

  it("cannot be bypassed by sending a different X-Forwarded-For on every attempt", async () => {
    const email = `proxy-${randomUUID()}@teste.com.br`;
    for (let i = 0; i < 5; i++) {
      const res = await rawLogin(email, "errada-errada", { "x-forwarded-for": `203.0.113.${i + 1}` });
      expectError(res, 401, "invalid_credentials");
    }
    const res = await rawLogin(email, "errada-errada", { "x-forwarded-for": "198.51.100.77" });
    expectError(res, 429, "too_many_attempts");
  });
});

describe("session", () => {
  it("after logout the cookie no longer works", async () => {
    const { staff } = await createOffice(ctx);
    expect((await staff.get("/api/auth/me")).json().user).not.toBeNull();
    const out = await staff.post("/api/auth/logout");
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === "atende_sid");
    expect(cleared?.value).toBe("");
    expect(new Date(String(cleared?.expires)).getTime()).toBeLessThanOrEqual(Date.now());
    expect((await staff.get("/api/auth/me")).json()).toEqual(SIGNED_OUT);
    for (const url of ["/api/tickets", "/api/clients"]) {
      const err = expectError(await staff.get(url), 401, "unauthenticated");
      expect(err.message).toBe(UNAUTHENTICATED);
    }
    expectError(await staff.post("/api/services", { name: "X", priceCents: 1 }), 401, "unauthenticated");
  });

  it("logout without a session still answers 204", async () => {
    const res = await ctx.app.inject({ method: "POST", url: "/api/auth/logout" });
    expect(res.statusCode).toBe(204);
  });

  it("logging out one session keeps the person's other sessions", async () => {
    const { adminUser } = await createOffice(ctx);
    const a = await login(ctx.app, adminUser.email);
    const b = await login(ctx.app, adminUser.email);
    expect((await a.post("/api/auth/logout")).statusCode).toBe(204);
    expect((await a.get("/api/auth/me")).json()).toEqual(SIGNED_OUT);
    expect((await b.get("/api/auth/me")).json().user).not.toBeNull();
  });

  it("an expired session is refused", async () => {
    const { staff } = await createOffice(ctx);
    await ctx.database.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, staff.user.id));
    expect((await staff.get("/api/auth/me")).json()).toEqual(SIGNED_OUT);
  });

  it("expired sessions are removed when anyone signs in; live ones stay", async () => {
    const { staff, admin, adminUser } = await createOffice(ctx);
    await ctx.database.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, staff.user.id));
    expect(
      await ctx.database.db.select().from(sessions).where(eq(sessions.userId, staff.user.id)),
    ).toHaveLength(1);
    await login(ctx.app, adminUser.email);
    expect(
      await ctx.database.db.select().from(sessions).where(eq(sessions.userId, staff.user.id)),
    ).toHaveLength(0);
    expect((await admin.get("/api/auth/me")).statusCode).toBe(200);
  });

  it.each(["atende_sid=", "atende_sid=nao-existe", `atende_sid=${"A".repeat(43)}`, "outro=1"])(
    "a made-up cookie (%s) is refused",
    async (cookie) => {
      const res = await ctx.app.inject({ method: "GET", url: "/api/tickets", headers: { cookie } });
      expectError(res, 401, "unauthenticated");
    },
  );

  it.each([undefined, "atende_sid=", "atende_sid=nao-existe", `atende_sid=${"A".repeat(43)}`])(
    "GET /api/auth/me with no valid session (cookie %s) → 200 with no user, and clears a stale cookie",
    async (cookie) => {
      const res = await ctx.app.inject({
        method: "GET",
        url: "/api/auth/me",
        ...(cookie ? { headers: { cookie } } : {}),
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(SIGNED_OUT);
      const cleared = res.cookies.find((c) => c.name === "atende_sid");
      if (cookie) expect(cleared?.value).toBe("");
      else expect(cleared).toBeUndefined();
      // every other API route still says 401
      expectError(
        await ctx.app.inject({
          method: "GET",
          url: "/api/tickets",
          ...(cookie ? { headers: { cookie } } : {}),
        }),
        401,
        "unauthenticated",
      );
    },
  );

  it.each(PROTECTED.map((r) => [`${r.method} ${r.url}`, r] as const))(
    "no cookie → 401 on %s, with a valid body",
    async (_name, r) => {
      const res = await ctx.app.inject({
        method: r.method,
        url: r.url,
        ...(r.body ? { payload: r.body as object } : {}),
      });
      expect(expectError(res, 401, "unauthenticated").message).toBe(UNAUTHENTICATED);
    },
  );

  it.each(PROTECTED.filter((r) => r.method !== "GET").map((r) => [`${r.method} ${r.url}`, r] as const))(
    "no cookie → 401 on %s even with an invalid body (authentication comes before validation)",
    async (_name, r) => {
      const res = await ctx.app.inject({ method: r.method, url: r.url, payload: { nada: true } });
      const err = expectError(res, 401, "unauthenticated");
      expect(err.fields).toBeUndefined();
    },
  );

  it("no cookie → 401 on a list with invalid query parameters", async () => {
    const res = await ctx.app.inject({ method: "GET", url: "/api/tickets?sort=nada&page=0" });
    expectError(res, 401, "unauthenticated");
  });
});

describe("CSRF", () => {
  it("refuses a write without x-csrf-token with 403 and writes nothing", async () => {
    const { staff } = await createOffice(ctx);
    const before = (await staff.get("/api/services")).json().total;
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/services",
      headers: { cookie: staff.cookie },
      payload: { name: "Sem token", priceCents: 100 },
    });
    const err = expectError(res, 403, "csrf_failed");
    expect(err.message).toMatch(/CSRF/);
    expect((await staff.get("/api/services")).json().total).toBe(before);
    expect((await staff.get("/api/services?q=Sem token")).json().total).toBe(0);
  });

  it("refuses a wrong token, and another session's token, and changes nothing", async () => {
    const { staff, admin } = await createOffice(ctx);
    const reg = await createRegistry(staff);
    const t = await createTicket(staff, reg);
    const bad = [
      staff.request(
        "POST",
        `/api/tickets/${t.id}/status`,
        { status: "finished", version: 1 },
        { "x-csrf-token": "x" },
      ),
      staff.request(
        "POST",
        `/api/tickets/${t.id}/status`,
        { status: "finished", version: 1 },
        {
          "x-csrf-token": admin.csrfToken,
        },
      ),
      staff.request(
        "PATCH",
        `/api/services/${reg.service.id}`,
        { name: "Trocado", priceCents: 1 },
        { "x-csrf-token": "" },
      ),
      staff.request(
        "PUT",
        `/api/tickets/${t.id}`,
        {
          requesterId: reg.client.id,
          serviceId: reg.service.id,
          assigneeId: staff.user.id,
          subject: "Trocado",
          amountCents: 1,
          version: 1,
        },
        { "x-csrf-token": `${staff.csrfToken}x` },
      ),
      staff.request("POST", "/api/auth/logout", {}, { "x-csrf-token": "nope" }),
    ];
    for (const res of await Promise.all(bad)) expectError(res, 403, "csrf_failed");
    const after = (await staff.get(`/api/tickets/${t.id}`)).json();
    expect(after.status).toBe("open");
    expect(after.subject).toBe("Declaração de IRPF do sócio");
    expect(after.version).toBe(1);
    expect((await staff.get(`/api/services/${reg.service.id}`)).json().name).toBe("Declaração de IRPF");
    // the logout attempt did not end the session
    expect((await staff.get("/api/auth/me")).json().user).not.toBeNull();
  });

  it("reads need no token", async () => {
    const { staff } = await createOffice(ctx);
    const res = await staff.request("GET", "/api/tickets", undefined, { "x-csrf-token": "lixo" });
    expect(res.statusCode).toBe(200);
  });
});

describe("roles", () => {
  it("a client user gets 403 on every staff route, and can read /api/auth/me", async () => {
    const { admin } = await createOffice(ctx);
    const { session: client } = await createUser(ctx, admin, "client");
    expect((await client.get("/api/auth/me")).json().user.role).toBe("client");
    for (const r of STAFF_ONLY) {
      const res = await client.request(r.method, r.url, r.body);
      expect(res.statusCode, `${r.method} ${r.url}: ${res.body}`).toBe(403);
      expect(res.json().error.code).toBe("forbidden");
      expect(res.json().error.message).toMatch(/permiss|administradores/);
    }
  });

  it("a staff member gets 403 on /api/users but 200 on /api/users/options", async () => {
    const { staff, admin, adminUser, staffUser } = await createOffice(ctx);
    const { user: clientUser } = await createUser(ctx, admin, "client");
    const { user: gone } = await createUser(ctx, admin, "staff");
    await admin.patch(`/api/users/${gone.id}`, {
      name: gone.name,
      email: gone.email,
      role: "staff",
      active: false,
    });
    const list = await staff.get("/api/users");
    expect(expectError(list, 403, "forbidden").message).toBe(
      "Somente administradores do escritório podem fazer isto.",
    );
    expectError(await staff.get(`/api/users/${adminUser.id}`), 403, "forbidden");
    expectError(
      await staff.post("/api/users", {
        name: "Intrusa",
        email: `i-${randomUUID()}@t.com.br`,
        role: "admin",
        password: "12345678",
      }),
      403,
      "forbidden",
    );
    expectError(
      await staff.patch(`/api/users/${staffUser.id}`, {
        name: staffUser.name,
        email: staffUser.email,
        role: "admin",
        active: true,
      }),
      403,
      "forbidden",
    );
    expect((await staff.get("/api/auth/me")).json().user.role).toBe("staff");
    const options = await staff.get("/api/users/options");
    expect(options.statusCode).toBe(200);
    const ids = (options.json() as { id: string; name: string }[]).map((o) => o.id);
    // only active office people can be Responsável: no client users, no inactive users
    expect(ids.sort()).toEqual([adminUser.id, staffUser.id].sort());
    expect(ids).not.toContain(clientUser.id);
    expect(ids).not.toContain(gone.id);
  });

  it("deactivating a user ends their sessions at once, and reactivating does not revive them", async () => {
    const { admin, staffUser } = await createOffice(ctx);
    const s1 = await login(ctx.app, staffUser.email);
    const s2 = await login(ctx.app, staffUser.email);
    expect((await s1.get("/api/tickets")).statusCode).toBe(200);
    const body = { name: staffUser.name, email: staffUser.email, role: "staff" };
    expect((await admin.patch(`/api/users/${staffUser.id}`, { ...body, active: false })).statusCode).toBe(
      200,
    );
    expectError(await s1.get("/api/tickets"), 401, "unauthenticated");
    expect((await s2.get("/api/auth/me")).json()).toEqual(SIGNED_OUT);
    const remaining = await ctx.database.db.select().from(sessions).where(eq(sessions.userId, staffUser.id));
    expect(remaining).toHaveLength(0);
    expect((await admin.patch(`/api/users/${staffUser.id}`, { ...body, active: true })).statusCode).toBe(200);
    expect((await s1.get("/api/auth/me")).json()).toEqual(SIGNED_OUT);
    const fresh = await login(ctx.app, staffUser.email);
    expect((await fresh.get("/api/auth/me")).json().user).not.toBeNull();
    // the admin who did it is still signed in
    expect((await admin.get("/api/auth/me")).json().user).not.toBeNull();
  });
});

describe("system routes", () => {
  it("GET /api/health → 200 ok without a session", async () => {
    const res = await ctx.app.inject({ method: "GET", url: "/api/health" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: "ok", database: TEST_DB });
    expect(typeof res.json().dbLatencyMs).toBe("number");
  });

  it("GET /api/openapi.json describes the API", async () => {
    const res = await ctx.app.inject({ method: "GET", url: "/api/openapi.json" });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe("Atende API");
    for (const p of [
      "/api/tickets",
      "/api/tickets/{id}",
      "/api/tickets/{id}/status",
      "/api/tickets/{id}/reopen",
      "/api/tickets/{id}/history",
      "/api/clients",
      "/api/services",
      "/api/accountants",
      "/api/users",
      "/api/auth/login",
    ]) {
      expect(doc.paths, p).toHaveProperty([p]);
    }
    expect(doc.paths["/api/tickets"]).toHaveProperty("get");
    expect(doc.paths["/api/tickets"]).toHaveProperty("post");
  });

  it("an unknown API route is a pt-BR 404", async () => {
    const { staff } = await createOffice(ctx);
    const res = await staff.get("/api/nao-existe");
    expect(expectError(res, 404, "not_found").message).toBe("Rota não encontrada.");
  });
});
