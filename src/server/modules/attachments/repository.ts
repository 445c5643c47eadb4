import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { attachments, tickets, users } from "../../db/schema/index.js";

export type AttachmentRecord = typeof attachments.$inferSelect;

/** A file with what the policy and the presenter need: its atendimento's status and the uploader. */
const rowColumns = {
  id: attachments.id,
  officeId: attachments.officeId,
  ticketId: attachments.ticketId,
  sha256: attachments.sha256,
  sizeBytes: attachments.sizeBytes,
  name: attachments.name,
  mime: attachments.mime,
  source: attachments.source,
  createdAt: attachments.createdAt,
  deletedAt: attachments.deletedAt,
  uploadedBy: attachments.uploadedBy,
  /** a file that came by e-mail has no user: "E-mail do cliente" */
  uploaderName: sql<string>`coalesce(${users.name}, 'E-mail do cliente')`,
  ticketOfficeId: tickets.officeId,
  ticketStatus: tickets.status,
  ticketRequesterId: tickets.requesterId,
};
type ColumnsOf = Omit<typeof rowColumns, "uploaderName">;
export type AttachmentRow = {
  [K in keyof ColumnsOf]: ColumnsOf[K]["_"]["notNull"] extends true
    ? ColumnsOf[K]["_"]["data"]
    : ColumnsOf[K]["_"]["data"] | null;
} & { uploaderName: string };

/** The atendimento facts the policy needs; with lock, held (FOR SHARE) until the transaction ends. */
export async function findTicketFacts(db: Executor, officeId: string, ticketId: string, lock = false) {
  const q = db
    .select({
      id: tickets.id,
      officeId: tickets.officeId,
      status: tickets.status,
      touchedAt: tickets.touchedAt,
      requesterId: tickets.requesterId,
    })
    .from(tickets)
    .where(and(eq(tickets.officeId, officeId), eq(tickets.id, ticketId)));
  const [row] = lock ? await q.for("share") : await q;
  return row;
}

/** Files of an atendimento that were not removed, oldest first. */
export async function listByTicket(
  db: Executor,
  officeId: string,
  ticketId: string,
): Promise<AttachmentRow[]> {
  return db
    .select(rowColumns)
    .from(attachments)
    .innerJoin(tickets, eq(tickets.id, attachments.ticketId))
    .leftJoin(users, eq(users.id, attachments.uploadedBy))
    .where(
      and(
        eq(attachments.officeId, officeId),
        eq(attachments.ticketId, ticketId),
        isNull(attachments.deletedAt),
      ),
    )
    .orderBy(asc(attachments.createdAt), asc(attachments.id));
}

/** One file of the office (removed ones too: the policy decides); with lock, FOR UPDATE. */
export async function findById(
  db: Executor,
  officeId: string,
  id: string,
  lock = false,
): Promise<AttachmentRow | undefined> {
  const q = db
    .select(rowColumns)
    .from(attachments)
    .innerJoin(tickets, eq(tickets.id, attachments.ticketId))
    .leftJoin(users, eq(users.id, attachments.uploadedBy))
    .where(and(eq(attachments.officeId, officeId), eq(attachments.id, id)));
  // the file row is locked against a concurrent removal
  const [row] = lock ? await q.for("update", { of: attachments }) : await q;
  return row;
}

export async function insert(
  db: Executor,
  values: typeof attachments.$inferInsert,
): Promise<AttachmentRecord> {
  const [row] = await db.insert(attachments).values(values).returning();
  if (!row) throw new Error("insert returned nothing");
  return row;
}

export async function softDelete(db: Executor, officeId: string, id: string, by: string, at: Date) {
  await db
    .update(attachments)
    .set({ deletedAt: at, deletedBy: by })
    .where(and(eq(attachments.officeId, officeId), eq(attachments.id, id), isNull(attachments.deletedAt)));
}

/**
 * Which of these blob addresses any file row references, of any office, removed ones included (a
 * soft-deleted file keeps its blob). For the orphan sweep only: blobs are shared across offices by
 * content, so this one query is not scoped to an office. Uses attachments_sha_idx.
 */
export async function referencedSha256s(db: Executor, sha256s: string[]): Promise<Set<string>> {
  if (sha256s.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ sha256: attachments.sha256 })
    .from(attachments)
    .where(inArray(attachments.sha256, sha256s));
  return new Set(rows.map((r) => r.sha256));
}
