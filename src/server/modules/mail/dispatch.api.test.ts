import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOffice, expectError, type Session, useTestApp } from "../../test/harness.js";
import { TestSmtp } from "../../test/smtp.js";
import { MailDispatcher } from "./dispatcher.js";
import { queueEmail } from "./outbox.js";
import * as repo from "./repository.js";
import type { MailDelivery } from "./sender.js";
import { TransportPools } from "./transports.js";

// Outbound at scale (ADR 0018): this file drives its own dispatchers with an injected clock, so no
// test sleeps or waits for a retry delay. The app's own dispatcher is off (RUN_WORKERS=false), and
// every e-mail here is due only by the fake clock (an hour ahead), so the dispatchers of other test
// files sharing the PostgreSQL database never take them.
const ctx = useTestApp({ runWorkers: false });
const servers: TestSmtp[] = [];
async function smtpServer() {
  const s = new TestSmtp();
  const port = await s.start();
  servers.push(s);
  return { s, port };
}
afterAll(async () => {
  for (const s of servers) await s.stop();
});

class FakeClock {
  t = Date.now() + 3_600_000;
  now = () => new Date(this.t);
  advance(seconds: number) {
    this.t += seconds * 1000;
  }
}

const silent = { error() {} };
const RETRY = { firstDelaySeconds: 15, maxDelaySeconds: 240, retryForSeconds: 24 * 3600 };

function dispatcher(
  clock: FakeClock,
  officeIds: string[],
  limits: { concurrency: number; perOffice: number },
) {
  const d: MailDelivery = {
    secretKey: ctx.services.secretKey,
    jobs: ctx.services.jobs,
    retry: RETRY,
    claimLeaseSeconds: 30,
    pools: new TransportPools({ maxConnections: limits.perOffice, ratePerSecond: 0, idleMs: 60_000 }),
    now: clock.now,
  };
  return new MailDispatcher(ctx.database.db, d, { ...limits, pollMs: 0, officeIds }, silent);
}

async function configureSmtp(admin: Session, port: number) {
  const res = await admin.put("/api/settings/mail", {
    host: "127.0.0.1",
    port,
    security: "none",
    username: null,
    password: null,
    fromName: "Contabilidade Em Escala",
    fromAddress: "envios@contabilidade.com.br",
  });
  expect(res.statusCode).toBe(200);
}

/** n e-mails of the office, in one transaction, due at the fake clock's now */
async function queue(
  officeId: string,
  clock: FakeClock,
  n: number,
  o: { kind?: "status_changed" | "collection_reminder"; label: string },
) {
  return ctx.database.db.transaction(async (tx) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const row = await queueEmail(tx, ctx.services.jobs, {
        officeId,
        ticketId: null,
        kind: o.kind ?? "status_changed",
        to: [`cliente${i}@empresa.com.br`],
        content: { subject: `${o.label} ${i}`, html: `<p>${i}</p>`, text: `${i}` },
        createdBy: null,
      });
      ids.push(row.id);
    }
    await tx.execute(
      sql`update emails set next_attempt_at = ${clock.now().toISOString()}::timestamptz where office_id = ${officeId} and state = 'queued'`,
    );
    return ids;
  });
}

async function rows(officeId: string) {
  const r = (await ctx.database.db.execute(
    sql`select id, state, attempts, message_id from emails where office_id = ${officeId}`,
  )) as unknown as { rows: { id: string; state: string; attempts: number; message_id: string }[] };
  return r.rows;
}

let clock: FakeClock;
beforeAll(() => {
  clock = new FakeClock();
});

