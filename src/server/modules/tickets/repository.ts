import { aliasedTable, and, asc, count, desc, eq, gte, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import type { TicketSort } from "../../../shared/api.js";
import type { TicketStatus } from "../../../shared/status.js";
import type { Db, Executor } from "../../db/client.js";
import {
  accountants,
  clients,
  offices,
  services,
  ticketCounters,
  ticketEvents,
  tickets,
  users,
} from "../../db/schema/index.js";
import { containsText } from "../../lib/sql.js";
import { FUZZY_WORD_SIMILARITY, fuzzySearchWords, textSearchQuery } from "../../lib/text-search.js";
import { openDebtCentsOf } from "../finance/repository.js";
import { parseProtocol } from "./protocol.js";

export type TicketRecord = typeof tickets.$inferSelect;
export type EventChange = { field: string; from: unknown; to: unknown };

const assignee = aliasedTable(users, "assignee");
const creator = aliasedTable(users, "creator");
const fuzzy = aliasedTable(tickets, "fuzzy");

/** Columns of a grid row, joined with the names the grid shows. */
const rowColumns = {
  id: tickets.id,
  officeId: tickets.officeId,
  protocolYear: tickets.protocolYear,
  protocolSeq: tickets.protocolSeq,
  subject: tickets.subject,
  amountCents: tickets.amountCents,
  status: tickets.status,
  version: tickets.version,
  touchedAt: tickets.touchedAt,
  createdAt: tickets.createdAt,
  updatedAt: tickets.updatedAt,
  requesterId: clients.id,
  requesterName: clients.name,
  assigneeId: assignee.id,
  assigneeName: assignee.name,
  serviceId: services.id,
  serviceName: services.name,
  openDebtCents: openDebtCentsOf(tickets.id),
  requesterHasUsers:
    sql<boolean>`exists (select 1 from client_memberships m where m.client_id = ${tickets.requesterId})`.mapWith(
      Boolean,
    ),
};
type Cols = Omit<typeof rowColumns, "requesterHasUsers" | "openDebtCents">;
export type TicketGridRow = {
  [K in keyof Cols]: Cols[K]["_"]["notNull"] extends true
    ? Cols[K]["_"]["data"]
    : Cols[K]["_"]["data"] | null;
} & { requesterHasUsers: boolean; openDebtCents: number };

export interface ListFilter {
  officeId: string;
  statuses: TicketStatus[];
  assigneeId?: string;
  requesterId?: string;
  serviceId?: string;
  /** inclusive lower bound and exclusive upper bound on created_at */
  openedFrom?: Date;
  openedBefore?: Date;
  q?: string;
  /** typo-tolerant words instead of the search of q (see listWithTypos) */
  fuzzyWords?: string[];
  sort: TicketSort;
  order: "asc" | "desc";
  limit: number;
  offset: number;
}

function searchCondition(officeId: string, q: string): SQL {
  const parts: SQL[] = [];
  // words typed so far, the last one as a prefix ("certid" finds "Certidão"); see lib/text-search.ts
  const words = textSearchQuery(q);
  if (words) parts.push(sql`(${tickets.officeId} = ${officeId} and ${tickets.search} @@ ${words})`);
  parts.push(
    // "= any(array(…))" with the office: both branches of the OR use an index (GIN search, requester)
    sql`(${tickets.officeId} = ${officeId} and ${tickets.requesterId} = any(array(select ${clients.id} from ${clients} where ${clients.officeId} = ${officeId} and ${containsText(clients.name, q)})))`,
  );
  const protocol = parseProtocol(q);
  if (protocol) {
    parts.push(
      protocol.year
        ? (and(eq(tickets.protocolYear, protocol.year), eq(tickets.protocolSeq, protocol.seq)) as SQL)
        : eq(tickets.protocolSeq, protocol.seq),
    );
  }
  return or(...parts) as SQL;
}

/**
 * Every word close to a word of the subject or of the client's name (pg_trgm `%>`, through the
 * trigram indexes of migration 0008, office first): "certidao negatva", "padaira". The matches are
 * collected first (bitmap scans of those indexes), so that the page never walks the grid's order
 * unaccenting every subject on the way, as a filter under LIMIT would (95 ms instead of 0.1 ms on
 * 5,000 atendimentos when nothing matches).
 */
function fuzzySearchCondition(officeId: string, words: string[]): SQL {
  const close = words.map(
    (w) =>
      sql`(atende_fts_text(${fuzzy.subject}) %> atende_fts_text(${w}) or ${fuzzy.requesterId} = any(array(select ${clients.id} from ${clients} where ${clients.officeId} = ${officeId} and atende_fts_text(${clients.name}) %> atende_fts_text(${w}))))`,
  );
  return sql`${tickets.id} = any(array(select ${fuzzy.id} from ${tickets} as "fuzzy" where ${fuzzy.officeId} = ${officeId} and ${and(...close)}))`;
}

const sortColumns: Record<TicketSort, SQL[]> = {
  protocol: [sql`${tickets.protocolYear}`, sql`${tickets.protocolSeq}`],
  requester: [sql`${clients.name}`],
  subject: [sql`${tickets.subject}`],
  assignee: [sql`${assignee.name}`],
  createdAt: [sql`${tickets.createdAt}`],
  updatedAt: [sql`${tickets.updatedAt}`],
  amount: [sql`${tickets.amountCents}`],
  service: [sql`${services.name}`],
  status: [sql`${tickets.status}`],
};

/** The grid's filters as one condition: the list, its count and the export share it. */
export function ticketListWhere(f: Omit<ListFilter, "sort" | "order" | "limit" | "offset">) {
  return and(
    eq(tickets.officeId, f.officeId),
    f.statuses.length ? inArray(tickets.status, f.statuses) : undefined,
    f.assigneeId ? eq(tickets.assigneeId, f.assigneeId) : undefined,
    f.requesterId ? eq(tickets.requesterId, f.requesterId) : undefined,
    f.serviceId ? eq(tickets.serviceId, f.serviceId) : undefined,
    f.openedFrom ? gte(tickets.createdAt, f.openedFrom) : undefined,
    f.openedBefore ? lt(tickets.createdAt, f.openedBefore) : undefined,
    f.fuzzyWords
      ? fuzzySearchCondition(f.officeId, f.fuzzyWords)
      : f.q
        ? searchCondition(f.officeId, f.q)
        : undefined,
  );
}

function ticketOrderBy(f: Pick<ListFilter, "sort" | "order">) {
  const dir = f.order === "asc" ? asc : desc;
  return [...sortColumns[f.sort].map((c) => dir(c)), dir(tickets.createdAt), dir(tickets.id)];
}

/** The ids of the grid's rows in its order (no LIMIT unless given), joined only as the sort needs. */
function idsQuery(db: Executor, f: Omit<ListFilter, "limit" | "offset">) {
  let ids = db.select({ id: tickets.id }).from(tickets).$dynamic();
  if (f.sort === "requester") ids = ids.innerJoin(clients, eq(clients.id, tickets.requesterId));
  if (f.sort === "service") ids = ids.leftJoin(services, eq(services.id, tickets.serviceId));
  if (f.sort === "assignee") ids = ids.leftJoin(assignee, eq(assignee.id, tickets.assigneeId));
  return ids.where(ticketListWhere(f)).orderBy(...ticketOrderBy(f));
}

export async function list(db: Executor, f: ListFilter) {
  const where = ticketListWhere(f);
  const orderBy = ticketOrderBy(f);
  // the page's ids first, on tickets alone (plus the one name a sort needs): the skipped rows of a
  // deep page are an index scan, not joins and per-row subqueries; then the 20 rows of the page
  const pageIds = idsQuery(db, f).limit(f.limit).offset(f.offset);
  const [items, [total]] = await Promise.all([
    db
      .select(rowColumns)
      .from(tickets)
      .innerJoin(clients, eq(clients.id, tickets.requesterId))
      .leftJoin(services, eq(services.id, tickets.serviceId))
      .leftJoin(assignee, eq(assignee.id, tickets.assigneeId))
      .where(and(eq(tickets.officeId, f.officeId), inArray(tickets.id, pageIds)))
      .orderBy(...orderBy),
    unfiltered(f) ? countOfOffice(db, f.officeId) : db.select({ n: count() }).from(tickets).where(where),
  ]);
  return { items: items as TicketGridRow[], total: total?.n ?? 0 };
}

/**
 * The grid's page; when a search finds nothing, the same page with typo tolerance (pg_trgm): the
 * usual search keeps its speed, and only a search that would show an empty grid pays for the
 * fallback. `approximate` tells that the rows come from the fallback.
 */
export async function listWithTypos(db: Db, f: ListFilter) {
  const exact = await list(db, f);
  const words = f.q && exact.total === 0 ? fuzzySearchWords(f.q) : [];
  if (words.length === 0) return { ...exact, approximate: false };
  return db.transaction(async (tx) => {
    // the threshold of `%>` is a setting of pg_trgm's, for this transaction only
    await tx.execute(
      sql`select set_config('pg_trgm.word_similarity_threshold', ${String(FUZZY_WORD_SIMILARITY)}, true)`,
    );
    return { ...(await list(tx, { ...f, fuzzyWords: words })), approximate: true };
  });
}

/**
 * Every id of the grid as filtered, in its order, with the same typo-tolerant fallback as
 * listWithTypos: an export takes these (uuids only, ~40 bytes each) and reads the rows in batches.
 */
export async function exportIds(db: Db, f: Omit<ListFilter, "limit" | "offset">): Promise<string[]> {
  const exact = (await idsQuery(db, f)).map((r) => r.id);
  const words = f.q && exact.length === 0 ? fuzzySearchWords(f.q) : [];
  if (words.length === 0) return exact;
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('pg_trgm.word_similarity_threshold', ${String(FUZZY_WORD_SIMILARITY)}, true)`,
    );
    return (await idsQuery(tx, { ...f, fuzzyWords: words })).map((r) => r.id);
  });
}

/** The grid rows of these ids, in the order given. */
export async function rowsByIds(db: Executor, officeId: string, ids: string[]): Promise<TicketGridRow[]> {
  if (ids.length === 0) return [];
  const rows = (await db
    .select(rowColumns)
    .from(tickets)
    .innerJoin(clients, eq(clients.id, tickets.requesterId))
    .leftJoin(services, eq(services.id, tickets.serviceId))
    .leftJoin(assignee, eq(assignee.id, tickets.assigneeId))
    .where(and(eq(tickets.officeId, officeId), inArray(tickets.id, ids)))) as TicketGridRow[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

const unfiltered = (f: ListFilter) =>
  f.statuses.length === 0 &&
  !f.assigneeId &&
  !f.requesterId &&
  !f.serviceId &&
  !f.openedFrom &&
  !f.openedBefore &&
  !f.q &&
  !f.fuzzyWords;

/**
 * All the office's atendimentos, without counting 100k index entries on every page: atendimentos
 * are never deleted and each one takes the next protocol number of its year in the same
 * transaction, so the counters add up to the count.
 */
function countOfOffice(db: Executor, officeId: string) {
  return db
    .select({ n: sql<number>`coalesce(sum(${ticketCounters.lastSeq}), 0)`.mapWith(Number) })
    .from(ticketCounters)
    .where(eq(ticketCounters.officeId, officeId));
}

export type TicketDetailRow = TicketGridRow & {
  description: string;
  accountantId: string | null;
  accountantName: string | null;
  accountantCrc: string | null;
  /** null: opened by an e-mail of the client */
  createdById: string | null;
  createdByName: string | null;
};

export async function findDetail(
  db: Executor,
  officeId: string,
  id: string,
): Promise<TicketDetailRow | undefined> {
  const rows = await db
    .select({
      ...rowColumns,
      description: tickets.description,
      accountantId: accountants.id,
      accountantName: accountants.name,
      accountantCrc: accountants.crc,
      createdById: creator.id,
      createdByName: creator.name,
    })
    .from(tickets)
    .innerJoin(clients, eq(clients.id, tickets.requesterId))
    .leftJoin(services, eq(services.id, tickets.serviceId))
    .leftJoin(creator, eq(creator.id, tickets.createdBy))
    .leftJoin(assignee, eq(assignee.id, tickets.assigneeId))
    .leftJoin(accountants, eq(accountants.id, tickets.accountantId))
    .where(and(eq(tickets.officeId, officeId), eq(tickets.id, id)));
  // Drizzle cannot type a select over two aliases of one table; the shape is the one declared above
  return (rows as unknown as TicketDetailRow[])[0];
}

/** The atendimento locked for the rest of the transaction. */
export async function findForUpdate(db: Executor, officeId: string, id: string) {
  const [row] = await db
    .select()
    .from(tickets)
    .where(and(eq(tickets.officeId, officeId), eq(tickets.id, id)))
    .for("update");
  return row;
}

/** Next protocol number of the office in the year; the counter row serialises concurrent creates. */
export async function nextProtocolSeq(db: Executor, officeId: string, year: number): Promise<number> {
  const [row] = await db
    .insert(ticketCounters)
    .values({ officeId, year, lastSeq: 1 })
    .onConflictDoUpdate({
      target: [ticketCounters.officeId, ticketCounters.year],
      set: { lastSeq: sql`${ticketCounters.lastSeq} + 1` },
    })
    .returning({ seq: ticketCounters.lastSeq });
  if (!row) throw new Error("protocol counter did not return a value");
  return row.seq;
}

export async function insert(db: Executor, values: typeof tickets.$inferInsert) {
  const [row] = await db.insert(tickets).values(values).returning();
  if (!row) throw new Error("insert returned nothing");
  return row;
}

export async function update(
  db: Executor,
  officeId: string,
  id: string,
  values: Partial<Omit<typeof tickets.$inferInsert, "id" | "officeId" | "search">>,
) {
  const [row] = await db
    .update(tickets)
    .set({ ...values, version: sql`${tickets.version} + 1`, updatedAt: new Date() })
    .where(and(eq(tickets.officeId, officeId), eq(tickets.id, id)))
    .returning();
  if (!row) throw new Error("update of a locked row returned nothing");
  return row;
}

export async function insertEvent(
  db: Executor,
  e: {
    officeId: string;
    ticketId: string;
    actorId: string | null;
    type: (typeof ticketEvents.$inferInsert)["type"];
    changes: EventChange[];
    createdAt?: Date;
    /** shown in the client portal's history */
    clientVisible?: boolean;
  },
) {
  await db.insert(ticketEvents).values(e);
}

/** The history of an atendimento, oldest first; only the entries meant for the client when asked. */
export async function listEvents(
  db: Executor,
  officeId: string,
  ticketId: string,
  opts: { clientVisibleOnly?: boolean } = {},
) {
  return db
    .select({
      id: ticketEvents.id,
      type: ticketEvents.type,
      changes: ticketEvents.changes,
      createdAt: ticketEvents.createdAt,
      actorId: users.id,
      actorName: users.name,
    })
    .from(ticketEvents)
    .leftJoin(users, eq(users.id, ticketEvents.actorId))
    .where(
      and(
        eq(ticketEvents.officeId, officeId),
        eq(ticketEvents.ticketId, ticketId),
        opts.clientVisibleOnly ? eq(ticketEvents.clientVisible, true) : undefined,
      ),
    )
    .orderBy(asc(ticketEvents.createdAt), asc(ticketEvents.id));
}

// ----- references the form points to, checked in the actor's office -----

export async function refNames(
  db: Executor,
  officeId: string,
  ids: { requesterId: string; serviceId: string; accountantId: string | null; assigneeId: string },
) {
  const [requester] = await db
    .select({ name: clients.name, active: clients.active })
    .from(clients)
    .where(and(eq(clients.officeId, officeId), eq(clients.id, ids.requesterId)));
  const [service] = await db
    .select({ name: services.name, active: services.active })
    .from(services)
    .where(and(eq(services.officeId, officeId), eq(services.id, ids.serviceId)));
  const [accountant] = ids.accountantId
    ? await db
        .select({ name: accountants.name, active: accountants.active })
        .from(accountants)
        .where(and(eq(accountants.officeId, officeId), eq(accountants.id, ids.accountantId)))
    : [];
  const [assigneeRow] = await db
    .select({ name: users.name, active: users.active, role: users.role })
    .from(users)
    .where(and(eq(users.officeId, officeId), eq(users.id, ids.assigneeId)));
  return { requester, service, accountant, assignee: assigneeRow };
}

/** Demo and benchmark data only: sets the state a series of seeded events led to. */
export async function setSeedState(
  db: Executor,
  id: string,
  v: { status: TicketStatus; version: number; touchedAt: Date; updatedAt: Date },
) {
  await db.update(tickets).set(v).where(eq(tickets.id, id));
}

/** What the e-mails about an atendimento need: its protocol, client contacts and responsible. */
export async function emailFacts(db: Executor, officeId: string, id: string) {
  const [row] = await db
    .select({
      protocolYear: tickets.protocolYear,
      protocolSeq: tickets.protocolSeq,
      subject: tickets.subject,
      clientName: clients.name,
      clientEmails: clients.emails,
      assigneeName: assignee.name,
      assigneeEmail: assignee.email,
      officeName: offices.name,
    })
    .from(tickets)
    .innerJoin(clients, eq(clients.id, tickets.requesterId))
    .innerJoin(offices, eq(offices.id, tickets.officeId))
    .leftJoin(assignee, eq(assignee.id, tickets.assigneeId))
    .where(and(eq(tickets.officeId, officeId), eq(tickets.id, id)));
  return row;
}
