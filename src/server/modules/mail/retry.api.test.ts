import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmailDto, TicketWithEmail } from "../../../shared/api.js";
import { startServices } from "../../bootstrap.js";
import { EMAIL_PRIORITY, QUEUES } from "../../jobs/queue.js";
import {
  createOffice,
  createRegistry,
  createTicket,
  type Session,
  type TestContext,
  useTestApp,
} from "../../test/harness.js";
import { settledOutcome } from "../../test/mail.js";
import { freePort, TestSmtp, waitFor } from "../../test/smtp.js";
import { queueEmail } from "./outbox.js";

// small values so an "outage" of a few seconds shows the whole retry policy: first retry after 1 s,
// doubling, never more than 2 s apart, temporary failures retried for 20 s; a sender's claim lasts 3 s
// between renewals
const ctx = useTestApp({
  mailRetryDelaySeconds: 1,
  mailRetryMaxDelaySeconds: 2,
  mailRetryForSeconds: 20,
  mailClaimLeaseSeconds: 3,
});
const smtp = new TestSmtp();
let smtpPort = 0;
beforeAll(async () => {
  smtpPort = await smtp.start();
});
afterAll(() => smtp.stop());

/** SMTP without a password: the "restarted" instance of the crash test has its own secret key */
async function configureSmtp(admin: Session, port = smtpPort) {
  const res = await admin.put("/api/settings/mail", {
    host: "127.0.0.1",
    port,
    security: "none",
    username: null,
    password: null,
    fromName: "Contabilidade Retentativa",
    fromAddress: "retentativa@contabilidade.com.br",
  });
  expect(res.statusCode).toBe(200);
}

async function emailOf(admin: Session, id: string) {
  const res = await admin.get(`/api/emails/${id}`);
  expect(res.statusCode).toBe(200);
  return res.json() as EmailDto;
}

async function rowOf(c: TestContext, id: string) {
  const r = (await c.database.db.execute(
    sql`select state, message_id, attempts, locked_until from emails where id = ${id}`,
  )) as unknown as { rows: { state: string; message_id: string; attempts: number }[] };
  const row = r.rows[0];
  if (!row) throw new Error("no e-mail row");
  return row;
}

async function statusChange(staff: Session) {
  const reg = await createRegistry(staff);
  const t = await createTicket(staff, reg);
  const res = await staff.post(`/api/tickets/${t.id}/status`, { status: "analysing", version: t.version });
  expect(res.statusCode).toBe(200);
  const body = res.json() as TicketWithEmail;
  // the answer never waits for the SMTP server (ADR 0018)
  expect(body.email?.state).toBe("queued");
  return { ticket: t, body };
}

/** the status change, then the outcome its screen shows once the first attempt is over */
async function statusChangeSettled(staff: Session) {
  const r = await statusChange(staff);
  const outcome = await settledOutcome(staff, r.body.email?.id as string);
  return { ...r, body: { ...r.body, email: outcome } };
}

