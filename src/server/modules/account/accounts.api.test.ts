import { randomUUID } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import { emails, offices, passwordResets, users } from "../../db/schema/index.js";
import {
  createOffice,
  expectError,
  login,
  type Session,
  TEST_PASSWORD,
  useTestApp,
} from "../../test/harness.js";
import { hashPassword } from "../auth/password.js";
import { FORGOT_ANSWER } from "../auth/password-reset-routes.js";
import * as usersRepo from "../users/repository.js";

const ctx = useTestApp();
const NEW_PASSWORD = "girassol azul na varanda 42";

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: "POST", url, payload: payload as object, headers });

/** The link of the last reset e-mail sent to an address (read from the outbox, as the sender would). */
async function resetTokenFor(email: string) {
  const [row] = await ctx.database.db
    .select({ text: emails.text })
    .from(emails)
    .where(and(eq(emails.kind, "password_reset"), sql`${email} = any(${emails.toAddresses})`))
    .orderBy(desc(emails.createdAt))
    .limit(1);
  const token = row?.text.match(/\/redefinir-senha\/([A-Za-z0-9_-]+)/)?.[1];
  if (!token) throw new Error(`no reset e-mail to ${email}`);
  return token;
}

const codeAt = (secret: string, ms: number) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" }).generate({
    timestamp: ms,
  });

async function turnOnTwoFactor(s: Session) {
  const setup = await s.post("/api/account/2fa/setup");
  expect(setup.statusCode).toBe(200);
  const { secret, otpauthUrl, qrCode } = setup.json() as {
    secret: string;
    otpauthUrl: string;
    qrCode: string;
  };
  expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
  expect(qrCode).toMatch(/^data:image\/png;base64,/);
  // a code of the previous step (the window allows ±1), so the login below can use the current one
  const enable = await s.post("/api/account/2fa/enable", { code: codeAt(secret, Date.now() - 30_000) });
  expect(enable.statusCode).toBe(200);
  const { codes } = enable.json() as { codes: string[] };
  expect(codes).toHaveLength(10);
  return { secret, codes };
}

describe("Esqueci minha senha", () => {
  it("same answer for a known and an unknown e-mail; the link resets once and ends every session", async () => {
    const { staffUser, staff } = await createOffice(ctx);
    const other = await login(ctx.app, staffUser.email);

    const known = await post("/api/auth/password/forgot", { email: staffUser.email });
    const unknown = await post("/api/auth/password/forgot", {
      email: `ninguem-${randomUUID()}@teste.com.br`,
    });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(known.json()).toEqual({ message: FORGOT_ANSWER });
    expect(unknown.body).toBe(known.body);

    const token = await resetTokenFor(staffUser.email);
    const info = await ctx.app.inject({ method: "GET", url: `/api/auth/password/reset/${token}` });
    expect(info.json()).toMatchObject({ email: staffUser.email });
    // only the hash is stored
    const stored = await ctx.database.db
      .select()
      .from(passwordResets)
      .where(eq(passwordResets.userId, staffUser.id));
    expect(stored.map((r) => r.tokenHash)).not.toContain(token);

    // a weak password is refused with the strength message, and the link still works after it
    expectError(
      await post("/api/auth/password/reset", { token, password: "12345678" }),
      400,
      "validation_failed",
      "password",
      /Senha fraca/,
    );
    const done = await post("/api/auth/password/reset", { token, password: NEW_PASSWORD });
    expect(done.statusCode).toBe(204);

    // every session of the user ended
    expect((await staff.get("/api/tickets")).statusCode).toBe(401);
    expect((await other.get("/api/tickets")).statusCode).toBe(401);
    // the old password no longer works, the new one does
    expectError(
      await post("/api/auth/login", { email: staffUser.email, password: TEST_PASSWORD }),
      401,
      "invalid_credentials",
    );
    await login(ctx.app, staffUser.email, NEW_PASSWORD);

    // replayed link
    const replay = await post("/api/auth/password/reset", { token, password: "outra frase bem comprida 77" });
    expect(expectError(replay, 410, "reset_used").message).toMatch(/já foi usado/);
    await login(ctx.app, staffUser.email, NEW_PASSWORD);
  });

  it("an expired link is refused (410) and changes nothing", async () => {
    const { adminUser } = await createOffice(ctx);
    await post("/api/auth/password/forgot", { email: adminUser.email });
    const token = await resetTokenFor(adminUser.email);
    await ctx.database.db
      .update(passwordResets)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(passwordResets.userId, adminUser.id));
    const res = await post("/api/auth/password/reset", { token, password: NEW_PASSWORD });
    expect(expectError(res, 410, "reset_expired").message).toMatch(/expirou/);
    await login(ctx.app, adminUser.email, TEST_PASSWORD);
    // an invented link is "not found"
    expectError(
      await post("/api/auth/password/reset", { token: "x".repeat(43), password: NEW_PASSWORD }),
      404,
      "not_found",
    );
  });

  it("the requests of one e-mail are rate-limited", async () => {
    const email = `limite-${randomUUID()}@teste.com.br`;
    for (let i = 0; i < 5; i++)
      expect((await post("/api/auth/password/forgot", { email })).statusCode).toBe(202);
    const blocked = await post("/api/auth/password/forgot", { email });
    expectError(blocked, 429, "too_many_attempts");
    expect(blocked.headers["retry-after"]).toBeDefined();
  });
});

