import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueEmail } from "../modules/mail/outbox.js";
import { createOffice, useTestApp } from "../test/harness.js";
import { TEST_SMTP_USER, TestSmtp, waitFor } from "../test/smtp.js";
import { QUEUES, startJobQueue } from "./queue.js";

const ctx = useTestApp();
const smtp = new TestSmtp();
let smtpPort = 0;
beforeAll(async () => {
  smtpPort = await smtp.start();
});
afterAll(() => smtp.stop());

describe("e-mail worker", () => {
  it("drains a backlog without waiting the polling interval after every e-mail", async () => {
    const o = await createOffice(ctx, "Escritório Fila");
    const res = await o.admin.put("/api/settings/mail", {
      host: "127.0.0.1",
      port: smtpPort,
      security: "none",
      ...TEST_SMTP_USER,
      fromName: "Contabilidade Fila",
      fromAddress: "fila@contabilidade.com.br",
    });
    expect(res.statusCode).toBe(200);

    // 20 e-mails queued in one transaction and nobody wakes the worker: before the fix pg-boss
    // fetched one job per polling interval (1 s), so this took ~20 s
    const count = 20;
    const tag = `fila-${o.tag}`;
    await ctx.database.db.transaction(async (tx) => {
      for (let i = 0; i < count; i++)
        await queueEmail(tx, ctx.services.jobs, {
          officeId: o.office.id,
          ticketId: null,
          kind: "status_changed",
          to: [`cliente${i}@empresa.com.br`],
          content: { subject: `${tag} ${i}`, html: `<p>${i}</p>`, text: `${i}` },
          createdBy: null,
        });
    });
    const start = Date.now();
    const mine = () => smtp.received.filter((m) => m.subject?.startsWith(`${tag} `));
    await waitFor(() => mine().length >= count, 30_000);
    const elapsed = Date.now() - start;
    expect(new Set(mine().map((m) => m.subject)).size).toBe(count); // each once
    // the first one may wait one polling interval; the other 19 go at once
    expect(elapsed).toBeLessThan(8_000);
  }, 40_000);

  it("applies changed queue settings on the next start, not only on the first", async () => {
    const startWith = async (retryDelaySeconds: number) => {
      // another start against the same database, as after a restart with a new MAIL_RETRY_DELAY_SECONDS
      const q = await startJobQueue(ctx.database, { runWorkers: false, retryDelaySeconds });
      try {
        return [await q.boss.getQueue(QUEUES.email), await q.boss.getQueue(QUEUES.digest)];
      } finally {
        await q.stop();
      }
    };
    const before = ctx.config.mailRetryDelaySeconds;
    try {
      const [email, digest] = await startWith(30);
      expect(email?.retryDelay).toBe(30);
      expect(digest?.retryDelay).toBe(30);
    } finally {
      const [email] = await startWith(before);
      expect(email?.retryDelay).toBe(before);
    }
  });
});
