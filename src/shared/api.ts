/**
 * The API contract: one Zod schema per request, shared by the React forms and the Fastify routes.
 * Messages are pt-BR because they are shown to people beside the field.
 */
import { z } from "zod";
import { isUf, TAX_REGIMES, type TaxRegime, UF_IBGE } from "./brazil.js";
import { dateOnly } from "./dates.js";
import { isValidCNPJ, isValidCPF, normalizeDocument } from "./documents.js";
import {
  DEBT_STATUSES,
  type DebtStatus,
  MAX_INSTALLMENTS,
  PAYMENT_METHODS,
  type PaymentMethod,
} from "./finance.js";
import { MAX_AMOUNT_CENTS } from "./money.js";
import { normalizePixKey, type PixKeyType } from "./pix.js";
import { TICKET_STATUSES } from "./status.js";
import { fieldLabel, multiLineString, secretString, singleLineString } from "./text.js";

/** The calendar-day rule (bounded, real days) lives in shared/dates.ts; re-exported for the forms. */
export { dateOnly };

// pt-BR messages for every Zod issue that has no message of its own, on the server and in the browser
z.config(z.locales.pt());

// Every string below is built on shared/text.ts: lone surrogates and control characters are refused
// (400 with a message beside the field), line breaks of single-line fields become a space.

const capitalize = fieldLabel;

/** A required single-line text (names, subjects, settings). */
const text = (label: string, max: number) =>
  singleLineString(label, { error: `Informe ${label}` })
    .trim()
    .min(1, `Informe ${label}`)
    .max(max, `${capitalize(label)} deve ter no máximo ${max} caracteres`);

/** An optional single-line text: empty becomes null. */
const optionalText = (label: string, max: number) =>
  singleLineString(label)
    .trim()
    .max(max, `${capitalize(label)} deve ter no máximo ${max} caracteres`)
    .optional()
    .nullable()
    .transform((v) => (v ? v : null));

/** A multi-line text (descriptions, chat messages, notes): keeps its line breaks (as "\n"). */
const longText = (label: string, max: number) =>
  multiLineString(label, { error: `Informe ${label}` })
    .trim()
    .max(max, `${capitalize(label)} deve ter no máximo ${max} caracteres`);

/** A search box: one line, at most 200 characters. */
export const searchSchema = singleLineString("a busca").trim().max(200, "Busca muito longa").optional();

export const emailSchema = singleLineString("o e-mail", { error: "Informe o e-mail" })
  .trim()
  .toLowerCase()
  .max(254, "E-mail deve ter no máximo 254 caracteres")
  .pipe(z.email("E-mail inválido"));

export const idSchema = z.uuid("Identificador inválido");

export const centsSchema = z
  .number({ error: "Informe um valor numérico" })
  .int("O valor deve estar em centavos inteiros")
  .min(0, "O valor não pode ser negativo")
  .max(MAX_AMOUNT_CENTS, "Valor acima do permitido");

export const phoneSchema = singleLineString("o telefone")
  .trim()
  .max(30, "Telefone deve ter no máximo 30 caracteres")
  .regex(/^[0-9()+\-\s.]*$/, "Telefone inválido")
  .optional()
  .nullable()
  .transform((v) => (v ? v : null));

export const cpfSchema = singleLineString("o CPF", { error: "Informe o CPF" })
  .transform(normalizeDocument)
  .refine(isValidCPF, "CPF inválido");

export const clientDocumentSchema = singleLineString("o CNPJ ou CPF", { error: "Informe o CNPJ ou CPF" })
  .transform(normalizeDocument)
  .refine((s) => (s.length === 11 ? isValidCPF(s) : s.length === 14 ? isValidCNPJ(s) : false), {
    error: "CNPJ ou CPF inválido",
  });

// ---------- auth ----------