describe("Alterar senha e Sessões ativas", () => {
  it("needs the current password; other sessions end, this one goes on", async () => {
    const { staffUser, staff } = await createOffice(ctx);
    const other = await login(ctx.app, staffUser.email);
    const wrong = await staff.post("/api/account/password", {
      currentPassword: "nao-e-esta-1",
      newPassword: NEW_PASSWORD,
    });
    expectError(wrong, 400, "validation_failed", "currentPassword", "Senha atual incorreta.");
    expect((await other.get("/api/tickets")).statusCode).toBe(200);
    const weak = await staff.post("/api/account/password", {
      currentPassword: TEST_PASSWORD,
      newPassword: "contabilidade1",
    });
    expectError(weak, 400, "validation_failed", "newPassword", /Senha fraca/);

    const ok = await staff.post("/api/account/password", {
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(ok.statusCode).toBe(204);
    expect((await staff.get("/api/tickets")).statusCode).toBe(200);
    expect((await other.get("/api/tickets")).statusCode).toBe(401);
    await login(ctx.app, staffUser.email, NEW_PASSWORD);
  });

  it("wrong current passwords are rate-limited per user", async () => {
    const { staff } = await createOffice(ctx);
    for (let i = 0; i < 5; i++)
      expectError(
        await staff.post("/api/account/password", {
          currentPassword: `errada-${i}`,
          newPassword: NEW_PASSWORD,
        }),
        400,
        "validation_failed",
      );
    const blocked = await staff.post("/api/account/password", {
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expectError(blocked, 429, "too_many_attempts");
  });

  it("lists the user's own sessions, ends one or all others, never another user's", async () => {
    const { staffUser, staff, admin } = await createOffice(ctx);
    const phone = await ctx.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: staffUser.email, password: TEST_PASSWORD },
      headers: {
        "user-agent": "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36",
      },
    });
    expect(phone.statusCode).toBe(200);
    const list = (await staff.get("/api/account/sessions")).json() as {
      id: string;
      current: boolean;
      device: string;
    }[];
    expect(list).toHaveLength(2);
    expect(list.filter((s) => s.current)).toHaveLength(1);
    expect(list.map((s) => s.device)).toContain("Chrome em Android");
    const phoneSession = list.find((s) => !s.current);
    if (!phoneSession) throw new Error("no other session");

    // the admin of the same office cannot end it: 404, and it stays
    expectError(await admin.request("DELETE", `/api/account/sessions/${phoneSession.id}`), 404, "not_found");
    expect((await staff.get("/api/account/sessions")).json()).toHaveLength(2);

    expect((await staff.request("DELETE", `/api/account/sessions/${phoneSession.id}`)).statusCode).toBe(204);
    expect((await staff.get("/api/account/sessions")).json()).toHaveLength(1);

    const third = await login(ctx.app, staffUser.email);
    const fourth = await login(ctx.app, staffUser.email);
    expect((await staff.post("/api/account/sessions/end-others")).statusCode).toBe(204);
    expect((await third.get("/api/tickets")).statusCode).toBe(401);
    expect((await fourth.get("/api/tickets")).statusCode).toBe(401);
    expect((await staff.get("/api/tickets")).statusCode).toBe(200);
  });
});

describe("Verificação em duas etapas (TOTP)", () => {
  it("login becomes password → code; a code is accepted once; a recovery code works once", async () => {
    const { staffUser, staff } = await createOffice(ctx);
    const { secret, codes } = await turnOnTwoFactor(staff);
    // the secret is sealed at rest
    const [row] = await ctx.database.db.select().from(users).where(eq(users.id, staffUser.id));
    expect(row?.totpSecretEnc).toMatch(/^v1:/);
    expect(row?.totpSecretEnc).not.toContain(secret);

    const first = await post("/api/auth/login", { email: staffUser.email, password: TEST_PASSWORD });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ step: "totp" });
    expect(first.cookies.find((c) => c.name === "atende_sid")).toBeUndefined();
    const { token } = first.json() as { token: string };

    const code = codeAt(secret, Date.now());
    const ok = await post("/api/auth/login/totp", { token, code });
    expect(ok.statusCode).toBe(200);
    expect(ok.cookies.find((c) => c.name === "atende_sid")).toBeDefined();
    // the same code again (replay): refused, even with a fresh password step
    const again = await post("/api/auth/login", { email: staffUser.email, password: TEST_PASSWORD });
    const replay = await post("/api/auth/login/totp", { token: again.json().token, code });
    expect(expectError(replay, 401, "invalid_code").message).toMatch(/já usado/);

    // a recovery code works once
    const rec = await post("/api/auth/login/totp", {
      token: again.json().token,
      code: codes[0]?.toUpperCase(),
    });
    expect(rec.statusCode).toBe(200);
    expectError(
      await post("/api/auth/login/totp", { token: again.json().token, code: codes[0] }),
      401,
      "invalid_code",
    );
    const account = (await staff.get("/api/account")).json();
    expect(account.twoFactor).toMatchObject({ enabled: true, recoveryCodesLeft: 9 });

    // a forged or altered step token is refused
    const forged = `${Buffer.from(JSON.stringify({ kind: "totp", userId: staffUser.id, exp: Date.now() + 60_000 })).toString("base64url")}.abc`;
    expectError(
      await post("/api/auth/login/totp", { token: forged, code: codeAt(secret, Date.now()) }),
      401,
      "login_step_expired",
    );
  });

  it("guessing codes is rate-limited per user", async () => {
    const { staffUser, staff } = await createOffice(ctx);
    const { secret } = await turnOnTwoFactor(staff);
    const { token } = (
      await post("/api/auth/login", { email: staffUser.email, password: TEST_PASSWORD })
    ).json();
    for (let i = 0; i < 5; i++)
      expectError(
        await post("/api/auth/login/totp", { token, code: String(100000 + i) }),
        401,
        "invalid_code",
      );
    // even the right code is refused now
    const blocked = await post("/api/auth/login/totp", { token, code: codeAt(secret, Date.now()) });
    expectError(blocked, 429, "too_many_attempts");
    expect(blocked.headers["retry-after"]).toBeDefined();
  });

  it("turning it off needs the password; a wrong first code does not turn it on", async () => {
    const { staffUser, staff } = await createOffice(ctx);
    await staff.post("/api/account/2fa/setup");
    expectError(await staff.post("/api/account/2fa/enable", { code: "000000" }), 401, "invalid_code");
    expect((await staff.get("/api/account")).json().twoFactor.enabled).toBe(false);
    await turnOnTwoFactor(staff);
    expectError(
      await staff.post("/api/account/2fa/disable", { password: "errada-1" }),
      400,
      "validation_failed",
      "password",
    );
    expect((await staff.post("/api/account/2fa/disable", { password: TEST_PASSWORD })).statusCode).toBe(204);
    const plain = await post("/api/auth/login", { email: staffUser.email, password: TEST_PASSWORD });
    expect(plain.json().user.email).toBe(staffUser.email);
  });

  it("an office that requires 2FA sends staff without it to set it up, and nowhere else", async () => {
    const { admin, staffUser } = await createOffice(ctx);
    // the admin must have it first
    expectError(
      await admin.put("/api/settings/security", { requireTwoFactor: true }),
      400,
      "validation_failed",
      "requireTwoFactor",
    );
    await turnOnTwoFactor(admin);
    expect((await admin.put("/api/settings/security", { requireTwoFactor: true })).statusCode).toBe(200);

    const staff = await login(ctx.app, staffUser.email);
    const me = (await staff.get("/api/auth/me")).json();
    expect(me.user.twoFactorSetupRequired).toBe(true);
    expectError(await staff.get("/api/tickets"), 403, "two_factor_setup_required");
    // not even a route whose path starts like the account's
    expectError(await staff.get("/api/accountants"), 403, "two_factor_setup_required");
    expect((await staff.get("/api/account")).statusCode).toBe(200);
    await turnOnTwoFactor(staff);
    expect((await staff.get("/api/tickets")).statusCode).toBe(200);
    expectError(
      await staff.post("/api/account/2fa/disable", { password: TEST_PASSWORD }),
      400,
      "two_factor_required",
    );
  });
});