describe("fair scheduling", () => {
  it("sends office B's one e-mail among the first ones, behind office A's backlog of 30", async () => {
    const { s, port } = await smtpServer();
    const a = await createOffice(ctx, "Escritório Fechamento do Mês");
    const b = await createOffice(ctx, "Escritório Pequeno");
    await configureSmtp(a.admin, port);
    await configureSmtp(b.admin, port);
    await queue(a.office.id, clock, 30, { label: "lote A" });
    await queue(b.office.id, clock, 1, { label: "status B" });
    const dx = dispatcher(clock, [a.office.id, b.office.id], { concurrency: 4, perOffice: 3 });
    await dx.drain();
    const order = s.received.map((m) => m.subject ?? "");
    expect(order).toHaveLength(31);
    // the first claim takes every office's first e-mail before any office's second one
    expect(order.indexOf("status B 0")).toBeGreaterThanOrEqual(0);
    expect(order.indexOf("status B 0")).toBeLessThan(4);
    // and each e-mail went out exactly once
    expect(new Set(s.received.map((m) => m.messageId)).size).toBe(31);
    expect((await rows(a.office.id)).every((r) => r.state === "sent" && r.attempts === 1)).toBe(true);
    await dx.stop();
  });

  it("sends what a person waits for before the office's own bulk (régua) e-mails", async () => {
    const { s, port } = await smtpServer();
    const c = await createOffice(ctx, "Escritório Régua");
    await configureSmtp(c.admin, port);
    await queue(c.office.id, clock, 12, { kind: "collection_reminder", label: "lembrete" });
    await queue(c.office.id, clock, 1, { label: "status mudou" });
    const dx = dispatcher(clock, [c.office.id], { concurrency: 2, perOffice: 2 });
    await dx.drain();
    const order = s.received.map((m) => m.subject ?? "");
    expect(order).toHaveLength(13);
    expect(order.indexOf("status mudou 0")).toBeLessThan(2);
    await dx.stop();
  });
});

describe("bounded per office", () => {
  it("never has more than MAIL_OFFICE_CONNECTIONS e-mails of one office in flight, while others go on", async () => {
    const slowA = await smtpServer();
    const b = await smtpServer();
    const oa = await createOffice(ctx, "Escritório Limitado");
    const ob = await createOffice(ctx, "Escritório Vizinho");
    await configureSmtp(oa.admin, slowA.port);
    await configureSmtp(ob.admin, b.port);
    await queue(oa.office.id, clock, 10, { label: "limitado" });
    await queue(ob.office.id, clock, 2, { label: "vizinho" });
    const release = slowA.s.hold(); // office A's server accepts nothing until released
    const dx = dispatcher(clock, [oa.office.id, ob.office.id], { concurrency: 8, perOffice: 3 });
    await dx.pump();
    const sending = (await rows(oa.office.id)).filter((r) => r.state === "sending");
    expect(sending).toHaveLength(3); // not 8: the office's bound, counted in the claim
    expect(dx.sending).toBe(5); // A's 3 and B's 2
    // a second claim while A's three are in flight takes nothing more of A
    await dx.pump();
    expect((await rows(oa.office.id)).filter((r) => r.state === "sending")).toHaveLength(3);
    release();
    await dx.drain();
    expect(slowA.s.received).toHaveLength(10);
    expect(b.s.received).toHaveLength(2);
    expect(slowA.s.maxActive).toBeLessThanOrEqual(3);
    await dx.stop();
  });

  it("builds a new pool when the office's SMTP settings change", async () => {
    const first = await smtpServer();
    const second = await smtpServer();
    const o = await createOffice(ctx, "Escritório Muda Servidor");
    await configureSmtp(o.admin, first.port);
    await queue(o.office.id, clock, 1, { label: "antes" });
    const dx = dispatcher(clock, [o.office.id], { concurrency: 2, perOffice: 2 });
    await dx.drain();
    await configureSmtp(o.admin, second.port);
    await queue(o.office.id, clock, 1, { label: "depois" });
    await dx.drain();
    expect(first.s.received.map((m) => m.subject)).toEqual(["antes 0"]);
    expect(second.s.received.map((m) => m.subject)).toEqual(["depois 0"]);
    await dx.stop();
  });
});

