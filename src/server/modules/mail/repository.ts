import { and, count, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { EmailState } from "../../../shared/api.js";
import type { Executor } from "../../db/client.js";
import { debts, emails, officeMailSettings, offices, tickets } from "../../db/schema/index.js";

export type EmailRow = typeof emails.$inferSelect;
export type MailSettingsRow = typeof officeMailSettings.$inferSelect;

export async function getSettings(db: Executor, officeId: string) {
  const [row] = await db.select().from(officeMailSettings).where(eq(officeMailSettings.officeId, officeId));
  return row;
}

export async function upsertSettings(db: Executor, v: typeof officeMailSettings.$inferInsert) {
  await db
    .insert(officeMailSettings)
    .values(v)
    .onConflictDoUpdate({ target: officeMailSettings.officeId, set: { ...v, updatedAt: new Date() } });
}

/**
 * Settings of every office that sends as `fromAddress` through an unauthenticated, plain SMTP server
 * at `host`: the demo mailbox's shape, so an admin who set a real server is never matched.
 */
export async function listPlainSettingsByHostAndSender(db: Executor, host: string, fromAddress: string) {
  return db
    .select()
    .from(officeMailSettings)
    .where(
      and(
        eq(officeMailSettings.host, host),
        eq(officeMailSettings.fromAddress, fromAddress),
        eq(officeMailSettings.security, "none"),
        isNull(officeMailSettings.username),
      ),
    );
}

export async function updateSettingsPort(db: Executor, officeId: string, port: number) {
  await db
    .update(officeMailSettings)
    .set({ port, updatedAt: new Date() })
    .where(eq(officeMailSettings.officeId, officeId));
}

/** The office has no SMTP server any more: its e-mails are kept as "not configured". */
export async function deleteSettings(db: Executor, officeId: string) {
  await db.delete(officeMailSettings).where(eq(officeMailSettings.officeId, officeId));
}

export async function officeName(db: Executor, officeId: string) {
  const [row] = await db.select({ name: offices.name }).from(offices).where(eq(offices.id, officeId));
  return row?.name ?? "";
}

export async function insertEmail(db: Executor, v: typeof emails.$inferInsert) {
  const [row] = await db.insert(emails).values(v).returning();
  if (!row) throw new Error("email insert returned nothing");
  return row;
}

export async function findEmail(db: Executor, officeId: string, id: string) {
  const [row] = await db
    .select()
    .from(emails)
    .where(and(eq(emails.officeId, officeId), eq(emails.id, id)));
  return row;
}

export async function findEmailAnyOffice(db: Executor, id: string) {
  const [row] = await db.select().from(emails).where(eq(emails.id, id));
  return row;
}

/**
 * Takes the e-mail for sending. Only one sender holds it at a time; the hold expires, so an e-mail
 * whose sender crashed mid-send is taken again later. Returns undefined when it is not sendable now.
 */
export async function claimEmail(db: Executor, id: string, holdSeconds: number) {
  const [row] = await db
    .update(emails)
    .set({
      state: "sending",
      attempts: sql`${emails.attempts} + 1`,
      lockedUntil: sql`now() + make_interval(secs => ${holdSeconds})`,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(emails.id, id),
        inArray(emails.state, ["queued", "retrying", "sending"]),
        or(isNull(emails.lockedUntil), lt(emails.lockedUntil, sql`now()`)),
      ),
    )
    .returning();
  return row;
}

export async function finishEmail(
  db: Executor,
  id: string,
  v: { state: EmailState; lastError?: string | null; sentAt?: Date | null },
) {
  await db
    .update(emails)
    .set({ ...v, lockedUntil: null, updatedAt: new Date() })
    .where(eq(emails.id, id));
}

export async function resetForResend(
  db: Executor,
  officeId: string,
  id: string,
  toAddresses: string[],
  state: EmailState,
) {
  const [row] = await db
    .update(emails)
    .set({ state, toAddresses, lastError: null, lockedUntil: null, attempts: 0, updatedAt: new Date() })
    .where(and(eq(emails.officeId, officeId), eq(emails.id, id)))
    .returning();
  return row;
}

export async function listEmails(
  db: Executor,
  officeId: string,
  q: { state?: EmailState; limit: number; offset: number },
) {
  const where = and(eq(emails.officeId, officeId), q.state ? eq(emails.state, q.state) : undefined);
  const [items, [total]] = await Promise.all([
    db
      .select({
        email: emails,
        protocolYear: tickets.protocolYear,
        protocolSeq: tickets.protocolSeq,
        debtDescription: debts.description,
      })
      .from(emails)
      .leftJoin(tickets, eq(tickets.id, emails.ticketId))
      .leftJoin(debts, eq(debts.id, emails.debtId))
      .where(where)
      .orderBy(desc(emails.createdAt), desc(emails.id))
      .limit(q.limit)
      .offset(q.offset),
    db.select({ n: count() }).from(emails).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}