export const loginSchema = z.object({
  email: emailSchema,
  password: secretString("a senha", { error: "Informe a senha" })
    .min(1, "Informe a senha")
    .max(200, "Senha muito longa"),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const ROLES = ["admin", "staff", "client"] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  admin: "Administrador",
  staff: "Equipe do escritório",
  client: "Usuário do cliente",
};

export interface Me {
  id: string;
  name: string;
  email: string;
  role: Role;
  office: { id: string; name: string };
  /** the office requires two-factor authentication and this person has not turned it on yet: until
   * they do, only the account pages answer */
  twoFactorSetupRequired: boolean;
}
export interface SessionInfo {
  user: Me;
  csrfToken: string;
}

/** GET /api/auth/me: the session, or no user when signed out (200 either way). */
export type SessionState = SessionInfo | { user: null; csrfToken: null };

// ---------- lists ----------

export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  q: searchSchema,
  active: z.enum(["true", "false", "all"]).default("all"),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

// ---------- users ----------

export const passwordSchema = secretString("a senha", { error: "Informe a senha" })
  .min(8, "A senha deve ter pelo menos 8 caracteres")
  .max(200, "A senha deve ter no máximo 200 caracteres");

/**
 * A password that may be left empty (absent or ""): kept out of a union so that a refused password
 * answers with its own message ("A senha deve ter pelo menos 8 caracteres"), not "Entrada inválida".
 */
const optionalPasswordSchema = secretString("a senha")
  .refine((s) => s === "" || s.length >= 8, "A senha deve ter pelo menos 8 caracteres")
  .max(200, "A senha deve ter no máximo 200 caracteres")
  .optional()
  .transform((v) => v || undefined);

export const userCreateSchema = z.object({
  name: text("o nome", 120),
  email: emailSchema,
  role: z.enum(ROLES, { error: "Perfil inválido" }),
  /** optional: without it the person sets their own through an invitation link */
  password: optionalPasswordSchema,
  active: z.boolean().default(true),
});
export const userUpdateSchema = z.object({
  name: text("o nome", 120),
  email: emailSchema,
  role: z.enum(ROLES, { error: "Perfil inválido" }),
  password: optionalPasswordSchema,
  active: z.boolean(),
});
export type UserCreateInput = z.input<typeof userCreateSchema>;
export type UserUpdateInput = z.input<typeof userUpdateSchema>;
export interface UserDto {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  createdAt: string;
  /** client users: the client companies they are linked to */
  clients: Option[];
  /** false until the person has a password (set by the admin or through the invitation) */
  hasPassword: boolean;
  /** Verificação em duas etapas turned on (an admin can reset it when the person lost the phone) */
  twoFactorEnabled: boolean;
}
export interface Option {
  id: string;
  name: string;
}

// ---------- accountants ----------

export const accountantSchema = z.object({
  name: text("o nome", 120),
  crc: text("o CRC", 30).transform((s) => s.toUpperCase()),
  cpf: cpfSchema,
  email: emailSchema,
  phone: phoneSchema,
  active: z.boolean().default(true),
});
export type AccountantInput = z.input<typeof accountantSchema>;
export interface AccountantDto {
  id: string;
  name: string;
  crc: string;
  cpf: string;
  email: string;
  phone: string | null;
  active: boolean;
}

// ---------- services ----------

export const serviceSchema = z.object({
  name: text("o nome", 120),
  priceCents: centsSchema,
  active: z.boolean().default(true),
});
export type ServiceInput = z.input<typeof serviceSchema>;
export interface ServiceDto {
  id: string;
  name: string;
  priceCents: number;
  active: boolean;
}

// ---------- clients ----------

export const taxRegimeSchema = z
  .enum(TAX_REGIMES, { error: "Regime tributário inválido" })
  .nullable()
  .optional()
  .transform((v) => v ?? null);

/** one of the 27 UFs; lower case is accepted */
export const ufSchema = singleLineString("a UF")
  .trim()
  .toUpperCase()
  .refine((s) => s === "" || isUf(s), "UF inválida")
  .nullable()
  .optional()
  .transform((v) => (v ? v : null));

/** the municipality's IBGE code: 7 digits */
export const ibgeCodeSchema = singleLineString("o código IBGE")
  .trim()
  .refine((s) => s === "" || /^\d{7}$/.test(s), "O código IBGE do município tem 7 dígitos")
  .nullable()
  .optional()
  .transform((v) => (v ? v : null));

/**
 * A municipality's IBGE code starts with its state's code (35… is SP): the code needs the UF and
 * must match it; its name is required with it.
 */
export function cityRule(
  c: { uf: string | null; cityIbgeCode: string | null; cityName: string | null },
  ctx: z.RefinementCtx,
) {
  if (!c.cityIbgeCode) return;
  if (!c.uf) {
    ctx.addIssue({ code: "custom", path: ["uf"], message: "Informe a UF do município" });
    return;
  }
  if (c.cityIbgeCode.slice(0, 2) !== UF_IBGE[c.uf]) {
    ctx.addIssue({
      code: "custom",
      path: ["cityIbgeCode"],
      message: `O código IBGE não é de um município de ${c.uf} (os de ${c.uf} começam com ${UF_IBGE[c.uf]})`,
    });
  }
  if (!c.cityName)
    ctx.addIssue({ code: "custom", path: ["cityName"], message: "Informe o nome do município" });
}

export const clientSchema = z
  .object({
    name: text("o nome ou razão social", 200),
    tradeName: optionalText("o nome fantasia", 200),
    document: clientDocumentSchema,
    emails: z
      .array(emailSchema, { error: "Lista de e-mails inválida" })
      .max(10, "Informe no máximo 10 e-mails")
      .default([]),
    phone: phoneSchema,
    defaultAccountantId: idSchema
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    taxRegime: taxRegimeSchema,
    uf: ufSchema,
    cityIbgeCode: ibgeCodeSchema,
    cityName: optionalText("o município", 120),
    active: z.boolean().default(true),
  })
  .superRefine((c, ctx) => cityRule(c, ctx));
export type ClientInput = z.input<typeof clientSchema>;
export interface ClientDto {
  id: string;
  name: string;
  tradeName: string | null;
  document: string;
  documentType: "cpf" | "cnpj";
  emails: string[];
  /** addresses whose e-mails came back (bounce): the reason and when */
  failingEmails: { address: string; reason: string; failedAt: string }[];
  phone: string | null;
  defaultAccountant: { id: string; name: string; crc: string } | null;
  taxRegime: TaxRegime | null;
  uf: string | null;
  cityIbgeCode: string | null;
  cityName: string | null;
  active: boolean;
}

// ---------- tickets (atendimentos) ----------

export const ticketStatusSchema = z.enum(TICKET_STATUSES, { error: "Status inválido" });

export const ticketInputSchema = z.object({
  requesterId: idSchema.describe("Solicitante (cliente)"),
  serviceId: idSchema.describe("Serviço"),
  accountantId: idSchema
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  assigneeId: idSchema.describe("Responsável (usuário do escritório)"),
  subject: text("o assunto", 200),
  description: longText("a descrição", 10_000).optional().default(""),
  amountCents: centsSchema,
});
export type TicketInput = z.input<typeof ticketInputSchema>;

export const ticketUpdateSchema = ticketInputSchema.extend({
  version: z.number().int().min(1),
});
export type TicketUpdateInput = z.input<typeof ticketUpdateSchema>;

export const statusChangeSchema = z.object({
  status: ticketStatusSchema,
  version: z.number().int().min(1),
});
export const reopenSchema = z.object({ version: z.number().int().min(1) });

/** the most atendimentos one bulk action may touch */
export const BULK_MAX_ITEMS = 100;

/**
 * POST /api/tickets/bulk: one action for the atendimentos selected in the grid. Each item runs in
 * its own transaction through the single-atendimento command (status, edit of the responsável,
 * Notificar), so one failure never undoes or blocks the others.
 */
export const bulkActionSchema = z
  .object({
    action: z.enum(["status", "assignee", "notify"], { error: "Ação inválida" }),
    status: ticketStatusSchema.optional(),
    assigneeId: idSchema.optional(),
    items: z
      .array(z.object({ id: idSchema, version: z.number().int().min(1) }), {
        error: "Selecione atendimentos",
      })
      .min(1, { error: "Selecione ao menos um atendimento." })
      .max(BULK_MAX_ITEMS, { error: `Selecione no máximo ${BULK_MAX_ITEMS} atendimentos por vez.` }),
  })
  .superRefine((v, ctx) => {
    if (v.action === "status" && !v.status)
      ctx.addIssue({ code: "custom", path: ["status"], message: "Escolha o novo status." });
    if (v.action === "assignee" && !v.assigneeId)
      ctx.addIssue({ code: "custom", path: ["assigneeId"], message: "Escolha o responsável." });
    if (new Set(v.items.map((i) => i.id)).size !== v.items.length)
      ctx.addIssue({ code: "custom", path: ["items"], message: "Um atendimento aparece mais de uma vez." });
  });
export type BulkActionInput = z.input<typeof bulkActionSchema>;

export type BulkItemResult =
  | { id: string; ok: true; ticket: TicketRow }
  | { id: string; ok: false; error: { code: string; message: string } };
export interface BulkResult {
  results: BulkItemResult[];
}

export const TICKET_SORTS = [
  "protocol",
  "requester",
  "subject",
  "assignee",
  "createdAt",
  "updatedAt",
  "amount",
  "service",
  "status",
] as const;
export type TicketSort = (typeof TICKET_SORTS)[number];

export const ticketListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  sort: z.enum(TICKET_SORTS, { error: "Ordenação inválida" }).default("createdAt"),
  order: z.enum(["asc", "desc"]).default("desc"),
  q: searchSchema,
  /** comma-separated statuses */
  status: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(",").filter(Boolean) : []))
    .pipe(z.array(ticketStatusSchema)),
  assigneeId: idSchema.optional(),
  requesterId: idSchema.optional(),
  serviceId: idSchema.optional(),
  /** an end before the start finds nothing (tickets-list.api.test.ts); out-of-range days are a 400 */
  openedFrom: dateOnly.optional(),
  openedTo: dateOnly.optional(),
});
export type TicketListQuery = z.input<typeof ticketListQuerySchema>;

