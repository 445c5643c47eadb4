import { z } from "zod";
import { emailSchema, idSchema, SMTP_SECURITY } from "./api.js";
import { fieldLabel, secretString, singleLineString } from "./text.js";

// ---------- incoming e-mail (issue 14, part 1): the office's mailbox and the Caixa de entrada ----------
// Owned by src/server/modules/inbound.

const text = (label: string, max: number) =>
  singleLineString(label, { error: `Informe ${label}` })
    .trim()
    .min(1, `Informe ${label}`)
    .max(max, `${fieldLabel(label)} deve ter no máximo ${max} caracteres`);

/** PUT /api/settings/inbound (and POST …/test, which tries these values before saving them). */
export const inboundSettingsSchema = z.object({
  host: text("o servidor IMAP", 253).regex(/^[A-Za-z0-9.-]+$/, "Servidor IMAP inválido"),
  port: z
    .number({ error: "Informe a porta" })
    .int("Porta inválida")
    .min(1, "Porta inválida")
    .max(65535, "Porta inválida"),
  security: z.enum(SMTP_SECURITY, { error: "Segurança inválida" }),
  username: text("o usuário", 254),
  /** empty or absent: keep the stored password */
  password: secretString("a senha").max(500, "Senha muito longa").optional().nullable(),
  folder: text("a pasta", 200).default("INBOX"),
  /** the mailbox's address: replies go to atendimento+<token>@… of it */
  address: emailSchema,
  reopenOnReply: z.boolean({ error: "Escolha sim ou não" }).default(true),
});
export type InboundSettingsInput = z.input<typeof inboundSettingsSchema>;

export interface InboundSettingsDto {
  configured: boolean;
  host: string;
  port: number;
  security: (typeof SMTP_SECURITY)[number];
  username: string;
  hasPassword: boolean;
  folder: string;
  address: string;
  reopenOnReply: boolean;
  /** the reader's state, shown under the form */
  lastError: string | null;
  lastErrorAt: string | null;
  lastSuccessAt: string | null;
  nextPollAt: string | null;
  failures: number;
}

export interface InboundTestResult {
  ok: boolean;
  message: string;
}

export const INBOUND_STATUSES = [
  "matched",
  "created",
  "triage",
  "too_large",
  "linked",
  "discarded",
  "ignored",
  "bounce",
] as const;
export type InboundStatus = (typeof INBOUND_STATUSES)[number];
export const INBOUND_STATUS_LABELS: Record<InboundStatus, string> = {
  matched: "Resposta no atendimento",
  created: "Novo atendimento",
  triage: "Aguardando triagem",
  too_large: "Muito grande",
  linked: "Vinculado a um cliente",
  discarded: "Descartado",
  ignored: "Automático (ignorado)",
  bounce: "Falha de entrega",
};

export const inboundListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  /** pending: what waits for staff (triage, muito grande); all: every message read */
  view: z.enum(["pending", "all"], { error: "Visão inválida" }).default("pending"),
});

export interface InboundEmailDto {
  id: string;
  status: InboundStatus;
  from: { address: string; name: string };
  subject: string;
  sentAt: string | null;
  receivedAt: string;
  note: string | null;
  /** the reply without quotes (what went or would go to the chat) */
  text: string;
  sizeBytes: number;
  /** the original .eml can be downloaded (GET /api/inbound/:id/original) */
  hasOriginal: boolean;
  headers: [string, string][];
  ticket: { id: string; protocol: string } | null;
  client: { id: string; name: string } | null;
  /** triage actions */
  canLink: boolean;
}

export const inboundLinkSchema = z.object({ clientId: idSchema });
export const inboundOriginalPath = (id: string) => `/api/inbound/${id}/original`;
