import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { FastifyInstance, InjectOptions } from "fastify";
import { afterAll, beforeAll, inject } from "vitest";
import type { Role } from "../../shared/api.js";
import { cnpjCheckDigits } from "../../shared/documents.js";
import { buildApp } from "../app.js";
import { type Services, startServices } from "../bootstrap.js";
import { type Config, loadConfig } from "../config.js";
import { connectPostgres, type Database, openPglite } from "../db/client.js";
import { offices } from "../db/schema/index.js";
import { hashPassword } from "../modules/auth/password.js";
import { insertDefaultCategories } from "../modules/finance/repository.js";
import * as usersRepo from "../modules/users/repository.js";

export const TEST_DB: "pglite" | "postgres" =
  process.env.ATENDE_TEST_DB === "postgres" ? "postgres" : "pglite";

export interface TestContext {
  app: FastifyInstance;
  database: Database;
  config: Config;
  services: Services;
}

/**
 * A migrated in-memory PGlite, loaded from the template the global setup migrated once for the run
 * (`global-setup.ts`); migrating a new one per file would cost seconds on a busy machine.
 */
export async function openTestPglite(): Promise<Database> {
  const template = readFileSync(inject("pgliteTemplate"));
  return openPglite(undefined, new Blob([template]));
}

/**
 * One app per test file on a fresh in-memory PGlite (a copy of the migrated template), or on the real
 * PostgreSQL server of TEST_DATABASE_URL (already migrated by the global setup). Closed after the file.
 * `overrides` replaces config values for this file (e.g. small upload limits, a temp dataDir).
 */
export function useTestApp(overrides: Partial<Config> = {}): TestContext {
  const ctx = {} as TestContext;
  beforeAll(async () => {
    const config = {
      ...loadConfig({
        NODE_ENV: "test",
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
        LOGIN_MAX_ATTEMPTS: "5",
        MAIL_WAIT_MS: "4000",
        MAIL_RETRY_DELAY_SECONDS: "1",
      }),
      ...overrides,
    };
    if (TEST_DB === "postgres") {
      ctx.database = connectPostgres(process.env.TEST_DATABASE_URL as string, 4);
    } else {
      ctx.database = await openTestPglite();
    }
    ctx.config = config;
    ctx.services = await startServices(config, ctx.database, {
      ephemeral: true,
      listenUrl: process.env.TEST_DATABASE_URL,
      log: silentLog,
    });
    ctx.app = await buildApp({
      config,
      database: ctx.database,
      jobs: ctx.services.jobs,
      secretKey: ctx.services.secretKey,
      bus: ctx.services.bus,
      blobStore: ctx.services.blobStore,
    });
    await ctx.app.ready();
  });
  afterAll(async () => {
    await ctx.app?.close();
    await ctx.services?.stop();
    await ctx.database?.close();
  });
  return ctx;
}

const silentLog = { info() {}, warn() {}, error() {} };

let passwordHashCache: Promise<string> | undefined;
export const TEST_PASSWORD = "senha-de-teste-123";

/** A signed-in person: requests go out with their cookie and CSRF token. */
export class Session {
  constructor(
    private readonly app: FastifyInstance,
    public readonly user: { id: string; email: string; role: Role; officeId: string },
    /** "atende_sid=…", for requests built by hand */
    public readonly cookie: string,
    public readonly csrfToken: string,
  ) {}

  request(
    method: InjectOptions["method"],
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const write = method !== "GET" && method !== "HEAD";
    return this.app.inject({
      method,
      url,
      headers: {
        cookie: this.cookie,
        ...(write ? { "x-csrf-token": this.csrfToken } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: body as InjectOptions["payload"] } : {}),
    });
  }
  get = (url: string) => this.request("GET", url);
  post = (url: string, body?: unknown) => this.request("POST", url, body ?? {});
  put = (url: string, body?: unknown) => this.request("PUT", url, body ?? {});
  patch = (url: string, body?: unknown) => this.request("PATCH", url, body ?? {});
}

export async function login(app: FastifyInstance, email: string, password = TEST_PASSWORD) {
  const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === "atende_sid");
  if (!cookie) throw new Error("no session cookie");
  const body = res.json() as { user: { id: string; role: Role; office: { id: string } }; csrfToken: string };
  return new Session(
    app,
    { id: body.user.id, email, role: body.user.role, officeId: body.user.office.id },
    `atende_sid=${cookie.value}`,
    body.csrfToken,
  );
}

