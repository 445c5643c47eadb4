/** pt-BR e-mail templates, HTML + plain text. Everything a person typed is escaped. */

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}

export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}

interface Layout {
  officeName: string;
  title: string;
  /** [label, value] rows */
  rows: [string, string][];
  intro: string;
  link: string;
}

function render(l: Layout): { html: string; text: string } {
  const rows = l.rows
    .map(
      ([k, v]) =>
        `<tr><td style="padding:4px 12px 4px 0;color:#555">${escapeHtml(k)}</td><td style="padding:4px 0"><strong>${escapeHtml(v)}</strong></td></tr>`,
    )
    .join("");
  const html = `<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"><title>${escapeHtml(l.title)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#222;background:#f5f6f8;padding:24px">
<div style="max-width:560px;margin:auto;background:#fff;border-radius:8px;padding:24px">
<p style="color:#1677ff;font-weight:bold;margin:0 0 8px">${escapeHtml(l.officeName)}</p>
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(l.title)}</h1>
<p>${escapeHtml(l.intro)}</p>
<table style="border-collapse:collapse;margin:12px 0">${rows}</table>
<p><a href="${escapeHtml(l.link)}" style="color:#1677ff">Ver o atendimento</a></p>
<p style="color:#888;font-size:12px;margin-top:24px">Mensagem automática enviada por ${escapeHtml(l.officeName)} pelo Atende.</p>
</div></body></html>`;
  const text = [
    l.officeName,
    "",
    l.title,
    "",
    l.intro,
    "",
    ...l.rows.map(([k, v]) => `${k}: ${v}`),
    "",
    `Ver o atendimento: ${l.link}`,
    "",
    `Mensagem automática enviada por ${l.officeName} pelo Atende.`,
  ].join("\n");
  return { html, text };
}

export function statusChangedEmail(p: {
  officeName: string;
  protocol: string;
  subject: string;
  clientName: string;
  fromStatus: string;
  toStatus: string;
  link: string;
}): EmailContent {
  return {
    subject: `[Atendimento ${p.protocol}] Status alterado para ${p.toStatus}`,
    ...render({
      officeName: p.officeName,
      title: `Atendimento ${p.protocol}: status alterado`,
      intro: `Olá, ${p.clientName}. O status do seu atendimento foi atualizado.`,
      rows: [
        ["Protocolo", p.protocol],
        ["Assunto", p.subject],
        ["Status anterior", p.fromStatus],
        ["Novo status", p.toStatus],
      ],
      link: p.link,
    }),
  };
}

export function ticketNoticeEmail(p: {
  officeName: string;
  protocol: string;
  subject: string;
  clientName: string;
  assigneeName: string;
  link: string;
}): EmailContent {
  return {
    subject: `[Atendimento ${p.protocol}] Novo atendimento: ${p.subject}`,
    ...render({
      officeName: p.officeName,
      title: `Novo atendimento ${p.protocol}`,
      intro: `Olá, ${p.clientName}. Registramos um novo atendimento para você.`,
      rows: [
        ["Protocolo", p.protocol],
        ["Assunto", p.subject],
        ["Responsável", p.assigneeName],
      ],
      link: p.link,
    }),
  };
}

export function testEmail(p: { officeName: string; link: string }): EmailContent {
  return {
    subject: "Atende: e-mail de teste",
    ...render({
      officeName: p.officeName,
      title: "E-mail de teste",
      intro:
        "Se você recebeu esta mensagem, as configurações de SMTP do escritório estão corretas. Acentuação: ação, atenção, São Paulo.",
      rows: [],
      link: p.link,
    }),
  };
}

/** The automatic answer to a client's e-mail that opened an atendimento: carries its protocol. */
export function inboundAckEmail(p: {
  officeName: string;
  protocol: string;
  subject: string;
  clientName: string;
  link: string;
}): EmailContent {
  return {
    subject: `[Atendimento ${p.protocol}] Recebemos sua mensagem: ${p.subject}`,
    ...render({
      officeName: p.officeName,
      title: `Recebemos sua mensagem (protocolo ${p.protocol})`,
      intro: `Olá, ${p.clientName}. Sua mensagem abriu o atendimento abaixo; responda a este e-mail para acrescentar informações ou arquivos.`,
      rows: [
        ["Protocolo", p.protocol],
        ["Assunto", p.subject],
      ],
      link: p.link,
    }),
  };
}
