import { formatDocument } from "../../../shared/documents.js";
import { type EmailContent, escapeHtml } from "../mail/templates.js";

const untilText = (d: Date) =>
  new Intl.DateTimeFormat("pt-BR", {
    timeZone: "America/Sao_Paulo",
    dateStyle: "short",
    timeStyle: "short",
  }).format(d);

const page = (body: string) =>
  `<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"></head><body style="font-family:Arial,sans-serif">${body}</body></html>`;

/** The link that activates the office (single use, 24 h). */
export function confirmationEmail(v: {
  adminName: string;
  officeName: string;
  document: string;
  link: string;
  expiresAt: Date;
}): EmailContent {
  const until = untilText(v.expiresAt);
  const office = `${v.officeName} (${formatDocument(v.document)})`;
  return {
    subject: "Confirme o cadastro do seu escritório no Atende",
    text: `Olá, ${v.adminName}.\n\nRecebemos o cadastro do escritório ${office} no Atende com este e-mail.\nPara ativar a conta, confirme neste link (válido até ${until}, uso único):\n${v.link}\n\nSe não foi você, ignore este e-mail: nada será criado.\n`,
    html: page(
      `<p>Olá, ${escapeHtml(v.adminName)}.</p><p>Recebemos o cadastro do escritório ${escapeHtml(office)} no Atende com este e-mail.</p><p><a href="${escapeHtml(v.link)}">Confirmar o cadastro</a> (válido até ${until}, uso único)</p><p>Se não foi você, ignore este e-mail: nada será criado.</p>`,
    ),
  };
}

/** To the owner of an address that already has an account: someone tried to sign up with it. */
export function existingAccountEmail(v: { name: string; loginLink: string }): EmailContent {
  return {
    subject: "Tentativa de cadastro com o seu e-mail no Atende",
    text: `Olá, ${v.name}.\n\nAlguém tentou criar uma conta de escritório no Atende com este e-mail, que já tem uma conta.\nSe foi você, entre com a sua senha: ${v.loginLink}\nSe não foi você, nada foi alterado e você pode ignorar este e-mail.\n`,
    html: page(
      `<p>Olá, ${escapeHtml(v.name)}.</p><p>Alguém tentou criar uma conta de escritório no Atende com este e-mail, que já tem uma conta.</p><p>Se foi você, <a href="${escapeHtml(v.loginLink)}">entre com a sua senha</a>.</p><p>Se não foi você, nada foi alterado e você pode ignorar este e-mail.</p>`,
    ),
  };
}
