import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  type EmailDetailDto,
  type EmailDto,
  type EmailOutcome,
  emailListQuerySchema,
  idSchema,
  type MailSettingsDto,
  mailSettingsSchema,
  type Page,
  testEmailSchema,
} from "../../../shared/api.js";
import { QUEUES } from "../../jobs/queue.js";
import { conflict, notFound } from "../../lib/errors.js";
import { encryptSecret } from "../../lib/secrets.js";
import { requireAdmin, requireStaff } from "../auth/context.js";
import { failingAmong } from "../inbound/repository.js";
import { formatProtocol } from "../tickets/protocol.js";
import { queueEmail, recordEmailEvent } from "./outbox.js";
import * as repo from "./repository.js";
import { awaitFirstAttempt } from "./sender.js";
import { testEmail } from "./templates.js";
import { outcomeOf } from "./wording.js";

const RESENDABLE = new Set(["failed", "not_configured", "no_recipient", "retrying"]);
const tags = ["e-mail"];

function presentSettings(row: repo.MailSettingsRow | undefined): MailSettingsDto {
  return row
    ? {
        configured: true,
        host: row.host,
        port: row.port,
        security: row.security,
        username: row.username,
        hasPassword: !!row.passwordEnc,
        fromName: row.fromName,
        fromAddress: row.fromAddress,
      }
    : {
        configured: false,
        host: "",
        port: 587,
        security: "starttls",
        username: null,
        hasPassword: false,
        fromName: "",
        fromAddress: "",
      };
}

function presentEmail(
  r: {
    email: repo.EmailRow;
    protocolYear: number | null;
    protocolSeq: number | null;
    debtDescription: string | null;
  },
  failing: Map<string, unknown> = new Map(),
): EmailDto {
  const e = r.email;
  return {
    id: e.id,
    kind: e.kind,
    ticket:
      e.ticketId && r.protocolYear !== null && r.protocolSeq !== null
        ? { id: e.ticketId, protocol: formatProtocol(r.protocolYear, r.protocolSeq) }
        : null,
    debt: e.debtId && r.debtDescription !== null ? { id: e.debtId, description: r.debtDescription } : null,
    to: e.toAddresses,
    failingRecipients: e.toAddresses.filter((a) => failing.has(a.toLowerCase())),
    subject: e.subject,
    state: e.state,
    attempts: e.attempts,
    lastError: e.lastError,
    nextAttemptAt: e.state === "retrying" ? (e.nextAttemptAt?.toISOString() ?? null) : null,
    createdAt: e.createdAt.toISOString(),
    sentAt: e.sentAt?.toISOString() ?? null,
    canResend: RESENDABLE.has(e.state),
  };
}