export interface TicketActions {
  edit: boolean;
  reopen: boolean;
  notify: boolean;
  message: boolean;
  move: boolean;
  /** statuses the status button may move to (empty when closed) */
  changeStatus: (typeof TICKET_STATUSES)[number][];
}

export interface TicketRow {
  id: string;
  protocol: string;
  requester: { id: string; name: string };
  subject: string;
  assignee: { id: string; name: string } | null;
  /** null for a request opened in the client portal, until the office chooses the service */
  service: { id: string; name: string } | null;
  amountCents: number;
  /** balance still owed on the debts posted from it (Movimentar); 0 when none is open */
  openDebtCents: number;
  status: (typeof TICKET_STATUSES)[number];
  createdAt: string;
  updatedAt: string;
  version: number;
  actions: TicketActions;
}

export interface TicketDetail extends TicketRow {
  description: string;
  accountant: { id: string; name: string; crc: string } | null;
  /** id null: opened by an e-mail of the client ("E-mail do cliente") */
  createdBy: { id: string | null; name: string };
}

export interface HistoryChange {
  field: string;
  label: string;
  from: string | null;
  to: string | null;
}
export interface HistoryEvent {
  id: string;
  type:
    | "created"
    | "updated"
    | "status_changed"
    | "reopened"
    | "notified"
    | "email"
    | "attachment_added"
    | "attachment_removed"
    | "message"
    | "debt_posted";
  actor: { id: string; name: string } | null;
  createdAt: string;
  changes: HistoryChange[];
}

