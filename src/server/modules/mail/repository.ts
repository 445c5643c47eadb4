import { and, count, desc, eq, gte, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { EmailState } from "../../../shared/api.js";
import type { Executor } from "../../db/client.js";
import {
  debts,
  emails,
  officeMailBackoff,
  officeMailSettings,
  offices,
  tickets,
} from "../../db/schema/index.js";
import { EMAIL_PRIORITY } from "../../jobs/queue.js";

/** A retry goes after every first attempt, whatever its priority. */
const EMAIL_RETRY_RANK = sql.raw(String(EMAIL_PRIORITY.retry));

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
 * Takes the e-mail for sending. Only one sender holds it at a time, for a short lease that the sender
 * renews while it talks to the SMTP server (`renewClaim`); a crashed sender stops renewing, so its
 * claim expires within the lease. A retry is taken only once it is due. Returns undefined when the
 * e-mail is not sendable now.
 */
export async function claimEmail(db: Executor, id: string, leaseSeconds: number) {
  const [row] = await db
    .update(emails)
    .set({
      state: "sending",
      attempts: sql`${emails.attempts} + 1`,
      lockedUntil: sql`now() + make_interval(secs => ${leaseSeconds})`,
      nextAttemptAt: null,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(emails.id, id),
        inArray(emails.state, ["queued", "retrying", "sending"]),
        or(isNull(emails.lockedUntil), lt(emails.lockedUntil, sql`now()`)),
        or(isNull(emails.nextAttemptAt), lte(emails.nextAttemptAt, sql`now()`)),
      ),
    )
    .returning();
  return row;
}

/**
 * The dispatcher's claim (ADR 0018): up to `limit` due e-mails, taken for sending in one statement.
 * Fair across offices — each office's due e-mails are ranked (priority, then age) and the claim takes
 * every office's first before any office's second — and bounded per office: an office never has
 * more than `perOffice` e-mails being sent at once (counting other instances' live claims). Offices
 * paused after a temporary failure, and `exclude`d ones, are skipped. A row another dispatcher
 * claimed meanwhile fails the state re-check of the UPDATE and is not taken twice.
 */
export async function claimDueEmails(
  db: Executor,
  o: { limit: number; perOffice: number; leaseSeconds: number; now: Date; officeIds?: string[] },
) {
  if (o.limit <= 0) return [];
  const now = sql`${o.now.toISOString()}::timestamptz`;
  const only =
    o.officeIds && o.officeIds.length > 0
      ? sql`and e.office_id in (${sql.join(
          o.officeIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`
      : sql``;
  const picked = sql`
    select r.id from (
      select d.id, d.office_id, d.rank_prio, d.created_at,
        row_number() over (partition by d.office_id order by d.rank_prio desc, d.created_at, d.id) as rn
      from (
        select e.id, e.office_id, e.created_at,
          case when e.attempts > 0 then ${EMAIL_RETRY_RANK} else e.priority end as rank_prio
        from emails e
        where e.state in ('queued', 'retrying')
          and (e.next_attempt_at is null or e.next_attempt_at <= ${now})
          and not exists (
            select 1 from office_mail_backoff b where b.office_id = e.office_id and b.paused_until > ${now}
          )
          ${only}
      ) d
    ) r
    left join (
      select office_id, count(*)::int as n from emails
      where state = 'sending' and locked_until > ${now}
      group by office_id
    ) f on f.office_id is not distinct from r.office_id
    where r.rn <= ${o.perOffice} - coalesce(f.n, 0)
    order by r.rank_prio desc, r.rn, r.created_at
    limit ${o.limit}`;
  return db
    .update(emails)
    .set({
      state: "sending",
      attempts: sql`${emails.attempts} + 1`,
      lockedUntil: sql`${now} + make_interval(secs => ${o.leaseSeconds})`,
      nextAttemptAt: null,
      updatedAt: o.now,
    })
    .where(and(sql`${emails.id} in (${picked})`, inArray(emails.state, ["queued", "retrying"])))
    .returning();
}

/** The senders are still at it: extend their claims by another lease. */
export async function renewClaims(db: Executor, ids: string[], leaseSeconds: number, now: Date) {
  if (ids.length === 0) return;
  await db
    .update(emails)
    .set({ lockedUntil: sql`${now.toISOString()}::timestamptz + make_interval(secs => ${leaseSeconds})` })
    .where(and(inArray(emails.id, ids), eq(emails.state, "sending")));
}

export async function getBackoff(db: Executor, officeId: string) {
  const [row] = await db.select().from(officeMailBackoff).where(eq(officeMailBackoff.officeId, officeId));
  return row;
}

export async function upsertBackoff(db: Executor, v: typeof officeMailBackoff.$inferInsert) {
  await db
    .insert(officeMailBackoff)
    .values(v)
    .onConflictDoUpdate({ target: officeMailBackoff.officeId, set: { ...v, updatedAt: new Date() } });
}

/** The office's server accepted an e-mail: it is no longer paused. */
export async function clearBackoff(db: Executor, officeId: string) {
  await db.delete(officeMailBackoff).where(eq(officeMailBackoff.officeId, officeId));
}

export async function finishEmail(
  db: Executor,
  id: string,
  v: {
    state: EmailState;
    lastError?: string | null;
    sentAt?: Date | null;
    nextAttemptAt?: Date | null;
    retryingSince?: Date | null;
  },
) {
  await db
    .update(emails)
    .set({ nextAttemptAt: null, ...v, lockedUntil: null, updatedAt: new Date() })
    .where(eq(emails.id, id));
}

/**
 * E-mails left "sending" by a sender that stopped renewing its claim (its process died): back to
 * "retrying", due now, keeping their Message-ID and attempts. Returns them.
 */
export async function releaseAbandonedSends(db: Executor, lastError: string) {
  return db
    .update(emails)
    .set({
      state: "retrying",
      lockedUntil: null,
      nextAttemptAt: sql`now()`,
      retryingSince: sql`coalesce(${emails.retryingSince}, now())`,
      lastError,
      updatedAt: new Date(),
    })
    .where(and(eq(emails.state, "sending"), lt(emails.lockedUntil, sql`now()`)))
    .returning();
}

/** E-mails being sent now under a live claim (of another instance, or of one that died moments ago). */
export async function listClaimedSends(db: Executor) {
  return db
    .select({ id: emails.id, lockedUntil: emails.lockedUntil })
    .from(emails)
    .where(and(eq(emails.state, "sending"), gte(emails.lockedUntil, sql`now()`)));
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
    .set({
      state,
      toAddresses,
      lastError: null,
      lockedUntil: null,
      nextAttemptAt: null,
      retryingSince: null,
      attempts: 0,
      // the admin is waiting for it now
      priority: EMAIL_PRIORITY.person,
      updatedAt: new Date(),
    })
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