describe("temporary SMTP failures", () => {
  it("retries a 421 with capped backoff, shows the next attempt, and sends once the server is back", async () => {
    const { admin, staff } = await createOffice(ctx);
    await configureSmtp(admin);
    smtp.tempFail = true;
    try {
      const before = smtp.attemptTimes.length;
      const { body } = await statusChangeSettled(staff);
      const id = body.email?.id as string;
      expect(body.email?.state).toBe("retrying");
      expect(body.email?.message).toMatch(
        /^E-mail na fila: nova tentativa às \d\d:\d\d \(o servidor SMTP respondeu: 421/,
      );
      const listed = await emailOf(admin, id);
      expect(listed.state).toBe("retrying");
      expect(listed.nextAttemptAt).not.toBeNull();
      const due = Date.parse(listed.nextAttemptAt as string) - Date.now();
      expect(due).toBeLessThanOrEqual(2_000);

      // six attempts while the server says 421: spaced 1 s, then 2 s, 2 s… — never the 4, 8, 16 s of
      // an uncapped doubling
      await waitFor(() => smtp.attemptTimes.length - before >= 6, 30_000);
      const times = smtp.attemptTimes.slice(before, before + 6);
      const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
      for (const gap of gaps) {
        expect(gap).toBeGreaterThanOrEqual(900);
        expect(gap).toBeLessThan(3_500); // the 2 s cap plus the worker's poll
      }
      expect(Math.max(...gaps.slice(1))).toBeGreaterThanOrEqual(1_800); // it did double, up to the cap
      expect((await emailOf(admin, id)).state).toBe("retrying"); // not given up after a few attempts

      smtp.tempFail = false;
      await waitFor(async () => (await emailOf(admin, id)).state === "sent", 15_000);
      const sent = await emailOf(admin, id);
      expect(sent.nextAttemptAt).toBeNull();
      expect(sent.attempts).toBeGreaterThanOrEqual(7);
      const { message_id } = await rowOf(ctx, id);
      await new Promise((r) => setTimeout(r, 2_500)); // a duplicate would arrive by now
      expect(smtp.received.filter((m) => m.messageId === message_id)).toHaveLength(1);
    } finally {
      smtp.tempFail = false;
    }
  }, 60_000);

  it("gives up only after the retry window, saying how long it tried", async () => {
    const { admin, staff } = await createOffice(ctx);
    await configureSmtp(admin, await freePort()); // connection refused throughout
    const started = Date.now();
    const { ticket, body } = await statusChangeSettled(staff);
    const id = body.email?.id as string;
    expect(body.email?.state).toBe("retrying");
    await waitFor(async () => (await emailOf(admin, id)).state === "failed", 40_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(19_000);
    const failed = await emailOf(admin, id);
    expect(failed.lastError).toBe(
      "o servidor SMTP recusou a conexão (novas tentativas durante 20 s, sem sucesso)",
    );
    expect(failed.attempts).toBeGreaterThan(9);
    expect(failed.nextAttemptAt).toBeNull();
    expect(failed.canResend).toBe(true);
    // the history has the first failure (with the time of the next attempt) and the final one
    const history = (await staff.get(`/api/tickets/${ticket.id}/history`)).json() as {
      type: string;
      changes: { to: string }[];
    }[];
    const mail = history.filter((e) => e.type === "email").map((e) => e.changes[0]?.to ?? "");
    expect(mail).toContainEqual(expect.stringMatching(/nova tentativa às \d\d:\d\d$/));
    expect(mail).toContainEqual(
      expect.stringMatching(/^Não foi possível enviar o email .*20 s, sem sucesso\)$/),
    );
  }, 60_000);

  it("fails a permanent refusal (5xx) at once, without retrying", async () => {
    const { admin, staff } = await createOffice(ctx);
    await configureSmtp(admin);
    const reg = await createRegistry(staff);
    smtp.rejectRecipients.add("contato@paodourado.com.br");
    try {
      const t = await createTicket(staff, reg);
      const res = await staff.post(`/api/tickets/${t.id}/status`, { status: "waiting", version: t.version });
      const id = (res.json() as TicketWithEmail).email?.id as string;
      expect((await settledOutcome(staff, id)).state).toBe("failed");
      await new Promise((r) => setTimeout(r, 3_000)); // a retry would have come by now (1 s delay)
      const e = await emailOf(admin, id);
      expect(e).toMatchObject({ state: "failed", attempts: 1, nextAttemptAt: null });
      expect(e.lastError).toMatch(/^o servidor SMTP respondeu: 550/);
    } finally {
      smtp.rejectRecipients.delete("contato@paodourado.com.br");
    }
  }, 30_000);

  it("sends a first attempt before a backlog of due retries", async () => {
    // office A's server refuses at once, so its e-mails quickly become retries; then its server
    // turns slow (1 s per failed attempt) while the retries fall due
    const a = await createOffice(ctx, "Escritório Em Pane");
    await configureSmtp(a.admin, await freePort());
    const slow = new TestSmtp();
    slow.slowTempFailMs = 1_000;
    const slowPort = await slow.start();
    try {
      const count = 15;
      const ids: string[] = [];
      await ctx.database.db.transaction(async (tx) => {
        for (let i = 0; i < count; i++) {
          const row = await queueEmail(tx, ctx.services.jobs, {
            officeId: a.office.id,
            ticketId: null,
            kind: "status_changed",
            to: [`cliente${i}@empresa.com.br`],
            content: { subject: `pane ${a.tag} ${i}`, html: `<p>${i}</p>`, text: `${i}` },
            createdBy: null,
          });
          ids.push(row.id);
        }
      });
      // 15 retries due now (their first attempts failed) behind a server that turned slow
      await ctx.database.db.execute(
        sql`update emails set state = 'retrying', attempts = 1, next_attempt_at = now(), retrying_since = now() where office_id = ${a.office.id}`,
      );
      await configureSmtp(a.admin, slowPort);
      ctx.services.jobs.wake(QUEUES.email);

      const b = await createOffice(ctx, "Escritório Em Dia");
      await configureSmtp(b.admin);
      const start = Date.now();
      const { body } = await statusChange(b.staff);
      const id = body.email?.id as string;
      await waitFor(async () => (await emailOf(b.admin, id)).state === "sent", 30_000);
      // behind the retries it would wait ~15 s (one slow failure each); ahead of them, at most the
      // one attempt in progress
      expect(Date.now() - start).toBeLessThan(6_000);
    } finally {
      await ctx.database.db.execute(
        sql`update emails set state = 'failed', next_attempt_at = null where office_id = ${a.office.id}`,
      );
      await slow.stop();
    }
  }, 90_000);
});

describe("a sender that died mid-send", () => {
  it("is recovered as soon as an instance starts, not after the job expires", async () => {
    const { admin, staff } = await createOffice(ctx);
    await configureSmtp(admin);
    const { body } = await statusChangeSettled(staff);
    const id = body.email?.id as string;
    expect(body.email?.state).toBe("sent");
    const { message_id } = await rowOf(ctx, id);
    smtp.received = smtp.received.filter((m) => m.messageId !== message_id);
    // the crash: the row says "sending" under a claim its dead sender no longer renews, and its job
    // is "active" in pg-boss (it would expire only after 120 s)
    await ctx.database.db.execute(
      sql`update emails set state = 'sending', sent_at = null, locked_until = now() - interval '1 second' where id = ${id}`,
    );
    const jobId = await ctx.services.jobs.boss.send(
      QUEUES.email,
      { emailId: id },
      { startAfter: 3600, priority: EMAIL_PRIORITY.person },
    );
    await ctx.database.rawQuery("update pgboss.job set state = 'active', started_on = now() where id = $1", [
      jobId,
    ]);
    // and another e-mail is being sent right now by a live instance: its claim is fresh
    const other = await statusChangeSettled(staff);
    const otherId = other.body.email?.id as string;
    await ctx.database.db.execute(
      sql`update emails set state = 'sending', sent_at = null, locked_until = now() + interval '20 seconds' where id = ${otherId}`,
    );

    const restarted = await startServices(ctx.config, ctx.database, {
      ephemeral: true,
      listenUrl: process.env.TEST_DATABASE_URL,
      log: { info() {}, warn() {}, error() {} },
    });
    try {
      const started = Date.now();
      await waitFor(async () => (await emailOf(admin, id)).state === "sent", 20_000);
      expect(Date.now() - started).toBeLessThan(10_000);
      await new Promise((r) => setTimeout(r, 1_500));
      // sent again with the same Message-ID (the receiver can tell it is the same message)
      expect(smtp.received.filter((m) => m.messageId === message_id)).toHaveLength(1);
      // the live instance's e-mail was left alone
      expect((await rowOf(ctx, otherId)).state).toBe("sending");
      const history = (await staff.get(`/api/tickets/${body.id}/history`)).json() as {
        type: string;
        changes: { to: string }[];
      }[];
      expect(
        history.some(
          (e) => e.type === "email" && /envio interrompido.*mesmo Message-ID/.test(e.changes[0]?.to ?? ""),
        ),
      ).toBe(true);
    } finally {
      await ctx.database.db.execute(sql`update emails set state = 'failed' where id = ${otherId}`);
      await restarted.stop();
    }
  }, 60_000);

  it("leaves alone a send that is still going on in another instance, however long it takes", async () => {
    const slow = new TestSmtp();
    slow.dataDelayMs = 8_000; // longer than two claim leases: only the renewals keep it claimed
    const port = await slow.start();
    try {
      const { admin, staff } = await createOffice(ctx);
      await configureSmtp(admin, port);
      const { body } = await statusChange(staff); // answers at once, the send goes on
      const id = body.email?.id as string;
      await waitFor(async () => (await rowOf(ctx, id)).state === "sending");
      const restarted = await startServices(ctx.config, ctx.database, {
        ephemeral: true,
        listenUrl: process.env.TEST_DATABASE_URL,
        log: { info() {}, warn() {}, error() {} },
      });
      try {
        await waitFor(async () => (await emailOf(admin, id)).state === "sent", 30_000);
        await new Promise((r) => setTimeout(r, 10_000)); // a second send would be accepted by now
        const { message_id } = await rowOf(ctx, id);
        expect(slow.received.filter((m) => m.messageId === message_id)).toHaveLength(1);
        expect(slow.attemptTimes).toHaveLength(1);
      } finally {
        await restarted.stop();
      }
    } finally {
      await slow.stop();
    }
  }, 90_000);
});