// ---------- errors ----------

export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    /** field path → pt-BR message, for validation errors */
    fields?: Record<string, string>;
  };
}

// ---------- e-mail (settings, outbox) ----------

export const SMTP_SECURITY = ["none", "starttls", "tls"] as const;
export const SMTP_SECURITY_LABELS: Record<(typeof SMTP_SECURITY)[number], string> = {
  none: "Sem criptografia",
  starttls: "STARTTLS",
  tls: "SSL/TLS",
};

export const mailSettingsSchema = z.object({
  host: text("o servidor SMTP", 253).regex(/^[A-Za-z0-9.-]+$/, "Servidor SMTP inválido"),
  port: z
    .number({ error: "Informe a porta" })
    .int("Porta inválida")
    .min(1, "Porta inválida")
    .max(65535, "Porta inválida"),
  security: z.enum(SMTP_SECURITY, { error: "Segurança inválida" }),
  username: optionalText("o usuário", 254),
  /** empty or absent: keep the stored password; null: remove it */
  password: secretString("a senha").max(500, "Senha muito longa").optional().nullable(),
  fromName: text("o nome do remetente", 120),
  fromAddress: emailSchema,
});
export type MailSettingsInput = z.input<typeof mailSettingsSchema>;
export interface MailSettingsDto {
  configured: boolean;
  host: string;
  port: number;
  security: (typeof SMTP_SECURITY)[number];
  username: string | null;
  hasPassword: boolean;
  fromName: string;
  fromAddress: string;
}
export const testEmailSchema = z.object({ to: emailSchema });

