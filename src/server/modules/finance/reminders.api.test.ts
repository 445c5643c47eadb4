import { and, asc, eq } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DebtDetail } from "../../../shared/api.js";
import { addDays, formatIsoDateBR, todayInSaoPaulo } from "../../../shared/finance.js";
import { parseTlv } from "../../../shared/pix.js";
import { startServices } from "../../bootstrap.js";
import { connectPostgres, type Database } from "../../db/client.js";
import { debtReminders, emails } from "../../db/schema/index.js";
import {
  configureSmtp,
  daysAgo,
  decodeQrPng,
  seedDebt,
  seedFinanceSettings,
  seedPayment,
} from "../../test/finance-fixtures.js";
import { createOffice, createRegistry, TEST_DB, uniqueCnpj, useTestApp } from "../../test/harness.js";
import { TestSmtp, waitFor } from "../../test/smtp.js";
import type { EmailRow } from "../mail/repository.js";
import { dueSteps, runReminderSweep } from "./reminders.js";

const ctx = useTestApp();
const smtp = new TestSmtp();
let smtpPort = 0;
beforeAll(async () => {
  smtpPort = await smtp.start();
});
afterAll(() => smtp.stop());

const db = () => ctx.database.db;
const today = () => todayInSaoPaulo();
const sweep = (officeId: string, on = today()) =>
  runReminderSweep(db(), ctx.services.jobs, {
    today: on,
    officeId,
    publicUrl: "https://atende.exemplo.com.br",
  });

async function setup(settings: Parameters<typeof seedFinanceSettings>[2] = {}) {
  const office = await createOffice(ctx);
  await configureSmtp(office.admin, smtpPort);
  await seedFinanceSettings(db(), office.office.id, settings);
  const reg = await createRegistry(office.staff);
  return { ...office, reg };
}

async function stepsOf(debtId: string) {
  return db()
    .select({
      offsetDays: debtReminders.offsetDays,
      skipped: debtReminders.skipped,
      emailId: debtReminders.emailId,
    })
    .from(debtReminders)
    .where(eq(debtReminders.debtId, debtId))
    .orderBy(asc(debtReminders.offsetDays));
}

async function remindersOf(debtId: string) {
  return db()
    .select()
    .from(emails)
    .where(and(eq(emails.debtId, debtId), eq(emails.kind, "collection_reminder")))
    .orderBy(asc(emails.createdAt));
}

async function delivered(emailId: string) {
  const [row] = await db().select().from(emails).where(eq(emails.id, emailId));
  return (await waitFor(() => smtp.received.find((m) => m.messageId === row?.messageId))) as ParsedMail;
}

