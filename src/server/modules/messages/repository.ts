import { and, asc, eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import {
  clientMemberships,
  inboundEmails,
  messages,
  ticketReads,
  tickets,
  users,
} from "../../db/schema/index.js";

const columns = {
  id: messages.id,
  officeId: messages.officeId,
  ticketId: messages.ticketId,
  body: messages.body,
  internal: messages.internal,
  createdAt: messages.createdAt,
  authorId: users.id,
  // a message by e-mail from an address that is not a user: the sender's name or address
  authorName: sql<string>`coalesce(${users.name}, nullif(${inboundEmails.fromName}, ''), ${inboundEmails.fromAddress}, '')`,
  authorRole: sql<"admin" | "staff" | "client">`coalesce(${users.role}, 'client')`,
  inboundEmailId: messages.inboundEmailId,
};
export type MessageRow = {
  id: string;
  officeId: string;
  ticketId: string;
  body: string;
  internal: boolean;
  createdAt: Date;
  authorId: string | null;
  authorName: string;
  authorRole: "admin" | "staff" | "client";
  inboundEmailId: string | null;
};

/** The facts the ticket policy needs, and whether the requester has client users. */
export async function ticketFacts(db: Executor, officeId: string, ticketId: string) {
  const [row] = await db
    .select({
      id: tickets.id,
      officeId: tickets.officeId,
      status: tickets.status,
      touchedAt: tickets.touchedAt,
      requesterId: tickets.requesterId,
      protocolYear: tickets.protocolYear,
      protocolSeq: tickets.protocolSeq,
      subject: tickets.subject,
      requesterHasUsers:
        sql<boolean>`exists (select 1 from ${clientMemberships} m where m.client_id = ${tickets.requesterId})`.mapWith(
          Boolean,
        ),
    })
    .from(tickets)
    .where(and(eq(tickets.officeId, officeId), eq(tickets.id, ticketId)));
  return row;
}

/** Messages of an atendimento, oldest first; client users never get internal notes. */
export async function list(
  db: Executor,
  officeId: string,
  ticketId: string,
  opts: { includeInternal: boolean; since?: Date },
): Promise<MessageRow[]> {
  return db
    .select(columns)
    .from(messages)
    .leftJoin(users, eq(users.id, messages.authorId))
    .leftJoin(inboundEmails, eq(inboundEmails.id, messages.inboundEmailId))
    .where(
      and(
        eq(messages.officeId, officeId),
        eq(messages.ticketId, ticketId),
        opts.includeInternal ? undefined : eq(messages.internal, false),
        // JSON carries milliseconds, the database microseconds: compare at the precision the client saw
        opts.since ? sql`date_trunc('milliseconds', ${messages.createdAt}) > ${opts.since}` : undefined,
      ),
    )
    .orderBy(asc(messages.createdAt), asc(messages.id)) as Promise<MessageRow[]>;
}

export async function findById(db: Executor, officeId: string, id: string): Promise<MessageRow | undefined> {
  const [row] = await db
    .select(columns)
    .from(messages)
    .leftJoin(users, eq(users.id, messages.authorId))
    .leftJoin(inboundEmails, eq(inboundEmails.id, messages.inboundEmailId))
    .where(and(eq(messages.officeId, officeId), eq(messages.id, id)));
  return row as MessageRow | undefined;
}

export async function insert(
  db: Executor,
  v: {
    officeId: string;
    ticketId: string;
    authorId: string | null;
    body: string;
    internal: boolean;
    inboundEmailId?: string | null;
    createdAt?: Date;
  },
) {
  const [row] = await db.insert(messages).values(v).returning();
  if (!row) throw new Error("message insert returned nothing");
  return row;
}

export async function markRead(db: Executor, ticketId: string, userId: string, at: Date) {
  await db
    .insert(ticketReads)
    .values({ ticketId, userId, lastReadAt: at })
    .onConflictDoUpdate({
      target: [ticketReads.ticketId, ticketReads.userId],
      set: { lastReadAt: sql`greatest(${ticketReads.lastReadAt}, excluded.last_read_at)` },
    });
}

/**
 * The latest time someone of each side read the chat: a message is "read" when someone of the other
 * side has read up to it.
 */
export async function lastReadBySide(db: Executor, ticketId: string) {
  const rows = await db
    .select({
      side: sql<string>`case when ${users.role} = 'client' then 'client' else 'office' end`,
      at: sql<Date>`max(${ticketReads.lastReadAt})`.mapWith((v) => new Date(v as string)),
    })
    .from(ticketReads)
    .innerJoin(users, eq(users.id, ticketReads.userId))
    .where(eq(ticketReads.ticketId, ticketId))
    .groupBy(sql`1`);
  const out: { office: Date | null; client: Date | null } = { office: null, client: null };
  for (const r of rows) out[r.side === "client" ? "client" : "office"] = r.at;
  return out;
}

export async function lastReadOf(db: Executor, ticketId: string, userId: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: ticketReads.lastReadAt })
    .from(ticketReads)
    .where(and(eq(ticketReads.ticketId, ticketId), eq(ticketReads.userId, userId)));
  return row?.at ?? null;
}

/** Client users linked to the atendimento's client, for the offline digest. */
export async function clientUsersOf(db: Executor, officeId: string, clientId: string) {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(clientMemberships)
    .innerJoin(users, eq(users.id, clientMemberships.userId))
    .where(
      and(
        eq(clientMemberships.officeId, officeId),
        eq(clientMemberships.clientId, clientId),
        eq(users.active, true),
      ),
    );
}
