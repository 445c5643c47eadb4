import type { ImapFlow } from "imapflow";
import { decryptSecret } from "../../lib/secrets.js";
import type { InboundSettingsRow } from "./repository.js";

/** How long we wait for the server before calling it down (connect, greeting, any answer). */
export const IMAP_TIMEOUT_MS = 15_000;

/** A connected, logged-in IMAP client for the office's mailbox (imapflow, loaded at first use). */
export async function connectImap(
  s: Pick<InboundSettingsRow, "host" | "port" | "security" | "username" | "passwordEnc">,
  secretKey: Buffer,
  timeoutMs = IMAP_TIMEOUT_MS,
): Promise<ImapFlow> {
  const { ImapFlow } = await import("imapflow");
  const client = new ImapFlow({
    host: s.host,
    port: s.port,
    secure: s.security === "tls",
    doSTARTTLS: s.security === "starttls" ? true : s.security === "none" ? false : undefined,
    auth: { user: s.username, pass: s.passwordEnc ? decryptSecret(secretKey, s.passwordEnc) : "" },
    logger: false,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: Math.max(timeoutMs * 4, 60_000),
    disableAutoIdle: true,
    verifyOnly: false,
  });
  // a dropped connection is reported by the command in flight; without a listener it would crash us
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (err) {
    client.close();
    throw err;
  }
  return client;
}

/** The error of an IMAP attempt in pt-BR, for Configurações. */
export function describeImapError(
  err: unknown,
  s: Pick<InboundSettingsRow, "host" | "port" | "folder">,
): string {
  const e = err as {
    code?: string;
    authenticationFailed?: boolean;
    serverResponseCode?: string;
    responseText?: string;
    message?: string;
  };
  const where = `${s.host}:${s.port}`;
  if (e.authenticationFailed || e.serverResponseCode === "AUTHENTICATIONFAILED")
    return `O servidor IMAP recusou o usuário ou a senha (${where}).`;
  if (e.code === "ECONNREFUSED")
    return `Não foi possível conectar ao servidor IMAP ${where}: conexão recusada.`;
  if (e.code === "ENOTFOUND" || e.code === "EAI_AGAIN")
    return `Servidor IMAP ${s.host} não encontrado (DNS).`;
  if (e.code === "ETIMEDOUT" || e.code === "CONNECT_TIMEOUT" || e.code === "GREETING_TIMEOUT")
    return `O servidor IMAP ${where} não respondeu a tempo.`;
  if (e.code === "NoConnection" || e.code === "ECONNRESET" || e.code === "EPIPE")
    return `A conexão com o servidor IMAP ${where} caiu.`;
  if (
    /certificate|self.signed|TLS|SSL/i.test(e.message ?? "") ||
    e.code?.startsWith("ERR_TLS") ||
    e.code?.startsWith("ERR_SSL")
  )
    return `Falha de TLS com o servidor IMAP ${where}: ${e.message ?? e.code}.`;
  if (
    e.serverResponseCode === "NONEXISTENT" ||
    /mailbox|folder|doesn.?t exist|nonexistent/i.test(e.responseText ?? "")
  )
    return `A pasta "${s.folder}" não existe na caixa de e-mail.`;
  return `Erro do servidor IMAP ${where}: ${e.responseText ?? e.message ?? String(err)}`.slice(0, 500);
}
