import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OnboardingDto } from "../../../shared/signup.js";
import type { Config } from "../../config.js";
import { debtCategories, emails, offices, signupRequests } from "../../db/schema/index.js";
import {
  createOffice,
  createRegistry,
  createTicket,
  expectError,
  login,
  type Session,
  uniqueCnpj,
  useTestApp,
} from "../../test/harness.js";
import { TestSmtp, waitFor } from "../../test/smtp.js";

// the installation's SMTP (SMTP_URL) is a real SMTP peer: sign-up e-mails must arrive there
const overrides: Partial<Config> = { signup: "open", signupMaxPerHour: 3 };
const smtp = new TestSmtp();
beforeAll(async () => {
  const port = await smtp.start();
  overrides.smtpUrl = `smtp://127.0.0.1:${port}?ignoreTLS=true`;
  overrides.mailFrom = { name: "Atende", address: "nao-responda@atende.test" };
});
afterAll(() => smtp.stop());
const ctx = useTestApp(overrides);
const closedCtx = useTestApp({ signup: "closed" });

const STRONG = "girassol trombone varanda 1987";
let addr = 0;
/** each test signs up from its own address, so the rate limit of one never blocks another */
const from = () => `10.9.${Math.floor(++addr / 250)}.${addr % 250}`;

function form(over: Record<string, unknown> = {}) {
  const tag = randomUUID().slice(0, 8);
  return {
    officeName: `Contábil Horizonte ${tag} Ltda`,
    document: uniqueCnpj(),
    adminName: "Helena Prado",
    email: `helena-${tag}@horizonte.com.br`,
    password: STRONG,
    ...over,
  };
}

const signup = (body: unknown, remoteAddress = from(), c = ctx) =>
  c.app.inject({ method: "POST", url: "/api/signup", payload: body as object, remoteAddress });