describe("dueSteps", () => {
  it("takes the steps dated on or before today and not before the debt was created", () => {
    const debt = { dueDate: "2026-03-10", createdAt: new Date("2026-03-01T15:00:00Z") };
    expect(dueSteps([-3, 1, 7], debt, "2026-03-06")).toEqual([]);
    expect(dueSteps([-3, 1, 7], debt, "2026-03-07")).toEqual([-3]);
    expect(dueSteps([7, -3, 1], debt, "2026-03-20")).toEqual([-3, 1, 7]);
    // created on 2026-03-09 (São Paulo): the step of 03-07 never was due
    expect(
      dueSteps([-3, 1, 7], { ...debt, createdAt: new Date("2026-03-09T12:00:00Z") }, "2026-03-20"),
    ).toEqual([1, 7]);
    // 02:00Z on 03-08 is still 03-07 in São Paulo: the step of 03-07 counts
    expect(dueSteps([-3], { ...debt, createdAt: new Date("2026-03-08T02:00:00Z") }, "2026-03-20")).toEqual([
      -3,
    ]);
    expect(addDays("2026-01-31", 1)).toBe("2026-02-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});

describe("runReminderSweep", () => {
  it("a debt 8 days late with steps -3/1/7: only step 7 is sent, -3 and 1 recorded as skipped", async () => {
    const s = await setup();
    const debt = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      amountCents: 50000,
      dueDate: addDays(today(), -8),
      createdAt: daysAgo(30),
      description: "Honorários de março",
    });
    expect(await sweep(s.office.id)).toEqual({ sent: 1, skipped: 2, failed: 0 });
    expect(await stepsOf(debt.id)).toEqual([
      { offsetDays: -3, skipped: true, emailId: null },
      { offsetDays: 1, skipped: true, emailId: null },
      { offsetDays: 7, skipped: false, emailId: expect.any(String) },
    ]);
    const [reminder, ...more] = await remindersOf(debt.id);
    expect(more).toHaveLength(0);
    expect(reminder?.toAddresses).toEqual(["contato@paodourado.com.br"]);
    // the e-mail really arrives, with the PIX of today's total (multa and juros of 8 days)
    const mail = await delivered(reminder?.id as string);
    expect(mail.subject).toBe("Lembrete: Honorários de março venceu há 8 dias");
    expect(mail.text).toContain(
      `Lembramos que o débito abaixo venceu há 8 dias (vencimento ${formatIsoDateBR(debt.dueDate)})`,
    );
    expect(mail.text).toContain("Multa (8 dias de atraso): R$");
    const pix = (await s.staff.get(`/api/finance/debts/${debt.id}/pix`)).json() as { payload: string };
    expect(mail.text?.split("\n")).toContain(pix.payload);
    expect(parseTlv(pix.payload).find((f) => f.id === "54")?.value).toBe("511.33"); // 500 + 2% (10) + 1% a.m. × 8/30 (1,33)
    expect(decodeQrPng(mail.attachments[0]?.content as Buffer)).toBe(pix.payload);
    // in the debt's history
    const detail = (await s.staff.get(`/api/finance/debts/${debt.id}`)).json() as DebtDetail;
    const events = detail.events.filter((e) => e.type === "reminder");
    expect(events).toHaveLength(1);
    expect(events[0]?.summary).toBe(
      "Lembrete da régua de cobrança (7 dias depois do vencimento): débito venceu há 8 dias, enviado para contato@paodourado.com.br",
    );

    // sweeping again sends nothing more
    expect(await sweep(s.office.id)).toEqual({ sent: 0, skipped: 0, failed: 0 });
    expect(await remindersOf(debt.id)).toHaveLength(1);
  });

  it("sends each step once as the days pass: 3 days before, 1 and 7 days after", async () => {
    const s = await setup();
    const due = addDays(today(), 3);
    const debt = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      amountCents: 35000,
      dueDate: due,
      createdAt: daysAgo(10),
      description: "IRPF",
      installmentNumber: 1,
      installmentCount: 2,
    });
    expect(await sweep(s.office.id, addDays(due, -4))).toEqual({ sent: 0, skipped: 0, failed: 0 });
    for (const day of [
      addDays(due, -3),
      addDays(due, -3),
      addDays(due, -1),
      addDays(due, 1),
      addDays(due, 1),
    ])
      await sweep(s.office.id, day);
    expect((await remindersOf(debt.id)).map((e) => e.subject)).toEqual([
      "Lembrete: IRPF (parcela 1/2) vence em 3 dias",
      "Lembrete: IRPF (parcela 1/2) venceu há 1 dia",
    ]);
    await sweep(s.office.id, addDays(due, 7));
    await sweep(s.office.id, addDays(due, 30));
    const subjects = (await remindersOf(debt.id)).map((e) => e.subject);
    expect(subjects).toEqual([
      "Lembrete: IRPF (parcela 1/2) vence em 3 dias",
      "Lembrete: IRPF (parcela 1/2) venceu há 1 dia",
      "Lembrete: IRPF (parcela 1/2) venceu há 7 dias",
    ]);
    expect((await stepsOf(debt.id)).map((r) => r.skipped)).toEqual([false, false, false]);
  });

  it("never sends a step dated before the debt existed", async () => {
    const s = await setup();
    // posted today, due 2 days ago: steps -3 and 1 fell before it existed, 7 is not due yet
    const debt = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      amountCents: 10000,
      dueDate: addDays(today(), -2),
    });
    expect(await sweep(s.office.id)).toEqual({ sent: 0, skipped: 0, failed: 0 });
    expect(await stepsOf(debt.id)).toEqual([]);
    await sweep(s.office.id, addDays(today(), 5));
    expect(await stepsOf(debt.id)).toEqual([{ offsetDays: 7, skipped: false, emailId: expect.any(String) }]);
  });

  it("two sweeps at once send one e-mail", async () => {
    const s = await setup();
    const debt = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      amountCents: 10000,
      dueDate: addDays(today(), -1),
      createdAt: daysAgo(5),
    });
    const results = await Promise.all([sweep(s.office.id), sweep(s.office.id), sweep(s.office.id)]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(results.every((r) => r.failed === 0)).toBe(true);
    expect(await remindersOf(debt.id)).toHaveLength(1);
    // -3 skipped, 1 sent
    expect((await stepsOf(debt.id)).map((r) => [r.offsetDays, r.skipped])).toEqual([
      [-3, true],
      [1, false],
    ]);
  });

  it("stops when the debt is paid or cancelled", async () => {
    const s = await setup();
    const paid = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      amountCents: 10000,
      dueDate: addDays(today(), -8),
      createdAt: daysAgo(30),
    });
    await seedPayment(db(), { debtId: paid.id, principalCents: 10000, paidOn: addDays(today(), -9) });
    const cancelled = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      amountCents: 10000,
      dueDate: addDays(today(), -8),
      createdAt: daysAgo(30),
      state: "cancelled",
    });
    // reminded at step 1, then paid: step 7 never goes out
    const later = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      amountCents: 10000,
      dueDate: addDays(today(), -1),
      createdAt: daysAgo(30),
    });
    expect(await sweep(s.office.id)).toMatchObject({ sent: 1 });
    await seedPayment(db(), { debtId: later.id, principalCents: 10000, paidOn: today() });
    expect(await sweep(s.office.id, addDays(today(), 6))).toEqual({ sent: 0, skipped: 0, failed: 0 });
    expect(await remindersOf(paid.id)).toHaveLength(0);
    expect(await remindersOf(cancelled.id)).toHaveLength(0);
    expect(await remindersOf(later.id)).toHaveLength(1);
    expect(await stepsOf(paid.id)).toEqual([]);
  });

  it("a partly paid debt is still reminded, for its balance", async () => {
    const s = await setup({ lateFeeBp: 0, monthlyInterestBp: 0 });
    const debt = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      amountCents: 10000,
      dueDate: addDays(today(), -1),
      createdAt: daysAgo(30),
    });
    await seedPayment(db(), { debtId: debt.id, principalCents: 2500, paidOn: addDays(today(), -2) });
    await sweep(s.office.id);
    const [reminder] = await remindersOf(debt.id);
    expect(reminder?.text).toContain("Já pago: R$");
    expect(reminder?.text).toContain("Total a pagar: R$\u00a075,00");
  });

  it("sends nothing when the régua is off, or without a PIX receiver", async () => {
    const off = await setup({ remindersEnabled: false });
    const noPix = await setup({ pixKey: null });
    const noSteps = await setup({ reminderOffsets: [] });
    for (const s of [off, noPix, noSteps]) {
      const debt = await seedDebt(db(), {
        officeId: s.office.id,
        clientId: s.reg.client.id,
        amountCents: 10000,
        dueDate: addDays(today(), -8),
        createdAt: daysAgo(30),
      });
      expect(await sweep(s.office.id)).toEqual({ sent: 0, skipped: 0, failed: 0 });
      expect(await stepsOf(debt.id)).toEqual([]);
    }
  });

  it("a client without e-mail: the step is recorded with its e-mail kept, and not retried", async () => {
    const s = await setup();
    const noMail = (
      await s.staff.post("/api/clients", { name: "Sem Email Ltda", document: uniqueCnpj(), emails: [] })
    ).json() as { id: string };
    const debt = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: noMail.id,
      amountCents: 10000,
      dueDate: addDays(today(), 3),
      createdAt: daysAgo(1),
    });
    expect(await sweep(s.office.id)).toMatchObject({ sent: 1 });
    expect(await sweep(s.office.id)).toMatchObject({ sent: 0 });
    const [row, ...more] = await remindersOf(debt.id);
    expect(more).toHaveLength(0);
    expect(row?.state).toBe("no_recipient");
    const detail = (await s.staff.get(`/api/finance/debts/${debt.id}`)).json() as DebtDetail;
    expect(detail.events.find((e) => e.type === "reminder")?.summary).toContain(
      "cliente sem e-mail cadastrado",
    );
  });
});

