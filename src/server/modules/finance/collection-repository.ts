/**
 * SQL of the cobrança side of the finance module: the recibo's payments, the client portal's debts
 * and the régua de cobrança (which debts have a reminder step due, and the exactly-once record of
 * each step in debt_reminders).
 */
import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import {
  clients,
  debtReminders,
  debts,
  officeFinanceSettings,
  offices,
  payments,
} from "../../db/schema/index.js";
import type { DebtRecord } from "./repository.js";

export type PaymentRecord = typeof payments.$inferSelect;

/** The office as the recibo names it. */
export async function officeProfile(db: Executor, officeId: string) {
  const [row] = await db
    .select({ name: offices.name, document: offices.document })
    .from(offices)
    .where(eq(offices.id, officeId));
  return row;
}

/** The payments a recibo lists: not reversed, in the order they were received. */
export async function receiptPayments(
  db: Executor,
  officeId: string,
  debtId: string,
): Promise<PaymentRecord[]> {
  return db
    .select()
    .from(payments)
    .where(and(eq(payments.officeId, officeId), eq(payments.debtId, debtId), isNull(payments.reversedAt)))
    .orderBy(asc(payments.paidOn), asc(payments.createdAt), asc(payments.receiptSeq));
}

/** Every payment of a debt, reversed ones too, in the order they were registered. */
export async function debtPayments(db: Executor, officeId: string, debtId: string): Promise<PaymentRecord[]> {
  return db
    .select()
    .from(payments)
    .where(and(eq(payments.officeId, officeId), eq(payments.debtId, debtId)))
    .orderBy(asc(payments.createdAt), asc(payments.receiptYear), asc(payments.receiptSeq));
}

/** The payments (not reversed) of the portal's debts, oldest first: each one has its recibo. */
export async function standingPayments(
  db: Executor,
  officeId: string,
  debtIds: string[],
): Promise<PaymentRecord[]> {
  if (debtIds.length === 0) return [];
  return db
    .select()
    .from(payments)
    .where(
      and(eq(payments.officeId, officeId), inArray(payments.debtId, debtIds), isNull(payments.reversedAt)),
    )
    .orderBy(asc(payments.paidOn), asc(payments.createdAt), asc(payments.receiptSeq));
}

const lastPaidOn = sql<
  string | null
>`(select max(p.paid_on)::text from payments p where p.debt_id = ${debts.id} and p.reversed_at is null)`;

/**
 * A client user's debts for the portal: the open ones by due date, then the ones paid since
 * `paidSince` (their last payment day) newest first. Cancelled debts are not shown.
 */
export async function portalDebts(
  db: Executor,
  f: { officeId: string; clientIds: string[]; paidSince: string },
): Promise<{ debt: DebtRecord; clientName: string; lastPaidOn: string | null }[]> {
  if (f.clientIds.length === 0) return [];
  return db
    .select({ debt: debts, clientName: clients.name, lastPaidOn })
    .from(debts)
    .innerJoin(clients, eq(clients.id, debts.clientId))
    .where(
      and(
        eq(debts.officeId, f.officeId),
        inArray(debts.clientId, f.clientIds),
        ne(debts.state, "cancelled"),
        sql`(${debts.state} = 'open' or ${lastPaidOn} >= ${f.paidSince})`,
      ),
    )
    .orderBy(
      sql`case when ${debts.state} = 'open' then 0 else 1 end`,
      sql`case when ${debts.state} = 'open' then ${debts.dueDate} end asc`,
      sql`${lastPaidOn} desc nulls last`,
      asc(debts.installmentNumber),
      desc(debts.createdAt),
      asc(debts.id),
    );
}

// ---------- régua de cobrança ----------

/**
 * Open debts with a reminder step due and not yet recorded: a step's day is the due date plus its
 * offset, due when on or before `today` and not before the day the debt was created (São Paulo).
 * Only offices with the régua on and a complete PIX receiver are swept.
 */
export async function reminderCandidates(
  db: Executor,
  f: { today: string; officeId?: string },
): Promise<{ id: string; officeId: string }[]> {
  return db
    .select({ id: debts.id, officeId: debts.officeId })
    .from(debts)
    .innerJoin(officeFinanceSettings, eq(officeFinanceSettings.officeId, debts.officeId))
    .where(
      and(
        eq(debts.state, "open"),
        f.officeId ? eq(debts.officeId, f.officeId) : undefined,
        eq(officeFinanceSettings.remindersEnabled, true),
        isNotNull(officeFinanceSettings.pixKey),
        isNotNull(officeFinanceSettings.pixMerchantName),
        isNotNull(officeFinanceSettings.pixMerchantCity),
        sql`exists (
          select 1 from unnest(${officeFinanceSettings.reminderOffsets}) as step(offset_days)
          where ${debts.dueDate} + step.offset_days <= ${f.today}::date
            and ${debts.dueDate} + step.offset_days >= (${debts.createdAt} at time zone 'America/Sao_Paulo')::date
            and not exists (
              select 1 from debt_reminders r where r.debt_id = ${debts.id} and r.offset_days = step.offset_days
            )
        )`,
      ),
    )
    .orderBy(asc(debts.dueDate), asc(debts.id));
}

export async function recordedReminderOffsets(db: Executor, debtId: string): Promise<number[]> {
  const rows = await db
    .select({ offsetDays: debtReminders.offsetDays })
    .from(debtReminders)
    .where(eq(debtReminders.debtId, debtId));
  return rows.map((r) => r.offsetDays);
}

/**
 * Records a step of a debt's régua. Returns false when it was already recorded (by this or
 * another instance): the primary key (debt, step) makes the first inserter the only sender.
 */
export async function claimReminderStep(
  db: Executor,
  v: { debtId: string; officeId: string; offsetDays: number; skipped: boolean },
): Promise<boolean> {
  const rows = await db
    .insert(debtReminders)
    .values(v)
    .onConflictDoNothing({ target: [debtReminders.debtId, debtReminders.offsetDays] })
    .returning({ debtId: debtReminders.debtId });
  return rows.length === 1;
}

export async function setReminderEmail(db: Executor, debtId: string, offsetDays: number, emailId: string) {
  await db
    .update(debtReminders)
    .set({ emailId })
    .where(and(eq(debtReminders.debtId, debtId), eq(debtReminders.offsetDays, offsetDays)));
}