describe("a server that answers 421 to everything for 5 minutes", () => {
  it("pauses the whole office with backoff, leaves other offices alone, then delivers each once", async () => {
    const failing = await smtpServer();
    const healthy = await smtpServer();
    const a = await createOffice(ctx, "Escritório Servidor Ocupado");
    const b = await createOffice(ctx, "Escritório Servidor Bom");
    await configureSmtp(a.admin, failing.port);
    await configureSmtp(b.admin, healthy.port);
    const started = clock.t;
    const outageEnds = started + 300_000;
    await queue(a.office.id, clock, 10, { label: "ocupado" });
    const dx = dispatcher(clock, [a.office.id, b.office.id], { concurrency: 8, perOffice: 3 });
    let attemptsDuringOutage = 0;
    let bSentAt: number | undefined;
    let allSentAt: number | undefined;
    for (let step = 0; step < 80 && allSentAt === undefined; step++) {
      failing.s.tempFail = clock.t < outageEnds;
      const before = failing.s.attemptTimes.length;
      if (step === 2) await queue(b.office.id, clock, 1, { label: "bom" }); // 30 s into the outage
      await dx.drain();
      if (failing.s.tempFail) attemptsDuringOutage += failing.s.attemptTimes.length - before;
      if (bSentAt === undefined && healthy.s.received.length === 1) bSentAt = clock.t;
      if ((await rows(a.office.id)).every((r) => r.state === "sent")) allSentAt = clock.t;
      if (step === 1) {
        // paused: the office's row says until when and why
        const pause = await repo.getBackoff(ctx.database.db, a.office.id);
        expect(pause?.pausedUntil.getTime()).toBeGreaterThan(clock.t);
        expect(pause?.lastError).toMatch(/^o servidor SMTP respondeu: 421/);
      }
      clock.advance(15);
    }
    // without the office's pause each of the 10 e-mails would try every 15, 30, 60… s (~50 attempts);
    // with it, at most 3 (the office's connections) per pause: at 0, 15, 45, 105 and 225 s
    expect(attemptsDuringOutage).toBeGreaterThanOrEqual(4);
    expect(attemptsDuringOutage).toBeLessThanOrEqual(15);
    // the other office was not held up by A's server
    expect(bSentAt).toBe(started + 30_000);
    // delivered after the outage, within one (capped) pause of its end
    expect(allSentAt).toBeGreaterThanOrEqual(outageEnds);
    expect(allSentAt).toBeLessThanOrEqual(outageEnds + RETRY.maxDelaySeconds * 1000);
    const ids = failing.s.received.map((m) => m.messageId);
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
    expect((await rows(a.office.id)).map((r) => r.message_id).sort()).toEqual(
      [...ids].map((id) => id as string).sort(),
    );
    // a success cleared the pause
    expect(await repo.getBackoff(ctx.database.db, a.office.id)).toBeUndefined();
    await dx.stop();
  });
});

describe("two dispatchers on one database", () => {
  it("never send the same e-mail twice", async () => {
    const { s, port } = await smtpServer();
    const o = await createOffice(ctx, "Escritório Duas Instâncias");
    await configureSmtp(o.admin, port);
    await queue(o.office.id, clock, 24, { label: "duas" });
    const one = dispatcher(clock, [o.office.id], { concurrency: 8, perOffice: 8 });
    const two = dispatcher(clock, [o.office.id], { concurrency: 8, perOffice: 8 });
    await Promise.all([one.drain(), two.drain(), one.pump(), two.pump()]);
    await Promise.all([one.drain(), two.drain()]);
    const ids = s.received.map((m) => m.messageId);
    expect(ids).toHaveLength(24);
    expect(new Set(ids).size).toBe(24);
    const r = await rows(o.office.id);
    expect(r.every((x) => x.state === "sent" && x.attempts === 1)).toBe(true);
    await Promise.all([one.stop(), two.stop()]);
  });
});

describe("GET /api/emails/:id/outcome (what the screen follows after a status change)", () => {
  it("shows the office's own atendimento e-mails, never another office's or someone's account e-mail", async () => {
    const a = await createOffice(ctx, "Escritório Dono");
    const b = await createOffice(ctx, "Escritório Curioso");
    await configureSmtp(a.admin, (await smtpServer()).port);
    const [mine] = await queue(a.office.id, clock, 1, { label: "meu" });
    // an e-mail about the admin's own account, not caused by the staff member
    const account = await ctx.database.db.transaction((tx) =>
      queueEmail(tx, ctx.services.jobs, {
        officeId: a.office.id,
        ticketId: null,
        kind: "password_reset",
        to: [a.admin.user.email],
        content: { subject: "Redefinir senha", html: "<p>link</p>", text: "link" },
        createdBy: a.admin.user.id,
      }),
    );
    // queue() writes e-mails of no atendimento and no author: this one the staff member caused
    await ctx.database.db.execute(
      sql`update emails set created_by = ${a.staff.user.id} where id = ${mine as string}`,
    );
    const ok = await a.staff.get(`/api/emails/${mine}/outcome`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      id: mine,
      state: "queued",
      message: "E-mail na fila: será enviado em instantes.",
    });
    const foreign = expectError(await b.staff.get(`/api/emails/${mine}/outcome`), 404, "not_found");
    expect(foreign.message).toMatch(/não encontrado/i);
    expectError(await b.admin.get(`/api/emails/${mine}/outcome`), 404, "not_found");
    expectError(await a.staff.get(`/api/emails/${account.id}/outcome`), 404, "not_found");
    expectError(await a.staff.get("/api/emails/nao-e-um-id/outcome"), 400, "validation_failed");
    const anonymous = await ctx.app.inject({ method: "GET", url: `/api/emails/${mine}/outcome` });
    expect(anonymous.statusCode).toBe(401);
  });
});