describe("reminders across app instances and restarts", () => {
  /** Another app's services on the same database (its own pool and pg-boss on PostgreSQL). */
  async function secondInstance(reminderIntervalMs: number, officeId: string) {
    let database: Database = ctx.database;
    if (TEST_DB === "postgres") database = connectPostgres(process.env.TEST_DATABASE_URL as string, 4);
    // the same secret key as the first instance (as in production): it decrypts the SMTP password
    const secretKeyHex = ctx.services.secretKey.toString("hex");
    const services = await startServices({ ...ctx.config, reminderIntervalMs, secretKeyHex }, database, {
      ephemeral: true,
      listenUrl: process.env.TEST_DATABASE_URL,
      log: { info() {}, warn() {}, error() {} },
      reminderOfficeId: officeId,
    });
    return {
      database,
      services,
      async stop() {
        await services.stop();
        if (database !== ctx.database) await database.close();
      },
    };
  }

  it("sweeps on two instances at once send one e-mail per step", async () => {
    const s = await setup();
    const debt = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      amountCents: 10000,
      dueDate: addDays(today(), -7),
      createdAt: daysAgo(20),
    });
    const B = await secondInstance(0, s.office.id);
    try {
      const opts = { today: today(), officeId: s.office.id, publicUrl: "https://atende.exemplo.com.br" };
      const results = await Promise.all([
        runReminderSweep(db(), ctx.services.jobs, opts),
        runReminderSweep(B.database.db, B.services.jobs, opts),
        runReminderSweep(db(), ctx.services.jobs, opts),
        runReminderSweep(B.database.db, B.services.jobs, opts),
      ]);
      expect(results.reduce((n, r) => n + r.sent, 0)).toBe(1);
      const [reminder, ...more] = await remindersOf(debt.id);
      expect(more).toHaveLength(0);
      await delivered(reminder?.id as string);
      expect(smtp.received.filter((m) => m.messageId === reminder?.messageId)).toHaveLength(1);
    } finally {
      await B.stop();
    }
  });

  it("the timer of a restarted instance does not send a step again", async () => {
    const s = await setup();
    const debt = await seedDebt(db(), {
      officeId: s.office.id,
      clientId: s.reg.client.id,
      amountCents: 10000,
      dueDate: addDays(today(), -1),
      createdAt: daysAgo(20),
    });
    // an instance whose timer sweeps at start and then every 100 ms
    const first = await secondInstance(100, s.office.id);
    try {
      const [reminder] = await waitFor<EmailRow[] | undefined>(async () => {
        const rows = await remindersOf(debt.id);
        return rows.length ? rows : undefined;
      }).then((rows) => rows ?? []);
      // delivered before the restart (an instance stopped mid-send is another story: ADR 0004)
      await delivered(reminder?.id as string);
      await new Promise((r) => setTimeout(r, 500)); // several more sweeps
    } finally {
      await first.stop();
    }
    // restarted (and a second instance beside it): their start sweeps find the step recorded
    const again = await secondInstance(100, s.office.id);
    const beside = await secondInstance(100, s.office.id);
    try {
      const other = await seedDebt(db(), {
        officeId: s.office.id,
        clientId: s.reg.client.id,
        amountCents: 20000,
        dueDate: addDays(today(), -1),
        createdAt: daysAgo(20),
      });
      const [reminder] = await waitFor<EmailRow[] | undefined>(async () => {
        const rows = await remindersOf(other.id);
        return rows.length ? rows : undefined;
      }).then((rows) => rows ?? []);
      await delivered(reminder?.id as string);
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      await again.stop();
      await beside.stop();
    }
    const [reminder, ...more] = await remindersOf(debt.id);
    expect(more).toHaveLength(0);
    await delivered(reminder?.id as string);
    expect(smtp.received.filter((m) => m.messageId === reminder?.messageId)).toHaveLength(1);
    expect((await stepsOf(debt.id)).map((r) => [r.offsetDays, r.skipped])).toEqual([
      [-3, true],
      [1, false],
    ]);
  }, 60_000);
});
