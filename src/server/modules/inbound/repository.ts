import { and, desc, eq, inArray, isNotNull, lte, or, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import {
  clientMemberships,
  clients,
  emails,
  failingAddresses,
  inboundEmails,
  officeInboundSettings,
  offices,
  tickets,
  users,
} from "../../db/schema/index.js";

export type InboundSettingsRow = typeof officeInboundSettings.$inferSelect;
export type InboundEmailRow = typeof inboundEmails.$inferSelect;

export async function getSettings(db: Executor, officeId: string) {
  const [row] = await db
    .select()
    .from(officeInboundSettings)
    .where(eq(officeInboundSettings.officeId, officeId));
  return row;
}

/** Saves what the admin typed; the bookmark, lease and token key stay (a new server: a new bookmark). */
export async function upsertSettings(
  db: Executor,
  v: Pick<
    typeof officeInboundSettings.$inferInsert,
    | "officeId"
    | "host"
    | "port"
    | "security"
    | "username"
    | "passwordEnc"
    | "folder"
    | "address"
    | "reopenOnReply"
    | "tokenKey"
  >,
  mailboxChanged: boolean,
) {
  const now = new Date();
  const { tokenKey: _keep, ...editable } = v;
  await db
    .insert(officeInboundSettings)
    .values({ ...v, nextPollAt: now })
    .onConflictDoUpdate({
      target: officeInboundSettings.officeId,
      set: {
        ...editable,
        updatedAt: now,
        // retry at once with the new settings; another server or folder starts a new bookmark
        nextPollAt: now,
        failures: 0,
        lastError: null,
        lastErrorAt: null,
        ...(mailboxChanged ? { uidValidity: null, lastUid: 0 } : {}),
      },
    });
}

export async function deleteSettings(db: Executor, officeId: string) {
  await db.delete(officeInboundSettings).where(eq(officeInboundSettings.officeId, officeId));
}

/**
 * Takes the lease of one mailbox due for a poll (none held, or the holder's expired), so two
 * instances never read the same mailbox at once. One UPDATE: atomic on PostgreSQL and PGlite.
 */
export async function claimDueMailbox(
  db: Executor,
  owner: string,
  leaseSeconds: number,
  officeId?: string,
  /** also a mailbox whose next poll is later (a message was just delivered) */
  force = false,
) {
  const rows = (await db.execute(sql`
    update office_inbound_settings s
       set lease_owner = ${owner}, lease_until = now() + make_interval(secs => ${leaseSeconds})
     where s.office_id = (
       select office_id from office_inbound_settings
        where (next_poll_at <= now() or ${force})
          and (lease_until is null or lease_until < now())
          ${officeId ? sql`and office_id = ${officeId}` : sql``}
        order by next_poll_at
        limit 1
        for update skip locked)
     returning s.office_id`)) as unknown as { rows: { office_id: string }[] };
  return rows.rows[0]?.office_id ?? null;
}

/** Keeps the lease while reading; false when it was lost (expired and taken by another instance). */
export async function renewLease(db: Executor, officeId: string, owner: string, leaseSeconds: number) {
  const rows = await db
    .update(officeInboundSettings)
    .set({ leaseUntil: sql`now() + make_interval(secs => ${leaseSeconds})` })
    .where(and(eq(officeInboundSettings.officeId, officeId), eq(officeInboundSettings.leaseOwner, owner)))
    .returning({ id: officeInboundSettings.officeId });
  return rows.length > 0;
}

/** The bookmark moves only under our lease. */
export async function saveBookmark(
  db: Executor,
  officeId: string,
  owner: string,
  uidValidity: number,
  lastUid: number,
) {
  await db
    .update(officeInboundSettings)
    .set({ uidValidity, lastUid })
    .where(and(eq(officeInboundSettings.officeId, officeId), eq(officeInboundSettings.leaseOwner, owner)));
}

export async function releaseLease(
  db: Executor,
  officeId: string,
  owner: string,
  outcome: { ok: true; nextPollAt: Date } | { ok: false; error: string; nextPollAt: Date },
) {
  const now = new Date();
  await db
    .update(officeInboundSettings)
    .set({
      leaseOwner: null,
      leaseUntil: null,
      nextPollAt: outcome.nextPollAt,
      ...(outcome.ok
        ? { failures: 0, lastError: null, lastErrorAt: null, lastSuccessAt: now }
        : {
            failures: sql`${officeInboundSettings.failures} + 1`,
            lastError: outcome.error,
            lastErrorAt: now,
          }),
    })
    .where(and(eq(officeInboundSettings.officeId, officeId), eq(officeInboundSettings.leaseOwner, owner)));
}

/** Stores the message once per office and Message-ID: null when it was already there. */
export async function insertInbound(db: Executor, v: typeof inboundEmails.$inferInsert) {
  const [row] = await db
    .insert(inboundEmails)
    .values(v)
    .onConflictDoNothing({ target: [inboundEmails.officeId, inboundEmails.messageId] })
    .returning();
  return row ?? null;
}

export async function updateInbound(
  db: Executor,
  officeId: string,
  id: string,
  v: Partial<typeof inboundEmails.$inferInsert>,
) {
  const [row] = await db
    .update(inboundEmails)
    .set(v)
    .where(and(eq(inboundEmails.officeId, officeId), eq(inboundEmails.id, id)))
    .returning();
  return row;
}

export async function findInbound(db: Executor, officeId: string, id: string, lock = false) {
  const q = db
    .select()
    .from(inboundEmails)
    .where(and(eq(inboundEmails.officeId, officeId), eq(inboundEmails.id, id)));
  const [row] = lock ? await q.for("update") : await q;
  return row;
}

/** The atendimento a Message-ID of this office belongs to: one of our e-mails, or a client's e-mail. */
export async function ticketByMessageIds(db: Executor, officeId: string, ids: string[]) {
  if (ids.length === 0) return null;
  const [ours] = await db
    .select({ ticketId: emails.ticketId })
    .from(emails)
    .where(and(eq(emails.officeId, officeId), inArray(emails.messageId, ids), isNotNull(emails.ticketId)))
    .limit(1);
  if (ours?.ticketId) return ours.ticketId;
  const [theirs] = await db
    .select({ ticketId: inboundEmails.ticketId })
    .from(inboundEmails)
    .where(
      and(
        eq(inboundEmails.officeId, officeId),
        inArray(inboundEmails.messageId, ids),
        isNotNull(inboundEmails.ticketId),
      ),
    )
    .limit(1);
  return theirs?.ticketId ?? null;
}

export async function ticketByProtocol(db: Executor, officeId: string, year: number, seq: number) {
  const [row] = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(eq(tickets.officeId, officeId), eq(tickets.protocolYear, year), eq(tickets.protocolSeq, seq)));
  return row?.id ?? null;
}

