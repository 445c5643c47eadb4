import { and, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { clients, messages, services, ticketReads, tickets, users } from "../../db/schema/index.js";

const assignee = users;

/** Atendimentos of the given companies, newest first, with the user's unread office messages. */
export async function listForClientUser(
  db: Executor,
  officeId: string,
  userId: string,
  clientIds: string[],
  page: { limit: number; offset: number },
) {
  if (clientIds.length === 0) return { items: [], total: 0 };
  const where = and(eq(tickets.officeId, officeId), inArray(tickets.requesterId, clientIds));
  const [items, [total]] = await Promise.all([
    db
      .select(portalColumns(userId))
      .from(tickets)
      .innerJoin(clients, eq(clients.id, tickets.requesterId))
      .leftJoin(services, eq(services.id, tickets.serviceId))
      .leftJoin(assignee, eq(assignee.id, tickets.assigneeId))
      .where(where)
      .orderBy(desc(tickets.updatedAt), desc(tickets.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(tickets).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

export async function findForClientUser(db: Executor, officeId: string, userId: string, id: string) {
  const [row] = await db
    .select(portalColumns(userId))
    .from(tickets)
    .innerJoin(clients, eq(clients.id, tickets.requesterId))
    .leftJoin(services, eq(services.id, tickets.serviceId))
    .leftJoin(assignee, eq(assignee.id, tickets.assigneeId))
    .where(and(eq(tickets.officeId, officeId), eq(tickets.id, id)));
  return row;
}

function portalColumns(userId: string) {
  return {
    id: tickets.id,
    officeId: tickets.officeId,
    requesterId: tickets.requesterId,
    clientName: clients.name,
    protocolYear: tickets.protocolYear,
    protocolSeq: tickets.protocolSeq,
    subject: tickets.subject,
    description: tickets.description,
    status: tickets.status,
    serviceName: services.name,
    assigneeName: assignee.name,
    createdAt: tickets.createdAt,
    updatedAt: tickets.updatedAt,
    unreadMessages: sql<number>`(
      select count(*) from ${messages} m join ${users} a on a.id = m.author_id
      where m.ticket_id = ${tickets.id} and not m.internal and a.role <> 'client'
        and m.created_at > coalesce((select r.last_read_at from ${ticketReads} r where r.ticket_id = ${tickets.id} and r.user_id = ${userId}), '-infinity'::timestamptz)
    )`.mapWith(Number),
  };
}

export async function companies(db: Executor, officeId: string, clientIds: string[]) {
  if (clientIds.length === 0) return [];
  return db
    .select({ id: clients.id, name: clients.name })
    .from(clients)
    .where(and(eq(clients.officeId, officeId), inArray(clients.id, clientIds), eq(clients.active, true)))
    .orderBy(clients.name);
}
