import { ROLE_LABELS, type Role } from "../../../shared/api.js";
import { type EmailContent, escapeHtml } from "../mail/templates.js";

/** What each office profile does, in one line of the colleague's invitation. */
const ROLE_HINTS: Record<Exclude<Role, "client">, string> = {
  admin: "Como administrador, você atende os clientes e configura o escritório (usuários, e-mail, PIX).",
  staff: "Você abre e trabalha os atendimentos, conversa com os clientes e faz as cobranças.",
};

const page = (body: string) =>
  `<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"></head><body style="font-family:Arial,sans-serif">${body}</body></html>`;

/**
 * The invitation to set a password: a colleague (admin or staff) is told which office invites them
 * and with which profile; a person of a client company is invited to follow their atendimentos.
 */
export function invitationEmail(v: {
  officeName: string;
  name: string;
  role: Role;
  link: string;
  /** dd/mm/aaaa */
  until: string;
}): EmailContent {
  const linkLine = `Defina sua senha neste link (válido até ${v.until}, uso único):\n${v.link}\n`;
  const linkHtml = `<p><a href="${escapeHtml(v.link)}">Definir minha senha</a> (válido até ${v.until}, uso único)</p>`;
  if (v.role === "client")
    return {
      subject: `${v.officeName}: convite para acessar o Atende`,
      text: `Olá, ${v.name}.\n\n${v.officeName} convidou você para acompanhar seus atendimentos no Atende.\n${linkLine}`,
      html: page(
        `<p>Olá, ${escapeHtml(v.name)}.</p><p>${escapeHtml(v.officeName)} convidou você para acompanhar seus atendimentos no Atende.</p>${linkHtml}`,
      ),
    };
  const label = ROLE_LABELS[v.role];
  const hint = ROLE_HINTS[v.role];
  return {
    subject: `${v.officeName} convidou você para a equipe no Atende`,
    text: `Olá, ${v.name}.\n\n${v.officeName} convidou você para a equipe do escritório no Atende, com o perfil ${label}.\n${hint}\n\n${linkLine}`,
    html: page(
      `<p>Olá, ${escapeHtml(v.name)}.</p><p>${escapeHtml(v.officeName)} convidou você para a equipe do escritório no Atende, com o perfil <strong>${label}</strong>.</p><p>${escapeHtml(hint)}</p>${linkHtml}`,
    ),
  };
}