export async function ticketForUpdate(db: Executor, officeId: string, id: string) {
  const [row] = await db
    .select()
    .from(tickets)
    .where(and(eq(tickets.officeId, officeId), eq(tickets.id, id)))
    .for("update");
  return row;
}

/**
 * Who an address is in the office: the active clients that list it among their e-mails, and the
 * active client users with that e-mail (with the clients they are linked to).
 */
export async function sendersOf(db: Executor, officeId: string, address: string) {
  const a = address.toLowerCase();
  if (!a) return { clientIds: [] as string[], users: [] as { id: string; clientIds: string[] }[] };
  const byClient = await db
    .select({ id: clients.id })
    .from(clients)
    .where(
      and(
        eq(clients.officeId, officeId),
        eq(clients.active, true),
        sql`exists (select 1 from unnest(${clients.emails}) e where lower(e) = ${a})`,
      ),
    )
    .orderBy(clients.name);
  const byUser = await db
    .select({ id: users.id, clientId: clientMemberships.clientId })
    .from(users)
    .innerJoin(clientMemberships, eq(clientMemberships.userId, users.id))
    .where(
      and(
        eq(users.officeId, officeId),
        eq(users.role, "client"),
        eq(users.active, true),
        sql`lower(${users.email}) = ${a}`,
      ),
    );
  const userMap = new Map<string, string[]>();
  for (const r of byUser) userMap.set(r.id, [...(userMap.get(r.id) ?? []), r.clientId]);
  return {
    clientIds: [...new Set([...byClient.map((c) => c.id), ...byUser.map((u) => u.clientId)])],
    users: [...userMap].map(([id, clientIds]) => ({ id, clientIds })),
  };
}

