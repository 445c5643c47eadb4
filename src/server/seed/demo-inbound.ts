import type { Db } from "../db/client.js";
import { inboundEmails } from "../db/schema/index.js";

/**
 * The demo's Caixa de entrada: e-mails from addresses no client has, waiting for triage, and an
 * out-of-office answer that was read and ignored. One statement.
 */
export async function seedDemoInbound(db: Db, officeId: string, now: Date) {
  const ago = (h: number) => new Date(now.getTime() - h * 3600_000);
  const row = (
    messageId: string,
    fromName: string,
    fromAddress: string,
    subject: string,
    text: string,
    hoursAgo: number,
    status: "triage" | "ignored",
    note: string,
  ) => ({
    officeId,
    messageId,
    fromName,
    fromAddress,
    subject,
    sentAt: ago(hoursAgo),
    createdAt: ago(hoursAgo),
    status,
    note,
    visibleText: text,
    fullText: text,
    sizeBytes: 1200 + text.length,
    headers: [
      ["from", `${fromName} <${fromAddress}>`],
      ["subject", subject],
    ] as [string, string][],
  });
  await db
    .insert(inboundEmails)
    .values([
      row(
        "<demo-1@construtoralima.com.br>",
        "Rafael Lima",
        "rafael@construtoralima.com.br",
        "Orçamento para abertura de filial",
        "Boa tarde! Somos uma construtora de Campinas e queremos abrir uma filial em Sorocaba. Vocês poderiam nos passar um orçamento para a abertura e a contabilidade mensal?\n\nRafael Lima\nConstrutora Lima",
        3,
        "triage",
        "Remetente desconhecido: vincule a um cliente ou descarte.",
      ),
      row(
        "<demo-2@gmail.com>",
        "Juliana Prado",
        "ju.prado.mei@gmail.com",
        "Dúvida sobre o DAS do MEI",
        "Olá, sou MEI e meu boleto do DAS deste mês veio com valor diferente. É normal? Posso mandar o PDF.",
        26,
        "triage",
        "Remetente desconhecido: vincule a um cliente ou descarte.",
      ),
      row(
        "<demo-3@paodourado.com.br>",
        "Marta Oliveira",
        "marta@paodourado.com.br",
        "Resposta automática: Férias",
        "Estou de férias até 15/12. Em caso de urgência, ligue para a padaria.",
        50,
        "ignored",
        "Mensagem automática (Auto-Submitted: auto-replied): sem resposta.",
      ),
    ]);
}
