/**
 * Office sign-up (Criar conta do escritório) and the onboarding checklist: the API contract shared by
 * the form at /cadastro and the routes in modules/signup and modules/onboarding.
 */
import { z } from "zod";
import { clientDocumentSchema, emailSchema, passwordSchema } from "./api.js";
import { singleLineString } from "./text.js";

const name = (label: string, max: number) =>
  singleLineString(label, { error: `Informe ${label}` })
    .trim()
    .min(1, `Informe ${label}`)
    .max(max, `Máximo de ${max} caracteres`);

export const signupSchema = z.object({
  /** razão social (or the name of a person who works as an accountant on their own CPF) */
  officeName: name("a razão social", 200),
  /** CNPJ (also alphanumeric) or CPF */
  document: clientDocumentSchema,
  adminName: name("o seu nome", 120),
  email: emailSchema,
  /** strength checked on the server (zxcvbn-ts, lib/password-strength.ts) */
  password: passwordSchema,
});
export type SignupInput = z.input<typeof signupSchema>;

/** GET /api/signup: whether the public form is offered (SIGNUP=open). */
export interface SignupStatus {
  open: boolean;
}

/** The one answer to a sign-up, whether the e-mail already has an account or not. */
export interface SignupAccepted {
  message: string;
}

/** GET /api/signup/:token: what the confirmation page shows. */
export interface SignupInfo {
  officeName: string;
  adminName: string;
  email: string;
  expiresAt: string;
}

export const ONBOARDING_STEPS = ["smtp", "pix", "clients", "services", "team"] as const;
export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];

/** A link of a checklist step to the screen where it is done. */
export interface OnboardingAction {
  label: string;
  path: string;
}

export const ONBOARDING_LABELS: Record<
  OnboardingStep,
  { title: string; hint: string; actions: OnboardingAction[] }
> = {
  smtp: {
    title: "Configurar o e-mail (SMTP)",
    hint: "Para os clientes receberem os avisos de atendimento e as cobranças.",
    actions: [{ label: "Configurar o e-mail", path: "/configuracoes/email" }],
  },
  pix: {
    title: "Configurar a chave PIX",
    hint: "Para as cobranças levarem o PIX copia e cola e o QR code.",
    actions: [{ label: "Configurar o PIX", path: "/configuracoes/financeiro" }],
  },
  clients: {
    title: "Cadastrar ou importar os clientes",
    hint: "Os solicitantes dos atendimentos: de uma planilha (.xlsx ou .csv) ou um a um.",
    actions: [
      { label: "Importar planilha", path: "/clientes/importar" },
      { label: "Cadastrar clientes", path: "/clientes" },
    ],
  },
  services: {
    title: "Cadastrar os serviços",
    hint: "Com o preço usado como valor padrão do atendimento.",
    actions: [{ label: "Cadastrar serviços", path: "/servicos" }],
  },
  team: {
    title: "Convidar a equipe",
    hint: "Os colegas do escritório, com o perfil de cada um.",
    actions: [{ label: "Convidar colegas", path: "/usuarios" }],
  },
};

/** GET /api/onboarding: each step computed from the office's real data. */
export interface OnboardingDto {
  steps: { key: OnboardingStep; done: boolean }[];
  /** the admin hid it */
  dismissed: boolean;
  /** shown on the first screen: not dismissed and some step still to do */
  visible: boolean;
}