export async function clientOfOffice(db: Executor, officeId: string, clientId: string) {
  const [row] = await db
    .select({ id: clients.id, name: clients.name, active: clients.active })
    .from(clients)
    .where(and(eq(clients.officeId, officeId), eq(clients.id, clientId)));
  return row;
}

export async function officeName(db: Executor, officeId: string) {
  const [row] = await db.select({ name: offices.name }).from(offices).where(eq(offices.id, officeId));
  return row?.name ?? "";
}

export async function markFailing(db: Executor, officeId: string, addresses: string[], reason: string) {
  if (addresses.length === 0) return;
  await db
    .insert(failingAddresses)
    .values(addresses.map((address) => ({ officeId, address: address.toLowerCase(), reason })))
    .onConflictDoUpdate({
      target: [failingAddresses.officeId, failingAddresses.address],
      set: { reason, failedAt: new Date() },
    });
}

/** The failing addresses among these (lower case → reason and when). */
export async function failingAmong(db: Executor, officeId: string, addresses: string[]) {
  const list = [...new Set(addresses.map((a) => a.toLowerCase()))];
  if (list.length === 0) return new Map<string, { reason: string; failedAt: Date }>();
  const rows = await db
    .select()
    .from(failingAddresses)
    .where(and(eq(failingAddresses.officeId, officeId), inArray(failingAddresses.address, list)));
  return new Map(rows.map((r) => [r.address, { reason: r.reason, failedAt: r.failedAt }]));
}

/** An address works again (the office edited it, or it was a mistake). */
export async function clearFailing(db: Executor, officeId: string, address: string) {
  await db
    .delete(failingAddresses)
    .where(and(eq(failingAddresses.officeId, officeId), eq(failingAddresses.address, address.toLowerCase())));
}

/** The Caixa de entrada: what waits for staff first (triage, too large), then the rest, newest first. */
export async function listInbound(
  db: Executor,
  officeId: string,
  opts: { pending: boolean; limit: number; offset: number },
) {
  const where = and(
    eq(inboundEmails.officeId, officeId),
    opts.pending ? or(eq(inboundEmails.status, "triage"), eq(inboundEmails.status, "too_large")) : undefined,
  );
  const items = await db
    .select({
      email: inboundEmails,
      protocolYear: tickets.protocolYear,
      protocolSeq: tickets.protocolSeq,
      clientName: clients.name,
    })
    .from(inboundEmails)
    .leftJoin(tickets, eq(tickets.id, inboundEmails.ticketId))
    .leftJoin(clients, eq(clients.id, inboundEmails.clientId))
    .where(where)
    .orderBy(desc(inboundEmails.createdAt), desc(inboundEmails.id))
    .limit(opts.limit)
    .offset(opts.offset);
  const [c] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(inboundEmails)
    .where(where);
  return { items, total: c?.n ?? 0 };
}

/** Mailboxes due now (for the timer: whether a poll round is worth a claim). */
export async function dueCount(db: Executor) {
  const [c] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(officeInboundSettings)
    .where(lte(officeInboundSettings.nextPollAt, new Date()));
  return c?.n ?? 0;
}

/** Every blob an inbound e-mail keeps (its original), for the file sweep. */
export async function referencedRawSha256s(db: Executor, sha256s: string[]) {
  if (sha256s.length === 0) return new Set<string>();
  const rows = await db
    .selectDistinct({ sha: inboundEmails.rawSha256 })
    .from(inboundEmails)
    .where(inArray(inboundEmails.rawSha256, sha256s));
  return new Set(rows.map((r) => r.sha).filter((s): s is string => !!s));
}
