import type { AddressInfo } from "node:net";
import type { PGlite } from "@electric-sql/pglite";
import { and, eq } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import type { FastifyInstance } from "fastify";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { WsServerMessage } from "../../shared/api.js";
import { buildApp } from "../app.js";
import { type Services, startServices } from "../bootstrap.js";
import { connectPostgres, type Database, type Db } from "../db/client.js";
import * as schema from "../db/schema/index.js";
import { clientMemberships } from "../db/schema/index.js";
import * as messagesRepo from "../modules/messages/repository.js";
import * as usersRepo from "../modules/users/repository.js";
import {
  createOffice,
  createRegistry,
  createTicket,
  login,
  type Session,
  TEST_DB,
  type TestContext,
  useTestApp,
} from "../test/harness.js";
import type { Bus } from "./bus.js";
import type { PgBus } from "./pg-bus.js";

const ctx = useTestApp();

/** A websocket client that keeps what it received and waits for what it expects. */
class TestSocket {
  readonly received: WsServerMessage[] = [];
  private cursor = 0;
  private wake: (() => void) | null = null;
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      this.received.push(JSON.parse(data.toString()) as WsServerMessage);
      this.wake?.();
    });
    this.closed = new Promise((resolve) => {
      ws.on("close", (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.wake?.();
      });
    });
  }

  static connect(base: string, opts: { cookie?: string; origin?: string } = {}) {
    const headers: Record<string, string> = {};
    if (opts.cookie) headers.cookie = opts.cookie;
    if (opts.origin !== undefined) headers.origin = opts.origin;
    const ws = new WebSocket(`${base.replace(/^http/, "ws")}/api/ws`, { headers });
    const s = new TestSocket(ws);
    return new Promise<TestSocket>((resolve, reject) => {
      ws.once("open", () => resolve(s));
      ws.once("error", reject);
    });
  }

  send(msg: unknown) {
    this.ws.send(typeof msg === "string" ? msg : JSON.stringify(msg));
  }

  /** The next received message (after the ones already taken) that matches; others are skipped. */
  async next<T extends WsServerMessage["type"]>(
    type: T,
    match: (m: Extract<WsServerMessage, { type: T }>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Extract<WsServerMessage, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.received.length) {
        const m = this.received[this.cursor++] as WsServerMessage;
        if (m.type === type && match(m as Extract<WsServerMessage, { type: T }>))
          return m as Extract<WsServerMessage, { type: T }>;
      }
      const left = deadline - Date.now();
      if (left <= 0 || this.ws.readyState === WebSocket.CLOSED)
        throw new Error(`no ${type} message; received ${JSON.stringify(this.received)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  async subscribe(ticketId: string, since?: string) {
    this.send({ type: "subscribe", ticketId, ...(since ? { since } : {}) });
    return this.next("subscribed", (m) => m.ticketId === ticketId);
  }

  /** Everything sent before this point has been processed by the server (its queue is in order). */
  async sync() {
    this.send({ type: "ping" });
    await this.next("pong");
  }

  messagesOf(ticketId: string) {
    return this.received.flatMap((m) => (m.type === "message" && m.ticketId === ticketId ? [m.message] : []));
  }

  close() {
    this.ws.close();
    return this.closed;
  }
}

interface Instance {
  app: FastifyInstance;
  bus: Bus;
  db: TestContext["database"]["db"];
  base: string;
}

async function listen(app: FastifyInstance) {
  await app.listen({ port: 0, host: "127.0.0.1" });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

let A: Instance;
const sockets: TestSocket[] = [];
async function connect(inst: Instance, s: Session | { cookie: string }, origin = inst.base) {
  const sock = await TestSocket.connect(inst.base, { cookie: s.cookie, origin });
  sockets.push(sock);
  return sock;
}

beforeAll(async () => {
  const base = await listen(ctx.app);
  A = { app: ctx.app, bus: ctx.services.bus, db: ctx.database.db, base };
});
afterAll(() => {
  for (const s of sockets) s.ws.terminate();
});

type Office = Awaited<ReturnType<typeof createOffice>>;

/** An office with two client companies, an atendimento and a client user for each. */
async function setup() {
  const o = await createOffice(ctx, "Escritório Tempo Real");
  const reg = await createRegistry(o.admin);
  const other = await createRegistry(o.admin);
  const client = await createClientUser(o, [reg.client.id]);
  const otherClient = await createClientUser(o, [other.client.id]);
  const ticket = await createTicket(o.admin, reg);
  const otherTicket = await createTicket(o.admin, other);
  return { ...o, reg, other, client, otherClient, ticket, otherTicket };
}

async function createClientUser(o: Office, clientIds: string[]) {
  const db = ctx.database.db;
  const user = await usersRepo.insert(db, o.office.id, {
    name: `Cliente ${o.tag}`,
    email: `cliente-${o.tag}-${Math.random().toString(36).slice(2, 8)}@empresa.com.br`,
    role: "client",
    active: true,
    passwordHash: o.passwordHash,
  });
  for (const clientId of clientIds)
    await db.insert(clientMemberships).values({ userId: user.id, clientId, officeId: o.office.id });
  return { user, session: await login(ctx.app, user.email) };
}

/**
 * Posts a chat message as `author`: through POST /api/tickets/:id/messages when that route exists
 * (it publishes after commit), otherwise inserted with the repository and published on `inst`'s bus.
 */
async function post(inst: Instance, author: Session, ticketId: string, body: string, internal = false) {
  const viaRoute = process.env.ATENDE_RT_TEST_DIRECT !== "1"; // 1: the repository path, for debugging
  if (viaRoute && inst.app.hasRoute({ method: "POST", url: "/api/tickets/:id/messages" })) {
    const res = await inst.app.inject({
      method: "POST",
      url: `/api/tickets/${ticketId}/messages`,
      headers: { cookie: author.cookie, "x-csrf-token": author.csrfToken },
      payload: { body, internal },
    });
    if (res.statusCode !== 201) throw new Error(`post message: ${res.statusCode} ${res.body}`);
    const m = res.json() as { id: string; createdAt: string };
    return { id: m.id, createdAt: m.createdAt };
  }
  const m = await messagesRepo.insert(inst.db, {
    officeId: author.user.officeId,
    ticketId,
    authorId: author.user.id,
    body,
    internal,
  });
  await inst.bus.publish({
    type: "message",
    officeId: m.officeId,
    ticketId,
    messageId: m.id,
    internal: m.internal,
  });
  return { id: m.id, createdAt: m.createdAt.toISOString() };
}

describe("websocket /api/ws", () => {
  it("closes with 4401 without a session and 4403 for a foreign Origin", async () => {
    const o = await createOffice(ctx);
    const anonymous = await TestSocket.connect(A.base, { origin: A.base });
    expect((await anonymous.closed).code).toBe(4401);
    const expired = await TestSocket.connect(A.base, { origin: A.base, cookie: "atende_sid=nao-existe" });
    expect((await expired.closed).code).toBe(4401);

    const foreign = await TestSocket.connect(A.base, {
      cookie: o.staff.cookie,
      origin: "https://evil.example",
    });
    expect((await foreign.closed).code).toBe(4403);
    const none = await TestSocket.connect(A.base, { cookie: o.staff.cookie });
    expect((await none.closed).code).toBe(4403);

    const ok = await connect(A, o.staff);
    await ok.sync();
    ok.send("isto não é JSON");
    expect((await ok.next("error")).code).toBe("bad_request");
    ok.send({ type: "subscribe", ticketId: "123" });
    expect((await ok.next("error")).code).toBe("bad_request");
  });

  it("delivers messages to staff; internal notes never reach a client user", async () => {
    const o = await setup();
    const staff = await connect(A, o.staff);
    const client = await connect(A, o.client.session);
    await staff.subscribe(o.ticket.id);
    await client.subscribe(o.ticket.id);

    const note = await post(A, o.staff, o.ticket.id, "Nota interna: conferir recibos", true);
    const msg = await post(A, o.staff, o.ticket.id, "Olá! Recebemos seus documentos.");

    const n = await staff.next("message", (m) => m.message.id === note.id);
    expect(n.message).toMatchObject({
      internal: true,
      body: "Nota interna: conferir recibos",
      ticketId: o.ticket.id,
    });
    await staff.next("message", (m) => m.message.id === msg.id);

    const got = await client.next("message", (m) => m.message.id === msg.id);
    expect(got.message).toMatchObject({ internal: false, author: { id: o.staffUser.id, side: "office" } });
    await client.sync();
    expect(client.messagesOf(o.ticket.id).map((m) => m.id)).toEqual([msg.id]);
  });

  it("a client user cannot follow another company's atendimento and receives nothing of it", async () => {
    const o = await setup();
    const client = await connect(A, o.client.session);
    client.send({ type: "subscribe", ticketId: o.otherTicket.id });
    const err = await client.next("error", (m) => m.ticketId === o.otherTicket.id);
    expect(err).toEqual({
      type: "error",
      code: "not_found",
      message: "Atendimento não encontrado.",
      ticketId: o.otherTicket.id,
    });
    await client.subscribe(o.ticket.id);

    // another office's atendimento is "not found" too, for staff as well
    const stranger = await createOffice(ctx, "Outro Escritório");
    const strangerSock = await connect(A, stranger.staff);
    strangerSock.send({ type: "subscribe", ticketId: o.ticket.id });
    expect((await strangerSock.next("error")).code).toBe("not_found");

    const secret = await post(A, o.staff, o.otherTicket.id, "Mensagem da outra empresa");
    const mine = await post(A, o.staff, o.ticket.id, "Mensagem para você");
    await client.next("message", (m) => m.message.id === mine.id);
    await client.sync();
    expect(JSON.stringify(client.received)).not.toContain(secret.id);
    // nothing about it at all, but the refusal
    const aboutOther = client.received.filter((m) => JSON.stringify(m).includes(o.otherTicket.id));
    expect(aboutOther).toEqual([err]);
    expect(client.messagesOf(o.otherTicket.id)).toEqual([]);
    await strangerSock.sync();
    expect(JSON.stringify(strangerSock.received)).not.toContain(mine.id);
  });

  it("drops a client user's subscription when their company is unlinked", async () => {
    const o = await setup();
    await createClientUser(o, [o.reg.client.id]); // the company still has someone to talk to
    const client = await connect(A, o.client.session);
    await client.subscribe(o.ticket.id);
    await ctx.database.db
      .delete(clientMemberships)
      .where(
        and(eq(clientMemberships.userId, o.client.user.id), eq(clientMemberships.clientId, o.reg.client.id)),
      );
    const m = await post(A, o.staff, o.ticket.id, "Depois do desvínculo");
    const err = await client.next("error", (e) => e.ticketId === o.ticket.id);
    expect(err.code).toBe("not_found");
    await client.sync();
    expect(JSON.stringify(client.received)).not.toContain(m.id);
  });

  it("staff get ticket events of their office; a client user only of their companies", async () => {
    const o = await setup();
    const staff = await connect(A, o.staff);
    const client = await connect(A, o.client.session);
    await staff.sync();
    await client.sync();
    await A.bus.publish({
      type: "ticket",
      officeId: o.office.id,
      ticketId: o.otherTicket.id,
      reason: "status",
    });
    await A.bus.publish({ type: "ticket", officeId: o.office.id, ticketId: o.ticket.id, reason: "edited" });
    await staff.next("ticket", (m) => m.ticketId === o.otherTicket.id);
    await staff.next("ticket", (m) => m.ticketId === o.ticket.id && m.reason === "edited");
    expect(await client.next("ticket")).toEqual({ type: "ticket", ticketId: o.ticket.id, reason: "edited" });
    await client.sync();
    expect(client.received.filter((m) => m.type === "ticket")).toHaveLength(1);
  });

  it("a reconnect with `since` recovers the messages posted while disconnected", async () => {
    const o = await setup();
    const first = await connect(A, o.client.session);
    await first.subscribe(o.ticket.id);
    const m1 = await post(A, o.staff, o.ticket.id, "Primeira");
    const seen = await first.next("message", (m) => m.message.id === m1.id);
    await first.close();

    const m2 = await post(A, o.staff, o.ticket.id, "Segunda, enquanto você estava fora");
    const m3 = await post(A, o.staff, o.ticket.id, "Terceira");
    await post(A, o.staff, o.ticket.id, "Nota interna perdida", true);

    const again = await connect(A, o.client.session);
    await again.subscribe(o.ticket.id, seen.message.createdAt);
    await again.next("message", (m) => m.message.id === m3.id);
    const ids = again.messagesOf(o.ticket.id).map((m) => m.id);
    // the last message seen may come again (timestamps are finer than milliseconds): clients dedupe by id
    expect(ids.filter((id) => id !== m1.id)).toEqual([m2.id, m3.id]);

    const m4 = await post(A, o.staff, o.ticket.id, "Ao vivo");
    await again.next("message", (m) => m.message.id === m4.id);
    await again.sync();
    const all = again.messagesOf(o.ticket.id).map((m) => m.id);
    expect(new Set(all).size).toBe(all.length); // never the same message twice on one subscription
  });

  it.each(["0000-01-01T00:00:00Z", "9999-12-31T23:59:59-12:00", "1899-12-31T23:59:59Z"])(
    "a `since` outside 1900–2999 (%s) is a bad request, not a server error",
    async (since) => {
      const o = await setup();
      const sock = await connect(A, o.client.session);
      sock.send({ type: "subscribe", ticketId: o.ticket.id, since });
      expect(await sock.next("error")).toMatchObject({ code: "bad_request", message: "Mensagem inválida." });
      // the connection still works
      await sock.subscribe(o.ticket.id, "2000-01-01T00:00:00Z");
    },
  );

  it("presence: staff on the same atendimento see each other, and not after one leaves", async () => {
    const o = await setup();
    const admin = await connect(A, o.admin);
    const staff = await connect(A, o.staff);
    const client = await connect(A, o.client.session);
    await client.subscribe(o.ticket.id);
    await admin.subscribe(o.ticket.id);
    expect((await admin.next("presence")).viewers).toEqual([]);

    await staff.subscribe(o.ticket.id);
    const forStaff = await staff.next("presence");
    expect(forStaff).toEqual({
      type: "presence",
      ticketId: o.ticket.id,
      viewers: [{ id: o.adminUser.id, name: o.adminUser.name }],
    });
    const forAdmin = await admin.next("presence", (m) => m.viewers.length === 1);
    expect(forAdmin.viewers).toEqual([{ id: o.staffUser.id, name: o.staffUser.name }]);

    // a second tab of the same person does not list them twice
    const staffTab = await connect(A, o.staff);
    await staffTab.subscribe(o.ticket.id);
    await staffTab.close();
    await admin.sync();
    for (const p of admin.received.filter((m) => m.type === "presence").slice(1))
      expect(p.type === "presence" && p.viewers.map((v) => v.id)).toEqual([o.staffUser.id]);

    await staff.close();
    const after = await admin.next("presence", (m) => m.viewers.length === 0);
    expect(after.ticketId).toBe(o.ticket.id);
    await client.sync();
    expect(client.received.some((m) => m.type === "presence")).toBe(false);

    admin.send({ type: "unsubscribe", ticketId: o.ticket.id });
    await admin.sync();
    const later = await post(A, o.staff, o.ticket.id, "Depois de sair");
    await client.next("message", (m) => m.message.id === later.id);
    await admin.sync();
    expect(JSON.stringify(admin.received)).not.toContain(later.id);
  });

  it("read receipts reach the followers of the atendimento", async () => {
    const o = await setup();
    const staff = await connect(A, o.staff);
    await staff.subscribe(o.ticket.id);
    const at = new Date().toISOString();
    await A.bus.publish({ type: "read", officeId: o.office.id, ticketId: o.ticket.id, side: "client", at });
    expect(await staff.next("read")).toEqual({ type: "read", ticketId: o.ticket.id, side: "client", at });
  });

  it("a logout closes the socket at the next check", async () => {
    const o = await setup();
    const client = await connect(A, o.client.session);
    await client.subscribe(o.ticket.id);
    const res = await o.client.session.post("/api/auth/logout");
    expect(res.statusCode).toBeLessThan(300);
    await post(A, o.staff, o.ticket.id, "Alguém aí?");
    expect((await client.closed).code).toBe(4401);
  });

  it("closes its sockets with 1012 (service restart) when the app closes", async () => {
    const second = await startInstance();
    try {
      const o = await createOffice(ctx);
      const sock = await connect(second, o.staff);
      await sock.sync();
      await second.app.close();
      expect((await sock.closed).code).toBe(1012);
    } finally {
      await second.stop();
    }
  });
});

/**
 * An app instance on this test's database and bus whose Drizzle instance logs every SQL statement
 * it runs (the real queries of its hub, counted, nothing stubbed).
 */
async function startCountingInstance(): Promise<Instance & { queries: string[]; stop(): Promise<void> }> {
  const queries: string[] = [];
  const logger = { logQuery: (query: string) => void queries.push(query) };
  const client = (ctx.database.db as unknown as { $client: unknown }).$client;
  const db = (TEST_DB === "postgres"
    ? drizzlePg(client as pg.Pool, { schema, logger })
    : drizzlePglite(client as PGlite, { schema, logger })) as unknown as Db;
  const app = await buildApp({
    config: ctx.config,
    database: { ...ctx.database, db },
    jobs: ctx.services.jobs,
    secretKey: ctx.services.secretKey,
    bus: ctx.services.bus,
  });
  const base = await listen(app);
  return { app, bus: ctx.services.bus, db, base, queries, stop: () => app.close() };
}

describe("chat fan-out cost", () => {
  it("loads a message once per view (all staff; each client user), not once per socket", async () => {
    const o = await setup();
    // a client user of both companies: a view of their own
    const both = await createClientUser(o, [o.reg.client.id, o.other.client.id]);
    const C = await startCountingInstance();
    try {
      const staff: TestSocket[] = [];
      for (let i = 0; i < 6; i++) staff.push(await connect(C, i % 2 ? o.admin : o.staff));
      // two tabs of one client session, the other client user, and the other company's user
      const tabs = [await connect(C, o.client.session), await connect(C, o.client.session)];
      const bothSock = await connect(C, both.session);
      const outsider = await connect(C, o.otherClient.session);
      for (const s of [...staff, ...tabs, bothSock]) await s.subscribe(o.ticket.id);
      outsider.send({ type: "subscribe", ticketId: o.ticket.id });
      expect((await outsider.next("error")).code).toBe("not_found");
      C.queries.length = 0;

      const note = await post(A, o.staff, o.ticket.id, "Nota interna do escritório", true);
      const msg = await post(A, o.staff, o.ticket.id, "Mensagem para todos");
      for (const s of staff) {
        await s.next("message", (m) => m.message.id === note.id);
        await s.next("message", (m) => m.message.id === msg.id);
      }
      for (const s of [...tabs, bothSock]) await s.next("message", (m) => m.message.id === msg.id);
      for (const s of [...staff, ...tabs, bothSock, outsider]) await s.sync();

      // every staff socket got the same two messages, in order; clients only the public one
      const staffView = JSON.stringify(staff[0]?.messagesOf(o.ticket.id));
      for (const s of staff) {
        expect(s.messagesOf(o.ticket.id).map((m) => m.id)).toEqual([note.id, msg.id]);
        expect(JSON.stringify(s.messagesOf(o.ticket.id))).toBe(staffView);
      }
      for (const s of [...tabs, bothSock]) {
        expect(s.messagesOf(o.ticket.id).map((m) => m.id)).toEqual([msg.id]);
        expect(JSON.stringify(s.received)).not.toContain(note.id);
      }
      expect(JSON.stringify(outsider.received)).not.toContain(msg.id);

      const reads = (table: string) => C.queries.filter((q) => q.includes(`from "${table}"`)).length;
      // the note: the staff view only; the message: staff, the client user, the user of both
      // companies (one load each: 4 in all, where a load per socket made it 6 + 6 + 3 = 15)
      expect(reads("messages")).toBe(4);
      expect(reads("ticket_reads")).toBe(4);
      // client sockets re-read their session before a delivery: once per session (2), not per tab (3)
      expect(reads("sessions")).toBe(2);
    } finally {
      await C.stop();
    }
  });
});

/** Another app instance on the same database (its own pool and, on PostgreSQL, its own LISTEN). */
async function startInstance(): Promise<Instance & { stop(): Promise<void> }> {
  let database: Database = ctx.database;
  let services: Services | undefined;
  if (TEST_DB === "postgres") {
    database = connectPostgres(process.env.TEST_DATABASE_URL as string, 4);
    services = await startServices(ctx.config, database, {
      ephemeral: true,
      listenUrl: process.env.TEST_DATABASE_URL,
      log: { info() {}, warn() {}, error() {} },
    });
  }
  const bus = services?.bus ?? ctx.services.bus;
  const app = await buildApp({
    config: ctx.config,
    database,
    jobs: services?.jobs ?? ctx.services.jobs,
    secretKey: services?.secretKey ?? ctx.services.secretKey,
    bus,
  });
  let closed = false;
  app.addHook("onClose", async () => {
    closed = true;
  });
  const base = await listen(app);
  return {
    app,
    bus,
    db: database.db,
    base,
    async stop() {
      if (!closed) await app.close();
      await services?.stop();
      if (database !== ctx.database) await database.close();
    },
  };
}

describe("two app instances on one PostgreSQL", () => {
  let B: Instance & { stop(): Promise<void> };
  beforeAll(async () => {
    if (TEST_DB === "postgres") B = await startInstance();
  });
  afterAll(async () => {
    await B?.stop();
  });

  it.skipIf(TEST_DB !== "postgres")(
    "a socket on instance B receives a message published on instance A",
    async () => {
      const o = await setup();
      const onB = await connect(B, o.client.session);
      await onB.subscribe(o.ticket.id);
      const m = await post(A, o.staff, o.ticket.id, "Publicada na instância A");
      const got = await onB.next("message", (x) => x.message.id === m.id);
      expect(got.message.body).toBe("Publicada na instância A");

      // presence crosses instances as well
      const adminOnA = await connect(A, o.admin);
      const staffOnB = await connect(B, o.staff);
      await adminOnA.subscribe(o.ticket.id);
      await staffOnB.subscribe(o.ticket.id);
      const seenOnA = await adminOnA.next("presence", (p) => p.viewers.length === 1);
      expect(seenOnA.viewers[0]?.id).toBe(o.staffUser.id);
      const seenOnB = await staffOnB.next("presence", (p) => p.viewers.length === 1);
      expect(seenOnB.viewers[0]?.id).toBe(o.adminUser.id);
      await staffOnB.close();
      await adminOnA.next("presence", (p) => p.viewers.length === 0);
    },
  );

  it.skipIf(TEST_DB !== "postgres")(
    "when B's LISTEN connection drops, B's sockets are told to reconnect",
    async () => {
      const o = await createOffice(ctx);
      const onB = await connect(B, o.staff);
      await onB.sync();
      const pid = (B.bus as PgBus).listenerPid;
      expect(pid).toBeTypeOf("number");
      await ctx.database.rawQuery("SELECT pg_terminate_backend($1)", [pid]);
      expect((await onB.closed).code).toBe(1012); // then it reconnects and subscribes with `since`
      const again = await connect(B, o.staff);
      await again.sync();
    },
  );
});