/** A fresh office with an admin and a staff member, signed in, and a few cadastros. */
export async function createOffice(ctx: TestContext, name = "Escritório de Teste") {
  const db = ctx.database.db;
  passwordHashCache ??= hashPassword(TEST_PASSWORD);
  const passwordHash = await passwordHashCache;
  const [office] = await db.insert(offices).values({ name }).returning();
  if (!office) throw new Error("office insert failed");
  await insertDefaultCategories(db, office.id);
  const tag = randomUUID().slice(0, 8);
  const mk = (role: Role, who: string) =>
    usersRepo.insert(db, office.id, {
      name: `${who} ${tag}`,
      email: `${who.toLowerCase()}-${tag}@teste.com.br`,
      role,
      active: true,
      passwordHash,
    });
  const adminUser = await mk("admin", "Admin");
  const staffUser = await mk("staff", "Equipe");
  const admin = await login(ctx.app, adminUser.email);
  const staff = await login(ctx.app, staffUser.email);
  return { office, admin, staff, adminUser, staffUser, tag, passwordHash };
}

let docCounter = 0;
/** A valid CNPJ, different on every call. */
export function uniqueCnpj(): string {
  docCounter++;
  const base = `${String(Date.now() % 1e6).padStart(6, "0")}${String(docCounter).padStart(2, "0")}0001`.slice(
    0,
    12,
  );
  return base + cnpjCheckDigits(base);
}

/** The cadastros an atendimento needs, created through the API. */
export async function createRegistry(s: Session) {
  const accountant = (
    await s.post("/api/accountants", {
      name: "Roberto Contador",
      crc: `1SP${Math.floor(Math.random() * 1e6)}/O-1`,
      cpf: "529.982.247-25",
      email: "roberto@contador.com.br",
    })
  ).json() as { id: string; name: string };
  const service = (
    await s.post("/api/services", { name: "Declaração de IRPF", priceCents: 35000 })
  ).json() as {
    id: string;
    priceCents: number;
  };
  const client = (
    await s.post("/api/clients", {
      name: "Padaria Pão Dourado Ltda",
      document: uniqueCnpj(),
      emails: ["contato@paodourado.com.br"],
      defaultAccountantId: accountant.id,
    })
  ).json() as { id: string; name: string };
  return { accountant, service, client };
}

export async function createTicket(
  s: Session,
  reg: Awaited<ReturnType<typeof createRegistry>>,
  over: Record<string, unknown> = {},
) {
  const res = await s.post("/api/tickets", {
    requesterId: reg.client.id,
    serviceId: reg.service.id,
    accountantId: reg.accountant.id,
    assigneeId: s.user.id,
    subject: "Declaração de IRPF do sócio",
    description: "Enviar recibos médicos até sexta.",
    amountCents: reg.service.priceCents,
    ...over,
  });
  if (res.statusCode !== 201) throw new Error(`create ticket: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; version: number; protocol: string; status: string };
}

/** The error body every failure leaves with. */
export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

/** Asserts status, error code and (optionally) the pt-BR message of one field; returns the body. */
export function expectError(
  res: { statusCode: number; body: string; json(): unknown },
  status: number,
  code: string,
  field?: string,
  message?: string | RegExp,
): ErrorBody["error"] {
  if (res.statusCode !== status)
    throw new Error(`expected ${status} ${code}, got ${res.statusCode} ${res.body}`);
  const { error } = res.json() as ErrorBody;
  if (error.code !== code) throw new Error(`expected code ${code}, got ${res.body}`);
  if (typeof error.message !== "string" || error.message.length < 5)
    throw new Error(`no message for people: ${res.body}`);
  if (field !== undefined) {
    const got = error.fields?.[field];
    if (!got) throw new Error(`expected a message for field ${field}, got ${res.body}`);
    if (typeof message === "string" && got !== message)
      throw new Error(`field ${field}: expected "${message}", got "${got}"`);
    if (message instanceof RegExp && !message.test(got))
      throw new Error(`field ${field}: expected ${message}, got "${got}"`);
  }
  return error;
}

/** A user of the office created through the API (admin session), already signed in. */
export async function createUser(
  ctx: TestContext,
  admin: Session,
  role: Role,
  over: { name?: string; email?: string; password?: string } = {},
) {
  const tag = randomUUID().slice(0, 8);
  const email = over.email ?? `${role}-${tag}@teste.com.br`;
  const password = over.password ?? TEST_PASSWORD;
  const res = await admin.post("/api/users", {
    name: over.name ?? `Usuário ${role} ${tag}`,
    email,
    role,
    password,
  });
  if (res.statusCode !== 201) throw new Error(`create user: ${res.statusCode} ${res.body}`);
  const user = res.json() as { id: string; name: string; email: string; role: Role };
  return { user, session: await login(ctx.app, email, password) };
}
