/**
 * Demo: answer, as the client, the latest e-mail the demo office sent (kept in DATA_DIR/mailbox), the
 * way a mail client would: To its Reply-To (atendimento+<token>@…), In-Reply-To/References its
 * Message-ID, the original quoted below. Sent through the demo mailbox's SMTP, which delivers it to
 * the office's incoming mailbox (IMAP); the app reads it and it appears in the atendimento's chat.
 *
 *   npm run demo:reply -- "Segue o comprovante." --file ./comprovante.pdf
 *   npm run demo:reply -- --protocol 2026/000123 "Pode seguir."
 *   npm run demo:reply -- --new --from marta@paodourado.com.br --subject "Certidão negativa" "Preciso da CND."
 *
 * Options: --file PATH (repeatable), --protocol AAAA/NNNNNN (the latest e-mail of that atendimento),
 * --new (a new e-mail, not a reply), --from, --subject. DATA_DIR and DEMO_MAILBOX_PORT as for npm start.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import nodemailer from "nodemailer";

const OFFICE_ADDRESS = "atendimento@contabilidade-exemplo.com.br";

function args(argv: string[]) {
  const o = {
    files: [] as string[],
    text: [] as string[],
    protocol: "",
    isNew: false,
    from: "",
    subject: "",
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const next = () => argv[++i] ?? "";
    if (a === "--file") o.files.push(next());
    else if (a === "--protocol") o.protocol = next();
    else if (a === "--new") o.isNew = true;
    else if (a === "--from") o.from = next();
    else if (a === "--subject") o.subject = next();
    else o.text.push(a);
  }
  return o;
}

async function latestSent(dir: string, protocol: string) {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".eml"))
    .sort()
    .reverse();
  for (const f of files) {
    const mail = await simpleParser(readFileSync(path.join(dir, f)));
    const replyTo = mail.replyTo?.value[0]?.address;
    if (!replyTo) continue;
    if (protocol && !(mail.subject ?? "").includes(protocol)) continue;
    return mail;
  }
  return null;
}

async function main() {
  const o = args(process.argv.slice(2));
  const dataDir = path.resolve(process.env.DATA_DIR ?? "./data");
  const port = Number(process.env.DEMO_MAILBOX_PORT ?? 2525);
  const text = o.text.join(" ") || "Obrigada! Segue o documento pedido.";
  const attachments = o.files.map((f) => ({ filename: path.basename(f), content: readFileSync(f) }));
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
  if (o.isNew) {
    const from = o.from || "marta@paodourado.com.br";
    await transport.sendMail({
      from,
      to: OFFICE_ADDRESS,
      subject: o.subject || "Nova solicitação",
      text,
      attachments,
    });
    console.log(
      `E-mail novo de ${from} para ${OFFICE_ADDRESS} enviado pela caixa de demonstração (porta ${port}).`,
    );
    return;
  }
  const original = await latestSent(path.join(dataDir, "mailbox"), o.protocol);
  if (!original) {
    console.error(
      `Nenhum e-mail do escritório com endereço de resposta em ${path.join(dataDir, "mailbox")}` +
        `${o.protocol ? ` para o protocolo ${o.protocol}` : ""}: altere o status de um atendimento primeiro.`,
    );
    process.exit(1);
  }
  const to = original.replyTo?.value[0]?.address as string;
  const from =
    o.from ||
    (Array.isArray(original.to) ? original.to[0] : original.to)?.value[0]?.address ||
    "marta@paodourado.com.br";
  const quoted = (original.text ?? "")
    .split("\n")
    .map((l) => `> ${l}`)
    .join("\n");
  const date = original.date?.toLocaleString("pt-BR", { timeZone: "America/Sao_Paulo" }) ?? "";
  await transport.sendMail({
    from,
    to,
    subject: o.subject || `Re: ${original.subject ?? ""}`,
    inReplyTo: original.messageId,
    references: original.messageId ? [original.messageId] : [],
    text: `${text}\n\nEm ${date}, ${original.from?.text ?? "Escritório"} escreveu:\n${quoted}\n`,
    attachments,
  });
  console.log(`Resposta de ${from} a "${original.subject}" enviada para ${to} (porta ${port}).`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