/** The link in the e-mail that reached the SMTP server for this address. */
async function linkSentTo(email: string) {
  const mail = await waitFor(() => smtp.received.find((m) => to(m) === email));
  if (!mail) throw new Error(`no e-mail to ${email}`);
  return { mail, token: /\/cadastro\/confirmar\/([\w-]+)/.exec(mail.text ?? "")?.[1] };
}
const to = (m: (typeof smtp.received)[number]) =>
  (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address ?? "";

const confirm = (token: string) =>
  ctx.app.inject({ method: "POST", url: `/api/signup/${token}/confirm`, payload: {} });

describe("office sign-up", () => {
  it("creates nothing until the e-mail link is confirmed, then the office with its defaults and admin", async () => {
    const body = form({ document: "12.ABC.345/01DE-35" });
    const res = await signup(body);
    expect(res.statusCode).toBe(202);
    expect(res.json().message).toContain(body.email);
    const { mail, token } = await linkSentTo(body.email);
    expect(mail.subject).toBe("Confirme o cadastro do seu escritório no Atende");
    expect(mail.from?.value[0]?.address).toBe("nao-responda@atende.test");
    expect(token).toBeTruthy();
    // no office yet, and only the token's hash is stored
    const db = ctx.database.db;
    expect(await db.select().from(offices).where(eq(offices.name, body.officeName))).toHaveLength(0);
    const [req] = await db.select().from(signupRequests).where(eq(signupRequests.email, body.email));
    expect(req?.tokenHash).not.toBe(token);
    expect(req?.tokenHash).toHaveLength(64);

    const info = await ctx.app.inject({ method: "GET", url: `/api/signup/${token}` });
    expect(info.json()).toMatchObject({ officeName: body.officeName, email: body.email });

    const ok = await confirm(token as string);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user).toMatchObject({ role: "admin", email: body.email });
    const [office] = await db.select().from(offices).where(eq(offices.name, body.officeName));
    expect(office?.document).toBe("12ABC34501DE35");
    const cats = await db
      .select()
      .from(debtCategories)
      .where(eq(debtCategories.officeId, office?.id ?? ""));
    expect(cats.map((c) => c.name).sort()).toEqual(["Honorários", "Reembolso de taxas", "Serviço avulso"]);

    // the admin logs in with the password chosen at sign-up and sees the checklist, all to do
    const admin = await login(ctx.app, body.email, STRONG);
    const ob = (await admin.get("/api/onboarding")).json() as OnboardingDto;
    expect(ob.visible).toBe(true);
    expect(ob.steps.every((s) => !s.done)).toBe(true);
  });

  it("answers an existing e-mail exactly as a new one, writes nothing and tells the owner", async () => {
    const { adminUser } = await createOffice(ctx, "Escritório Existente");
    const fresh = await signup(form());
    const existing = await signup(form({ email: adminUser.email.toUpperCase() }));
    expect(existing.statusCode).toBe(fresh.statusCode);
    expect(existing.json().message.replace(adminUser.email, "X")).toBe(
      fresh.json().message.replace(/helena-\w+@horizonte\.com\.br/, "X"),
    );
    const owner = await waitFor(() => smtp.received.find((m) => to(m) === adminUser.email));
    expect(owner?.subject).toBe("Tentativa de cadastro com o seu e-mail no Atende");
    expect(owner?.text).not.toContain("/cadastro/confirmar/");
    const pending = await ctx.database.db
      .select()
      .from(signupRequests)
      .where(eq(sql`lower(${signupRequests.email})`, adminUser.email));
    expect(pending).toHaveLength(0);
    // the system e-mail belongs to no office: it never shows on the office's "E-mails enviados"
    const [row] = await ctx.database.db
      .select()
      .from(emails)
      .where(and(eq(emails.kind, "signup_existing"), sql`${adminUser.email} = any(${emails.toAddresses})`));
    expect(row?.officeId).toBeNull();
  });

  it("refuses an invalid CNPJ or CPF beside the field", async () => {
    for (const document of ["11.222.333/0001-82", "529.982.247-24", "12.ABC.345/01DE-36", "123"]) {
      expectError(
        await signup(form({ document })),
        400,
        "validation_failed",
        "document",
        "CNPJ ou CPF inválido",
      );
    }
    // a valid CPF is accepted (an accountant on their own)
    expect((await signup(form({ document: "529.982.247-25" }))).statusCode).toBe(202);
  });

  it("refuses a weak password with the strength message, and one made of the form's own data", async () => {
    const b = form({ password: "senha12345678" });
    expectError(await signup(b), 400, "validation_failed", "password", /^Senha fraca/);
    const mine = form({ adminName: "Helena Prado Vasconcelos" });
    expectError(
      await signup({ ...mine, password: "helenapradovasconcelos" }),
      400,
      "validation_failed",
      "password",
      /^Senha fraca/,
    );
    const db = ctx.database.db;
    expect(await db.select().from(signupRequests).where(eq(signupRequests.email, b.email))).toHaveLength(0);
  });

  it("uses a confirmation link once: a replay is 410 and creates no second office", async () => {
    const b = form();
    await signup(b);
    const { token } = await linkSentTo(b.email);
    expect((await confirm(token as string)).statusCode).toBe(200);
    expectError(await confirm(token as string), 410, "signup_used");
    expectError(await ctx.app.inject({ method: "GET", url: `/api/signup/${token}` }), 410, "signup_used");
    const rows = await ctx.database.db.select().from(offices).where(eq(offices.name, b.officeName));
    expect(rows).toHaveLength(1);
    expectError(await confirm("x".repeat(43)), 404, "not_found");
  });

  it("refuses an expired link (24 h) and creates nothing", async () => {
    const b = form();
    await signup(b);
    const { token } = await linkSentTo(b.email);
    await ctx.database.db
      .update(signupRequests)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(signupRequests.email, b.email));
    const err = expectError(await confirm(token as string), 410, "signup_expired");
    expect(err.message).toContain("24 horas");
    expect(await ctx.database.db.select().from(offices).where(eq(offices.name, b.officeName))).toHaveLength(
      0,
    );
  });

  it("confirms only the first of two sign-ups with the same e-mail", async () => {
    const email = `dupla-${randomUUID().slice(0, 8)}@horizonte.com.br`;
    const a = form({ email });
    const b = form({ email });
    await signup(a);
    await waitFor(() => smtp.received.filter((m) => to(m) === email).length === 1);
    await signup(b);
    const mails = await waitFor(() => {
      const got = smtp.received.filter((m) => to(m) === email);
      return got.length === 2 ? got : undefined;
    });
    const tokens = (mails ?? []).map(
      (m) => /\/cadastro\/confirmar\/([\w-]+)/.exec(m.text ?? "")?.[1] as string,
    );
    expect((await confirm(tokens[1] as string)).statusCode).toBe(200);
    expectError(await confirm(tokens[0] as string), 409, "email_taken");
  });

  it("rate-limits sign-ups per address (429 with Retry-After), writing nothing", async () => {
    const ip = from();
    for (let i = 0; i < 3; i++) expect((await signup(form(), ip)).statusCode).toBe(202);
    const b = form();
    const blocked = await signup(b, ip);
    expectError(blocked, 429, "too_many_attempts");
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
    expect(
      await ctx.database.db.select().from(signupRequests).where(eq(signupRequests.email, b.email)),
    ).toHaveLength(0);
    // another address is not blocked
    expect((await signup(form())).statusCode).toBe(202);
  });

  it("is closed with SIGNUP=closed: status false and the form refused", async () => {
    expect((await closedCtx.app.inject({ method: "GET", url: "/api/signup" })).json()).toEqual({
      open: false,
    });
    expect((await ctx.app.inject({ method: "GET", url: "/api/signup" })).json()).toEqual({ open: true });
    expectError(await signup(form(), from(), closedCtx), 404, "signup_closed");
  });
});