describe("the admin and other people's accounts", () => {
  it("an admin resets a staff member's 2FA (lost phone): off, their sessions end; another office's admin cannot", async () => {
    const { admin, staff, staffUser } = await createOffice(ctx);
    const other = await createOffice(ctx, "Outro Escritório");
    await turnOnTwoFactor(staff);
    const listed = (await admin.get(`/api/users/${staffUser.id}`)).json();
    expect(listed.twoFactorEnabled).toBe(true);
    expectError(await other.admin.post(`/api/users/${staffUser.id}/2fa/reset`), 404, "not_found");
    expectError(await staff.post(`/api/users/${staffUser.id}/2fa/reset`), 403, "forbidden");
    expect((await staff.get("/api/account")).json().twoFactor.enabled).toBe(true);

    const res = await admin.post(`/api/users/${staffUser.id}/2fa/reset`);
    expect(res.statusCode).toBe(200);
    expect(res.json().twoFactorEnabled).toBe(false);
    expect((await staff.get("/api/tickets")).statusCode).toBe(401);
    const plain = await post("/api/auth/login", { email: staffUser.email, password: TEST_PASSWORD });
    expect(plain.json().user.id).toBe(staffUser.id);
  });

  it("a client user (portal) changes the password and lists only their own sessions", async () => {
    const { admin } = await createOffice(ctx);
    const email = `cliente-${randomUUID().slice(0, 8)}@teste.com.br`;
    const created = await admin.post("/api/users", {
      name: "Cliente",
      email,
      role: "client",
      password: TEST_PASSWORD,
    });
    expect(created.statusCode).toBe(201);
    const client = await login(ctx.app, email);
    const sessions = (await client.get("/api/account/sessions")).json() as { current: boolean }[];
    expect(sessions).toEqual([expect.objectContaining({ current: true })]);
    const ok = await client.post("/api/account/password", {
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(ok.statusCode).toBe(204);
    await login(ctx.app, email, NEW_PASSWORD);
  });
});

describe("one e-mail in two offices", () => {
  it("after the password the person picks the office; the session is for that office's user", async () => {
    const a = await createOffice(ctx, "Escritório Alfa");
    const [betaOffice] = await ctx.database.db
      .insert(offices)
      .values({ name: "Escritório Beta" })
      .returning();
    if (!betaOffice) throw new Error("no office");
    const email = a.staffUser.email;
    const beta = await usersRepo.insert(ctx.database.db, betaOffice.id, {
      name: "Mesma Pessoa",
      email: email.toUpperCase(),
      role: "staff",
      active: true,
      passwordHash: await hashPassword(TEST_PASSWORD),
    });
    const first = await post("/api/auth/login", { email, password: TEST_PASSWORD });
    expect(first.statusCode).toBe(200);
    const body = first.json() as { step: string; token: string; offices: { id: string; name: string }[] };
    expect(body.step).toBe("office");
    expect(body.offices.map((o) => o.name).sort()).toEqual(["Escritório Alfa", "Escritório Beta"]);
    expect(first.cookies.find((c) => c.name === "atende_sid")).toBeUndefined();

    // an office outside the list is refused
    expectError(
      await post("/api/auth/login/office", { token: body.token, officeId: randomUUID() }),
      400,
      "invalid_office",
    );
    const chosen = await post("/api/auth/login/office", { token: body.token, officeId: betaOffice.id });
    expect(chosen.statusCode).toBe(200);
    expect(chosen.json().user).toMatchObject({ id: beta.id, office: { id: betaOffice.id } });

    // a wrong password still fails for everyone with the e-mail
    expectError(await post("/api/auth/login", { email, password: "errada-123" }), 401, "invalid_credentials");

    // within one office the e-mail stays unique (409, pt-BR)
    const dup = await a.admin.post("/api/users", {
      name: "Outra",
      email: email.toUpperCase(),
      role: "staff",
    });
    expectError(dup, 409, "duplicate", "email", "Já existe um usuário com este e-mail neste escritório.");
  });
});