export const EMAIL_STATES = [
  "queued",
  "sending",
  "sent",
  "retrying",
  "failed",
  "not_configured",
  "no_recipient",
] as const;
export type EmailState = (typeof EMAIL_STATES)[number];
export const EMAIL_STATE_LABELS: Record<EmailState, string> = {
  queued: "Na fila",
  sending: "Enviando",
  sent: "Enviado",
  retrying: "Nova tentativa automática",
  failed: "Não enviado",
  not_configured: "Não enviado: SMTP não configurado",
  no_recipient: "Não enviado: cliente sem e-mail",
};

/** What the person who changed a status is told about the e-mail it caused. */
export interface EmailOutcome {
  id: string;
  state: EmailState;
  to: string[];
  /** pt-BR sentence for the second message of the help page */
  message: string;
  ok: boolean;
  error: string | null;
}

export interface EmailDto {
  id: string;
  kind:
    | "status_changed"
    | "ticket_notice"
    | "test"
    | "invitation"
    | "message_digest"
    | "collection"
    | "collection_reminder"
    | "signup_confirmation"
    | "signup_existing"
    | "password_reset"
    | "inbound_ack";
  ticket: { id: string; protocol: string } | null;
  /** the debt of a cobrança or reminder */
  debt: { id: string; description: string } | null;
  to: string[];
  /** recipients whose e-mails came back (bounce) */
  failingRecipients: string[];
  subject: string;
  state: EmailState;
  attempts: number;
  lastError: string | null;
  /** while "retrying": when the next automatic attempt is due */
  nextAttemptAt: string | null;
  createdAt: string;
  sentAt: string | null;
  canResend: boolean;
}
export interface EmailDetailDto extends EmailDto {
  text: string;
}

export const emailListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  state: z.enum(EMAIL_STATES, { error: "Situação inválida" }).optional(),
});

/** A status change, Reabrir or Notificar answers with the atendimento and the e-mail outcome. */
export interface TicketWithEmail extends TicketDetail {
  email: EmailOutcome | null;
}

// ---------- attachments (anexos) ----------
// Owned by the attachments module (src/server/modules/attachments).

/** The multipart field that carries the files of an upload (one or more). */
export const ATTACHMENT_UPLOAD_FIELD = "files";

/** GET /api/config/limits: shown before an upload, enforced by the server. */
export interface UploadLimits {
  maxFileBytes: number;
  maxFilesPerRequest: number;
  maxRequestBytes: number;
}

export interface AttachmentActions {
  /** remove the file (not on a closed atendimento) */
  delete: boolean;
}

export interface AttachmentDto {
  id: string;
  /** the normalised name the file is stored and downloaded under */
  name: string;
  sizeBytes: number;
  /** detected from the content; HTML and SVG are always application/octet-stream */
  mime: string;
  /** id null: the file came with a client's e-mail */
  uploadedBy: { id: string | null; name: string };
  createdAt: string;
  actions: AttachmentActions;
}

/** POST /api/tickets/:id/messages/files: the files sent in the chat and the message announcing them. */
export interface ChatFilesResult {
  attachments: AttachmentDto[];
  message: MessageDto;
}

/** Where a file downloads from (always as an attachment, never shown inline). */
export const attachmentDownloadPath = (id: string) => `/api/attachments/${id}/download`;

// ---------- client portal, chat and real time (issue 4) ----------

/** Client users are linked to one or more client companies of the office. */
export const clientUserLinksSchema = z.object({
  clientIds: z.array(idSchema).max(50, "No máximo 50 clientes").default([]),
});

export const invitationAcceptSchema = z.object({ password: passwordSchema });
export interface InvitationInfo {
  name: string;
  email: string;
  officeName: string;
  expiresAt: string;
}

export interface PortalCompany {
  id: string;
  name: string;
}

export const portalTicketCreateSchema = z.object({
  clientId: idSchema,
  subject: text("o assunto", 200),
  description: longText("a descrição", 10_000).default(""),
});
export type PortalTicketCreateInput = z.input<typeof portalTicketCreateSchema>;

