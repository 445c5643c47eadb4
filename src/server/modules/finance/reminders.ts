/**
 * Régua de cobrança: automatic reminders at the office's steps (days relative to the due date,
 * e.g. -3, 1 and 7), each sent exactly once per debt whatever the restarts, concurrent sweeps or
 * app instances, and never once the debt is paid or cancelled.
 *
 * Rules:
 * - only offices with the régua on and a complete PIX receiver are swept: a reminder always carries
 *   the PIX code (and an office that never configured its Financeiro does not start e-mailing its
 *   clients because of the default settings);
 * - a step's day is due date + offset; it is due when on or before today and not before the day the
 *   debt was created (a step dated before the debt existed is never sent);
 * - of the due steps, only the latest is sent, if not yet recorded; the earlier ones not yet
 *   recorded are recorded as skipped (a debt found 8 days late gets one reminder, not three);
 * - exactly once: the step's row in debt_reminders (primary key debt + step) is inserted with
 *   ON CONFLICT DO NOTHING in the transaction that queues the e-mail and writes the "reminder"
 *   event, with the debt locked; only the inserter sends.
 */
import { addDays, daysBetween, todayInSaoPaulo } from "../../../shared/finance.js";
import type { Db } from "../../db/client.js";
import { type JobQueue, QUEUES } from "../../jobs/queue.js";
import { type PeriodicTask, startPeriodic } from "../../lib/periodic.js";
import { queueEmail } from "../mail/outbox.js";
import { collectionFacts } from "./collection.js";
import * as repo from "./collection-repository.js";
import { dueWording, reminderEmail } from "./collection-templates.js";
import { pixReceiverOf } from "./pix-charge.js";
import { findDebt, getFinanceSettings, insertDebtEvent, lockDebt } from "./repository.js";

export interface SweepOptions {
  /** the office's day (São Paulo) */
  today: string;
  /** tests only: limit the sweep to one office (other test files share the PostgreSQL database) */
  officeId?: string;
  /** for the portal link in the e-mails; default http://localhost */
  publicUrl?: string;
  log?: { error(obj: object, msg?: string): void };
}

export interface SweepResult {
  /** reminder e-mails queued by this sweep */
  sent: number;
  /** steps recorded as skipped by this sweep */
  skipped: number;
  /** debts that failed (logged; retried at the next sweep) */
  failed: number;
}

/** The steps of a debt's régua due on `today`, earliest first. */
export function dueSteps(
  offsets: readonly number[],
  debt: { dueDate: string; createdAt: Date },
  today: string,
): number[] {
  const created = todayInSaoPaulo(debt.createdAt);
  return [...new Set(offsets)]
    .filter((o) => {
      const day = addDays(debt.dueDate, o);
      return day <= today && day >= created;
    })
    .sort((a, b) => a - b);
}

export async function runReminderSweep(db: Db, jobs: JobQueue, opts: SweepOptions): Promise<SweepResult> {
  const result: SweepResult = { sent: 0, skipped: 0, failed: 0 };
  const candidates = await repo.reminderCandidates(db, { today: opts.today, officeId: opts.officeId });
  for (const c of candidates) {
    try {
      const r = await remindDebt(db, jobs, c.officeId, c.id, opts);
      result.sent += r.sent;
      result.skipped += r.skipped;
    } catch (err) {
      result.failed++;
      (opts.log ?? console).error({ err, debtId: c.id }, "reminder sweep: debt failed");
    }
  }
  if (result.sent > 0) jobs.wake(QUEUES.email);
  return result;
}

async function remindDebt(db: Db, jobs: JobQueue, officeId: string, debtId: string, opts: SweepOptions) {
  return db.transaction(async (tx) => {
    const none = { sent: 0, skipped: 0 };
    // serialises with payments and other sweeps: a debt paid meanwhile is seen as paid
    const debt = await lockDebt(tx, officeId, debtId);
    if (debt?.state !== "open" || debt.paidCents >= debt.amountCents) return none;
    const settings = await getFinanceSettings(tx, officeId);
    if (!settings.remindersEnabled || !pixReceiverOf(settings)) return none;
    const steps = dueSteps(settings.reminderOffsets, debt, opts.today);
    const latest = steps.at(-1);
    if (latest === undefined) return none;
    const recorded = new Set(await repo.recordedReminderOffsets(tx, debtId));
    let skipped = 0;
    for (const step of steps.slice(0, -1)) {
      if (recorded.has(step)) continue;
      if (await repo.claimReminderStep(tx, { debtId, officeId, offsetDays: step, skipped: true })) skipped++;
    }
    if (recorded.has(latest)) return { sent: 0, skipped };
    if (!(await repo.claimReminderStep(tx, { debtId, officeId, offsetDays: latest, skipped: false })))
      return { sent: 0, skipped };

    const view = await findDebt(tx, officeId, debtId);
    if (!view) throw new Error("locked debt vanished");
    const f = await collectionFacts(tx, view, settings, opts.today, opts.publicUrl ?? "http://localhost");
    const daysUntilDue = daysBetween(opts.today, debt.dueDate);
    const email = await queueEmail(tx, jobs, {
      officeId,
      ticketId: debt.ticketId,
      debtId,
      kind: "collection_reminder",
      to: f.to,
      content: reminderEmail({ ...f.data, daysUntilDue }),
      attachments: [f.attachment],
      createdBy: null,
    });
    await repo.setReminderEmail(tx, debtId, latest, email.id);
    const n = Math.abs(latest);
    const days = `${n} ${n === 1 ? "dia" : "dias"}`;
    const stepLabel = latest < 0 ? `${days} antes` : latest === 0 ? "no dia" : `${days} depois`;
    await insertDebtEvent(tx, {
      officeId,
      debtId,
      actorId: null,
      type: "reminder",
      summary: `Lembrete da régua de cobrança (${stepLabel} do vencimento): débito ${dueWording(daysUntilDue)}${f.to.length ? `, enviado para ${f.to.join(", ")}` : ", cliente sem e-mail cadastrado"}`,
      data: { emailId: email.id, offsetDays: latest, skippedBefore: skipped },
    });
    return { sent: 1, skipped };
  });
}

/**
 * Runs the sweep now and then every `intervalMs`, one run at a time (lib/periodic.ts). stop()
 * cancels the next run and waits for the current.
 */
export function startReminderTimer(
  db: Db,
  jobs: JobQueue,
  opts: {
    intervalMs: number;
    publicUrl: string;
    officeId?: string;
    log?: { error(obj: object, msg?: string): void };
  },
): PeriodicTask {
  const log = opts.log ?? console;
  return startPeriodic({
    name: "reminder sweep",
    intervalMs: opts.intervalMs,
    log,
    run: async () => {
      await runReminderSweep(db, jobs, {
        today: todayInSaoPaulo(),
        officeId: opts.officeId,
        publicUrl: opts.publicUrl,
        log,
      });
    },
  });
}
