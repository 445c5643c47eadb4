import { emailSchema } from "../../../shared/api.js";
import { ticketLink } from "../../../shared/links.js";
import { statusLabel, type TicketStatus } from "../../../shared/status.js";
import type { Executor } from "../../db/client.js";
import type { JobQueue } from "../../jobs/queue.js";
import type { Actor } from "../auth/context.js";
import { queueEmail } from "../mail/outbox.js";
import { statusChangedEmail, ticketNoticeEmail } from "../mail/templates.js";
import { formatProtocol } from "./protocol.js";
import * as repo from "./repository.js";

/** Who causes the e-mail: a person, or nobody (a reply by e-mail that reopened the atendimento). */
export type MailActor = Pick<Actor, "officeId"> & { userId: string | null };

export interface MailContext {
  jobs: JobQueue;
  publicUrl: string;
}

/** Only well-formed addresses are used; a client whose e-mails are all invalid has no recipient. */
function validAddresses(list: (string | null | undefined)[]): string[] {
  return [...new Set(list.filter((e): e is string => !!e && emailSchema.safeParse(e).success))];
}

async function facts(tx: Executor, actor: MailActor, ticketId: string, mail: MailContext) {
  const f = await repo.emailFacts(tx, actor.officeId, ticketId);
  if (!f) throw new Error("atendimento vanished while writing its e-mail");
  const protocol = formatProtocol(f.protocolYear, f.protocolSeq);
  // one link for the client (portal) and the responsible user (office): the app picks the view
  return { ...f, protocol, link: ticketLink(mail.publicUrl, ticketId) };
}

/** The e-mail to the client that every status change sends (help page, "Observação"). */
export async function queueStatusEmail(
  tx: Executor,
  mail: MailContext,
  actor: MailActor,
  ticketId: string,
  from: TicketStatus,
  to: TicketStatus,
) {
  const f = await facts(tx, actor, ticketId, mail);
  return queueEmail(tx, mail.jobs, {
    officeId: actor.officeId,
    ticketId,
    kind: "status_changed",
    to: validAddresses(f.clientEmails),
    content: statusChangedEmail({
      officeName: f.officeName,
      protocol: f.protocol,
      subject: f.subject,
      clientName: f.clientName,
      fromStatus: statusLabel(from),
      toStatus: statusLabel(to),
      link: f.link,
    }),
    createdBy: actor.userId,
  });
}

/** Notificar: the "novo atendimento" notice to the client and the responsible user. */
export async function queueNoticeEmail(tx: Executor, mail: MailContext, actor: Actor, ticketId: string) {
  const f = await facts(tx, actor, ticketId, mail);
  const clientTo = validAddresses(f.clientEmails);
  return queueEmail(tx, mail.jobs, {
    officeId: actor.officeId,
    ticketId,
    kind: "ticket_notice",
    // without a client address the notice is not sent to the responsible alone: it is for the client
    to: clientTo.length ? validAddresses([...clientTo, f.assigneeEmail]) : [],
    content: ticketNoticeEmail({
      officeName: f.officeName,
      protocol: f.protocol,
      subject: f.subject,
      clientName: f.clientName,
      assigneeName: f.assigneeName ?? "—",
      link: f.link,
    }),
    createdBy: actor.userId,
  });
}