export const portalListQuerySchema = z.object({
  clientId: idSchema.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** What a client user sees of an atendimento: no values, no internal data. */
export interface PortalTicket {
  id: string;
  protocol: string;
  client: { id: string; name: string };
  subject: string;
  description: string;
  status: (typeof TICKET_STATUSES)[number];
  service: string | null;
  assignee: string | null;
  createdAt: string;
  updatedAt: string;
  unreadMessages: number;
}

export const messageCreateSchema = z.object({
  body: multiLineString("a mensagem", { error: "Escreva a mensagem" })
    .trim()
    .min(1, "Escreva a mensagem")
    .max(5000, "A mensagem deve ter no máximo 5000 caracteres"),
  /** staff only: an internal note that client users never receive */
  internal: z.boolean().default(false),
});
export type MessageCreateInput = z.input<typeof messageCreateSchema>;

export interface MessageDto {
  id: string;
  ticketId: string;
  /** id null: a client's e-mail from an address that is not a user */
  author: { id: string | null; name: string; side: "office" | "client" };
  body: string;
  /** the message arrived by e-mail: the original (.eml) at /api/inbound/:id/original (staff) */
  inboundEmailId: string | null;
  internal: boolean;
  createdAt: string;
  /** read by someone of the other side (client users for office messages, office for client ones) */
  read: boolean;
}

/** Websocket /api/ws — what the browser sends */
export type WsClientMessage =
  | {
      type: "subscribe";
      ticketId: string /** ISO time of the last message seen, to recover missed ones */;
      since?: string;
    }
  | { type: "unsubscribe"; ticketId: string }
  | { type: "ping" };

/** Websocket /api/ws — what the server sends */
export type WsServerMessage =
  | { type: "message"; ticketId: string; message: MessageDto }
  | {
      type: "ticket";
      ticketId: string /** something of the atendimento changed: refetch it */;
      reason: string;
    }
  | { type: "read"; ticketId: string; side: "office" | "client"; at: string }
  | { type: "presence"; ticketId: string; viewers: { id: string; name: string }[] }
  | { type: "subscribed"; ticketId: string }
  | { type: "error"; code: string; message: string; ticketId?: string }
  | { type: "pong" };

// ---------- cobrança de débitos (issue 5) ----------
// Rules (installments, multa/juros, shown status) live in shared/finance.ts; the PIX BR Code in
// shared/pix.ts. Routes: staff under /api/finance/*, Movimentar at POST /api/tickets/:id/debts,
// client users at /api/portal/debts (+ the pix and receipt routes of their own debts).

/** An amount that must be above zero: a negative one gets the same words as zero. */
const positiveCents = z
  .number({ error: "Informe um valor numérico" })
  .int("O valor deve estar em centavos inteiros")
  .min(1, "O valor deve ser maior que zero")
  .max(MAX_AMOUNT_CENTS, "Valor acima do permitido");

export const debtCategorySchema = z.object({
  name: text("o nome", 80),
  active: z.boolean().default(true),
});
export type DebtCategoryInput = z.input<typeof debtCategorySchema>;
export interface DebtCategoryDto {
  id: string;
  name: string;
  active: boolean;
}

export const financeSettingsSchema = z.object({
  /** empty or null: no PIX key (the cobrança e-mail cannot be sent) */
  pixKey: singleLineString("a chave PIX")
    .trim()
    .max(100, "Chave PIX muito longa")
    .optional()
    .nullable()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || normalizePixKey(v) !== null, {
      error: "Chave PIX inválida (CPF, CNPJ, e-mail, celular com +55 ou chave aleatória)",
    }),
  pixMerchantName: optionalText("o nome do recebedor", 60),
  pixMerchantCity: optionalText("a cidade do recebedor", 40),
  /** multa em pontos-base: 200 = 2% */
  lateFeeBp: z
    .number({ error: "Informe a multa" })
    .int("Multa inválida")
    .min(0, "A multa não pode ser negativa")
    .max(2000, "Multa acima de 20%"),
  /** juros ao mês em pontos-base: 100 = 1% a.m. */
  monthlyInterestBp: z
    .number({ error: "Informe os juros" })
    .int("Juros inválidos")
    .min(0, "Os juros não podem ser negativos")
    .max(1000, "Juros acima de 10% ao mês"),
  remindersEnabled: z.boolean().default(true),
  /** days relative to the due date: negative before, positive after */
  reminderOffsets: z
    .array(
      z
        .number({ error: "Informe os dias" })
        .int("Dias inválidos")
        .min(-30, "No máximo 30 dias antes do vencimento")
        .max(90, "No máximo 90 dias depois do vencimento"),
    )
    .max(6, "No máximo 6 lembretes")
    .default([])
    .refine((a) => new Set(a).size === a.length, "Dias repetidos na régua de cobrança")
    .transform((a) => [...a].sort((x, y) => x - y)),
});
export type FinanceSettingsInput = z.input<typeof financeSettingsSchema>;
export interface FinanceSettingsDto {
  pixKey: string | null;
  pixKeyType: PixKeyType | null;
  /** as stored (what the office typed); the BR Code carries pixText(name, 25) */
  pixMerchantName: string | null;
  pixMerchantCity: string | null;
  /** key, name and city are all set: cobranças can carry a PIX code */
  pixConfigured: boolean;
  lateFeeBp: number;
  monthlyInterestBp: number;
  remindersEnabled: boolean;
  reminderOffsets: number[];
}

/** Movimentar: post the atendimento's value (or another) as the Solicitante's debt. */
export const movimentarSchema = z.object({
  amountCents: positiveCents,
  /** first due date; the next installments fall monthly on the same day */
  dueDate: dateOnly,
  categoryId: idSchema.describe("Categoria"),
  description: text("a descrição", 200),
  installments: z
    .number({ error: "Informe o número de parcelas" })
    .int("Número de parcelas inválido")
    .min(1, "Informe pelo menos 1 parcela")
    .max(MAX_INSTALLMENTS, `No máximo ${MAX_INSTALLMENTS} parcelas`)
    .default(1),
});
export type MovimentarInput = z.input<typeof movimentarSchema>;
/** What Movimentar answers: the debts posted (one per installment) and the atendimento after it. */
export interface MovimentarResult {
  debts: DebtDto[];
  ticket: TicketDetail;
}

export interface DebtActions {
  /** Baixa: register a payment */
  pay: boolean;
  cancel: boolean;
  /** send the cobrança e-mail */
  collect: boolean;
  /** download the recibo (paid debts) */
  receipt: boolean;
}

export interface DebtDto {
  id: string;
  client: { id: string; name: string };
  ticket: { id: string; protocol: string } | null;
  category: { id: string; name: string };
  description: string;
  installmentNumber: number;
  installmentCount: number;
  amountCents: number;
  /** principal settled */
  paidCents: number;
  /** principal still owed (amount − paid; 0 when cancelled) */
  balanceCents: number;
  dueDate: string;
  status: DebtStatus;
  txid: string;
  createdAt: string;
  actions: DebtActions;
}

/** What settles the balance on a day: principal + multa + juros. */
export interface ChargeQuote {
  on: string;
  daysLate: number;
  principalCents: number;
  lateFeeCents: number;
  interestCents: number;
  totalCents: number;
}

export interface PaymentDto {
  id: string;
  amountCents: number;
  principalCents: number;
  lateFeeCents: number;
  interestCents: number;
  paidOn: string;
  method: PaymentMethod;
  note: string | null;
  /** 2026/000012 */
  receiptNumber: string;
  createdAt: string;
  createdBy: { id: string; name: string } | null;
  reversal: { at: string; by: { id: string; name: string } | null; reason: string } | null;
  actions: { reverse: boolean };
}

export interface DebtEventDto {
  id: string;
  type: "created" | "payment" | "reversal" | "cancelled" | "collection" | "reminder" | "email";
  summary: string;
  actor: { id: string; name: string } | null;
  createdAt: string;
}

export interface DebtDetail extends DebtDto {
  cancelReason: string | null;
  payments: PaymentDto[];
  events: DebtEventDto[];
  /** to settle today (null when nothing is owed) */
  quote: ChargeQuote | null;
}

export const debtListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  clientId: idSchema.optional(),
  ticketId: idSchema.optional(),
  /** comma-separated shown statuses */
  status: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(",").filter(Boolean) : []))
    .pipe(z.array(z.enum(DEBT_STATUSES, { error: "Status inválido" }))),
  dueFrom: dateOnly.optional(),
  dueTo: dateOnly.optional(),
  /** description or client name */
  q: searchSchema,
  sort: z
    .enum(["dueDate", "amount", "client", "createdAt"], { error: "Ordenação inválida" })
    .default("dueDate"),
  order: z.enum(["asc", "desc"]).default("asc"),
});
export type DebtListQuery = z.input<typeof debtListQuerySchema>;

