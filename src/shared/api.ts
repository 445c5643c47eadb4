/**
 * The API contract: one Zod schema per request, shared by the React forms and the Fastify routes.
 * Messages are pt-BR because they are shown to people beside the field.
 */
import { z } from "zod";
import { isValidCNPJ, isValidCPF, normalizeDocument } from "./documents.js";
import { MAX_AMOUNT_CENTS } from "./money.js";
import { TICKET_STATUSES } from "./status.js";

// pt-BR messages for every Zod issue that has no message of its own, on the server and in the browser
z.config(z.locales.pt());

const text = (label: string, max: number) =>
  z
    .string({ error: `Informe ${label}` })
    .trim()
    .min(1, `Informe ${label}`)
    .max(max, `${capitalize(label)} deve ter no máximo ${max} caracteres`);

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${capitalize(label)} deve ter no máximo ${max} caracteres`)
    .optional()
    .nullable()
    .transform((v) => (v ? v : null));

function capitalize(s: string): string {
  const w = s.replace(/^(o|a|os|as) /, "");
  return w.charAt(0).toUpperCase() + w.slice(1);
}

export const emailSchema = z
  .string({ error: "Informe o e-mail" })
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

export const phoneSchema = z
  .string()
  .trim()
  .max(30, "Telefone deve ter no máximo 30 caracteres")
  .regex(/^[0-9()+\-\s.]*$/, "Telefone inválido")
  .optional()
  .nullable()
  .transform((v) => (v ? v : null));

export const cpfSchema = z
  .string({ error: "Informe o CPF" })
  .transform(normalizeDocument)
  .refine(isValidCPF, "CPF inválido");

export const clientDocumentSchema = z
  .string({ error: "Informe o CNPJ ou CPF" })
  .transform(normalizeDocument)
  .refine((s) => (s.length === 11 ? isValidCPF(s) : s.length === 14 ? isValidCNPJ(s) : false), {
    error: "CNPJ ou CPF inválido",
  });

// ---------- auth ----------

export const loginSchema = z.object({
  email: emailSchema,
  password: z.string({ error: "Informe a senha" }).min(1, "Informe a senha").max(200, "Senha muito longa"),
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
}
export interface SessionInfo {
  user: Me;
  csrfToken: string;
}

// ---------- lists ----------

export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  q: z.string().trim().max(200, "Busca muito longa").optional(),
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

export const passwordSchema = z
  .string()
  .min(8, "A senha deve ter pelo menos 8 caracteres")
  .max(200, "A senha deve ter no máximo 200 caracteres");

export const userCreateSchema = z.object({
  name: text("o nome", 120),
  email: emailSchema,
  role: z.enum(ROLES, { error: "Perfil inválido" }),
  password: passwordSchema,
  active: z.boolean().default(true),
});
export const userUpdateSchema = z.object({
  name: text("o nome", 120),
  email: emailSchema,
  role: z.enum(ROLES, { error: "Perfil inválido" }),
  password: passwordSchema.optional().or(z.literal("").transform(() => undefined)),
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

export const clientSchema = z.object({
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
  active: z.boolean().default(true),
});
export type ClientInput = z.input<typeof clientSchema>;
export interface ClientDto {
  id: string;
  name: string;
  tradeName: string | null;
  document: string;
  documentType: "cpf" | "cnpj";
  emails: string[];
  phone: string | null;
  defaultAccountant: { id: string; name: string; crc: string } | null;
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
  description: z
    .string()
    .trim()
    .max(10_000, "Descrição deve ter no máximo 10000 caracteres")
    .optional()
    .default(""),
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

const dateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Data inválida (use AAAA-MM-DD)");

export const ticketListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  sort: z.enum(TICKET_SORTS, { error: "Ordenação inválida" }).default("createdAt"),
  order: z.enum(["asc", "desc"]).default("desc"),
  q: z.string().trim().max(200, "Busca muito longa").optional(),
  /** comma-separated statuses */
  status: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(",").filter(Boolean) : []))
    .pipe(z.array(ticketStatusSchema)),
  assigneeId: idSchema.optional(),
  requesterId: idSchema.optional(),
  serviceId: idSchema.optional(),
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
  service: { id: string; name: string };
  amountCents: number;
  status: (typeof TICKET_STATUSES)[number];
  createdAt: string;
  updatedAt: string;
  version: number;
  actions: TicketActions;
}

export interface TicketDetail extends TicketRow {
  description: string;
  accountant: { id: string; name: string; crc: string } | null;
  createdBy: { id: string; name: string };
}

export interface HistoryChange {
  field: string;
  label: string;
  from: string | null;
  to: string | null;
}
export interface HistoryEvent {
  id: string;
  type: "created" | "updated" | "status_changed" | "reopened";
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
