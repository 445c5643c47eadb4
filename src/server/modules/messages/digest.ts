import { and, desc, eq, sql } from "drizzle-orm";
import { ticketLink } from "../../../shared/links.js";
import type { Db } from "../../db/client.js";
import { emails, users } from "../../db/schema/index.js";
import { type JobQueue, QUEUES } from "../../jobs/queue.js";
import { queueEmail } from "../mail/outbox.js";
import { escapeHtml } from "../mail/templates.js";
import { formatProtocol } from "../tickets/protocol.js";
import * as repo from "./repository.js";

/**
 * The digest job: some time after the office wrote to a client user, if they have not read the chat
 * since, one e-mail lists what they missed. A user who reads in the meantime gets nothing.
 */
export async function sendDigest(
  db: Db,
  jobs: JobQueue,
  publicUrl: string,
  d: { userId: string; ticketId: string; officeId: string },
) {
  await db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, name: users.name, email: users.email, active: users.active })
      .from(users)
      .where(and(eq(users.id, d.userId), eq(users.officeId, d.officeId)));
    if (!user?.active) return;
    const t = await repo.ticketFacts(tx, d.officeId, d.ticketId);
    if (!t) return;
    // still linked to the company? (access may have changed since the job was queued)
    const members = await repo.clientUsersOf(tx, d.officeId, t.requesterId);
    if (!members.some((m) => m.id === user.id)) return;
    const [lastDigest] = await tx
      .select({ at: emails.createdAt })
      .from(emails)
      .where(
        and(
          eq(emails.ticketId, d.ticketId),
          eq(emails.kind, "message_digest"),
          sql`${user.email} = any(${emails.toAddresses})`,
        ),
      )
      .orderBy(desc(emails.createdAt))
      .limit(1);
    const lastRead = await repo.lastReadOf(tx, d.ticketId, user.id);
    const since = [lastRead, lastDigest?.at]
      .filter((x): x is Date => !!x)
      .sort((a, b) => b.getTime() - a.getTime())[0];
    const unread = (await repo.list(tx, d.officeId, d.ticketId, { includeInternal: false, since })).filter(
      (m) => m.authorRole !== "client",
    );
    if (unread.length === 0) return;
    const protocol = formatProtocol(t.protocolYear, t.protocolSeq);
    const link = ticketLink(publicUrl, d.ticketId);
    const fmt = new Intl.DateTimeFormat("pt-BR", {
      timeZone: "America/Sao_Paulo",
      dateStyle: "short",
      timeStyle: "short",
    });
    const lines = unread.slice(-10).map((m) => `${fmt.format(m.createdAt)} — ${m.authorName}: ${m.body}`);
    const n = unread.length;
    const subject = `[Atendimento ${protocol}] ${n === 1 ? "1 nova mensagem" : `${n} novas mensagens`}`;
    await queueEmail(tx, jobs, {
      officeId: d.officeId,
      ticketId: d.ticketId,
      kind: "message_digest",
      to: [user.email],
      createdBy: null,
      content: {
        subject,
        text: [
          `Olá, ${user.name}.`,
          "",
          `Você tem ${n === 1 ? "uma nova mensagem" : `${n} novas mensagens`} no atendimento ${protocol} (${t.subject}):`,
          "",
          ...lines,
          "",
          `Responder: ${link}`,
        ].join("\n"),
        html: `<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"></head><body style="font-family:Arial,sans-serif">
<p>Olá, ${escapeHtml(user.name)}.</p><p>Você tem ${n === 1 ? "uma nova mensagem" : `${n} novas mensagens`} no atendimento <strong>${escapeHtml(protocol)}</strong> (${escapeHtml(t.subject)}):</p>
<ul>${lines.map((l) => `<li style="white-space:pre-wrap">${escapeHtml(l)}</li>`).join("")}</ul>
<p><a href="${escapeHtml(link)}">Responder no portal</a></p></body></html>`,
      },
    });
  });
  jobs.wake(QUEUES.email);
}

export async function startDigestWorker(db: Db, jobs: JobQueue, publicUrl: string) {
  await jobs.work<{ userId: string; ticketId: string; officeId: string }>(QUEUES.digest, (job) =>
    sendDigest(db, jobs, publicUrl, job.data),
  );
}