export interface DebtTotals {
  count: number;
  amountCents: number;
  paidCents: number;
  balanceCents: number;
}
export interface DebtPage extends Page<DebtDto> {
  /** over every debt that matches the filters, not only this page */
  totals: DebtTotals;
}

export const paymentSchema = z.object({
  /** what was received, principal + multa + juros */
  amountCents: positiveCents,
  paidOn: dateOnly,
  method: z.enum(PAYMENT_METHODS, { error: "Forma de pagamento inválida" }),
  note: longText("a observação", 500)
    .optional()
    .nullable()
    .transform((v) => (v ? v : null)),
  /** dispensar multa e juros */
  waiveCharges: z.boolean().default(false),
});
export type PaymentInput = z.input<typeof paymentSchema>;

export const reasonSchema = z.object({
  reason: longText("o motivo", 500).min(1, "Informe o motivo"),
});

export const quoteQuerySchema = z.object({ on: dateOnly.optional() });

/** The cobrança e-mail answers with the debt and the e-mail outcome, like a status change. */
export interface CollectionResult {
  debt: DebtDetail;
  email: EmailOutcome;
}

/** The PIX code of a debt's balance (with multa/juros of today when overdue). */
export interface PixCharge {
  payload: string;
  /** data:image/png;base64,… of the QR code */
  qrCodeDataUrl: string;
  amountCents: number;
  txid: string;
  receiverName: string;
  receiverCity: string;
}