export const mailRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs, config, secretKey } = app.deps;
  const params = z.object({ id: idSchema });

  app.get(
    "/api/settings/mail",
    { schema: { tags, summary: "Configuração SMTP do escritório" } },
    async (request) => {
      const actor = requireAdmin(request);
      return presentSettings(await repo.getSettings(db, actor.officeId));
    },
  );

  app.put(
    "/api/settings/mail",
    {
      schema: {
        tags,
        summary: "Salvar a configuração SMTP (a senha nunca é devolvida)",
        body: mailSettingsSchema,
      },
    },
    async (request) => {
      const actor = requireAdmin(request);
      const b = request.body;
      const current = await repo.getSettings(db, actor.officeId);
      const passwordEnc =
        b.password === null
          ? null
          : b.password
            ? encryptSecret(secretKey, b.password)
            : (current?.passwordEnc ?? null);
      await repo.upsertSettings(db, {
        officeId: actor.officeId,
        host: b.host,
        port: b.port,
        security: b.security,
        username: b.username,
        passwordEnc,
        fromName: b.fromName,
        fromAddress: b.fromAddress,
      });
      // new settings: the office's pause (421 from the old server) no longer applies, and waiting
      // e-mails go out through the new pool at once
      await repo.clearBackoff(db, actor.officeId);
      jobs.wake(QUEUES.email);
      return presentSettings(await repo.getSettings(db, actor.officeId));
    },
  );

  app.post(
    "/api/settings/mail/test",
    { schema: { tags, summary: "Enviar e-mail de teste", body: testEmailSchema } },
    async (request) => {
      const actor = requireAdmin(request);
      const email = await db.transaction(async (tx) =>
        queueEmail(tx, jobs, {
          officeId: actor.officeId,
          ticketId: null,
          kind: "test",
          to: [request.body.to],
          content: testEmail({ officeName: actor.officeName, link: config.publicUrl }),
          createdBy: actor.userId,
        }),
      );
      if (email.state === "queued") jobs.wake(QUEUES.email);
      return outcomeOf(await awaitFirstAttempt(db, actor.officeId, email.id, config.mailWaitMs));
    },
  );

  app.get(
    "/api/emails",
    { schema: { tags, summary: "E-mails enviados pelo escritório", querystring: emailListQuerySchema } },
    async (request): Promise<Page<EmailDto>> => {
      const actor = requireAdmin(request);
      const q = request.query;
      const { items, total } = await repo.listEmails(db, actor.officeId, {
        state: q.state,
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      });
      const failing = await failingAmong(
        db,
        actor.officeId,
        items.flatMap((i) => i.email.toAddresses),
      );
      return {
        items: items.map((i) => presentEmail(i, failing)),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },
  );

  app.get("/api/emails/:id", { schema: { tags, params } }, async (request): Promise<EmailDetailDto> => {
    const actor = requireAdmin(request);
    const e = await repo.findEmail(db, actor.officeId, request.params.id);
    if (!e) throw notFound("E-mail");
    return {
      ...presentEmail({ email: e, protocolYear: null, protocolSeq: null, debtDescription: null }),
      text: e.text,
    };
  });

  /**
   * The outcome of an e-mail a person just caused (status change, Reabrir, Notificar): those answer
   * at once, and the screen asks here (when the websocket says the atendimento changed, and by a
   * short poll) until the e-mail is sent or has failed. Staff see the e-mails of the office's
   * atendimentos and débitos and the ones they caused; anything else is "não encontrado".
   */
  app.get(
    "/api/emails/:id/outcome",
    { schema: { tags, summary: "Resultado do envio de um e-mail (enviado, na fila, falhou)", params } },
    async (request): Promise<EmailOutcome> => {
      const actor = requireStaff(request);
      const e = await repo.findEmail(db, actor.officeId, request.params.id);
      if (!e || !(e.ticketId || e.debtId || e.createdBy === actor.userId)) throw notFound("E-mail");
      return outcomeOf(e);
    },
  );

  app.post(
    "/api/emails/:id/resend",
    {
      schema: {
        tags,
        summary: "Reenviar um e-mail que não foi enviado",
        params,
        body: z.object({}).nullish(),
      },
    },
    async (request) => {
      const actor = requireAdmin(request);
      const email = await db.transaction(async (tx) => {
        const e = await repo.findEmail(tx, actor.officeId, request.params.id);
        if (!e) throw notFound("E-mail");
        if (!RESENDABLE.has(e.state))
          throw conflict("not_resendable", "Este e-mail já foi enviado ou está sendo enviado.");
        const settings = await repo.getSettings(tx, actor.officeId);
        const state = e.toAddresses.length === 0 ? "no_recipient" : settings ? "queued" : "not_configured";
        const row = await repo.resetForResend(tx, actor.officeId, e.id, e.toAddresses, state);
        if (!row) throw notFound("E-mail");
        if (state !== "queued") await recordEmailEvent(tx, row, state, e.lastError);
        return row;
      });
      if (email.state === "queued") jobs.wake(QUEUES.email);
      return outcomeOf(await awaitFirstAttempt(db, actor.officeId, email.id, config.mailWaitMs));
    },
  );
};