describe("onboarding checklist", () => {
  it("follows the office's real data, is admin-only, and can be dismissed", async () => {
    const { admin, staff } = await createOffice(ctx, "Escritório Checklist");
    const steps = async (s: Session) => (await s.get("/api/onboarding")).json() as OnboardingDto;
    const done = (d: OnboardingDto) => d.steps.filter((s) => s.done).map((s) => s.key);
    // createOffice made an admin and a staff user: the team step is done
    expect(done(await steps(admin))).toEqual(["team"]);
    expect((await steps(staff)).visible).toBe(false);
    await admin.post("/api/services", { name: "Folha de pagamento", priceCents: 45000 });
    await admin.post("/api/clients", { name: "Padaria Boa Ltda", document: uniqueCnpj(), emails: [] });
    await admin.put("/api/finance/settings", {
      pixKey: "11222333000181",
      pixMerchantName: "Escritorio Checklist",
      pixMerchantCity: "Sao Paulo",
      lateFeeBp: 200,
      monthlyInterestBp: 100,
      remindersEnabled: true,
      reminderOffsets: [-3, 1, 7],
    });
    const d = await steps(admin);
    expect(done(d).sort()).toEqual(["clients", "pix", "services", "team"]);
    expect(d.visible).toBe(true);
    expectError(await staff.post("/api/onboarding/dismiss"), 403, "forbidden");
    const dismissed = (await admin.post("/api/onboarding/dismiss")).json() as OnboardingDto;
    expect(dismissed).toMatchObject({ dismissed: true, visible: false });
  });
});

describe("account e-mails of an office without its own SMTP", () => {
  it("a new office invites its team through the installation's SMTP; its other e-mails still need its own", async () => {
    const { admin, office } = await createOffice(ctx);
    const email = `colega-${randomUUID().slice(0, 8)}@horizonte.com.br`;
    const created = await admin.post("/api/users", { name: "Carla Nogueira", email, role: "staff" });
    expect(created.statusCode).toBe(201);
    expect((await admin.post(`/api/users/${created.json().id}/invite`)).statusCode).toBe(200);
    const invitation = await waitFor(() => smtp.received.find((m) => to(m) === email));
    expect(invitation?.subject).toMatch(/convidou você para a equipe/);

    // a status e-mail to a client speaks for the office: never sent by the installation
    const reg = await createRegistry(admin);
    const ticket = await createTicket(admin, reg);
    const res = await admin.post(`/api/tickets/${ticket.id}/status`, {
      status: "analysing",
      version: ticket.version,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().email).toMatchObject({ state: "not_configured" });
    const rows = await ctx.database.db
      .select({ kind: emails.kind, state: emails.state })
      .from(emails)
      .where(and(eq(emails.officeId, office.id), eq(emails.kind, "status_changed")));
    expect(rows).toEqual([{ kind: "status_changed", state: "not_configured" }]);
    expect(smtp.received.some((m) => to(m) === "contato@paodourado.com.br")).toBe(false);
  });
});