export const statementQuerySchema = z.object({ from: dateOnly.optional(), to: dateOnly.optional() });

export interface StatementEntry {
  date: string;
  kind: "debt" | "charges" | "payment" | "reversal" | "cancellation";
  description: string;
  debtId: string;
  /** increases what the client owes */
  debitCents: number;
  /** decreases it */
  creditCents: number;
  /** after this entry */
  balanceCents: number;
}

/** Extrato do cliente: what they owe over time, with the running balance. */
export interface StatementDto {
  client: { id: string; name: string; document: string };
  from: string | null;
  to: string | null;
  openingBalanceCents: number;
  entries: StatementEntry[];
  closingBalanceCents: number;
  totals: { debitCents: number; creditCents: number };
}

export const portalDebtQuerySchema = z.object({ clientId: idSchema.optional() });

/** A debt as its client sees it in the portal. */
export interface PortalDebt {
  id: string;
  client: { id: string; name: string };
  description: string;
  installmentNumber: number;
  installmentCount: number;
  amountCents: number;
  balanceCents: number;
  dueDate: string;
  status: DebtStatus;
  /** to pay today, with multa/juros when overdue; 0 when paid or cancelled */
  totalDueCents: number;
  /** last payment day, for a paid debt */
  paidOn: string | null;
  /** a PIX code can be shown (open balance and the office configured PIX) */
  pixAvailable: boolean;
  /** the recibo de quitação (paid debts) */
  receiptAvailable: boolean;
  /** the recibo of each payment that was not reversed, oldest first (partial payments too) */
  receipts: PortalReceipt[];
}

export interface PortalReceipt {
  paymentId: string;
  /** 2026/000012 */
  receiptNumber: string;
  paidOn: string;
  amountCents: number;
}

/**
 * What the client owes, split on the office's day (America/Sao_Paulo): debts due on or before today
 * (what settles them today, multa and juros included) and the installments due later (their balance).
 */
export interface PortalDebtTotals {
  dueNowCents: number;
  dueNowCount: number;
  /** of dueNowCount, the ones past their due date */
  overdueCount: number;
  upcomingCents: number;
  upcomingCount: number;
}

export interface PortalDebtList {
  items: PortalDebt[];
  totals: PortalDebtTotals;
}

/** Where the recibo de quitação of a paid debt downloads from (PDF). */
export const debtReceiptPath = (debtId: string) => `/api/finance/debts/${debtId}/receipt`;
/** Where the recibo of one payment downloads from (PDF): staff and the client users of the debt's company. */
export const paymentReceiptPath = (debtId: string, paymentId: string) =>
  `/api/finance/debts/${debtId}/payments/${paymentId}/receipt`;
