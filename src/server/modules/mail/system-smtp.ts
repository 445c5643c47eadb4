import type SMTPTransport from "nodemailer/lib/smtp-transport/index.js";
import type { Config } from "../../config.js";

/**
 * The installation's own sender, for e-mails that belong to no office yet (sign-up confirmation,
 * "someone tried to sign up with your address"): SMTP_URL, or the demo mailbox when it runs.
 */
export interface SystemSmtp {
  transport: SMTPTransport.Options;
  from: { name: string; address: string };
}

const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** smtp://user:pass@host:587 (STARTTLS when offered), smtps://…:465, `?ignoreTLS=true` / `?requireTLS=true`. */
export function systemSmtpFromUrl(url: string, from: SystemSmtp["from"] | undefined): SystemSmtp {
  const u = new URL(url);
  const secure = u.protocol === "smtps:";
  const flag = (name: string) => u.searchParams.get(name) === "true";
  return {
    transport: {
      host: u.hostname,
      port: u.port ? Number(u.port) : secure ? 465 : 587,
      secure,
      ignoreTLS: flag("ignoreTLS"),
      requireTLS: flag("requireTLS"),
      auth: u.username
        ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) }
        : undefined,
      ...TIMEOUTS,
    },
    from: from ?? { name: "Atende", address: `no-reply@${u.hostname}` },
  };
}

/** SMTP_URL wins; else the demo mailbox on loopback when this process runs it; else none. */
export function resolveSystemSmtp(
  config: Pick<Config, "smtpUrl" | "mailFrom">,
  demoMailboxPort: number | undefined,
): SystemSmtp | undefined {
  if (config.smtpUrl) return systemSmtpFromUrl(config.smtpUrl, config.mailFrom);
  if (demoMailboxPort)
    return systemSmtpFromUrl(
      `smtp://127.0.0.1:${demoMailboxPort}?ignoreTLS=true`,
      config.mailFrom ?? { name: "Atende", address: "nao-responda@atende.demo" },
    );
  return undefined;
}

export const SYSTEM_SMTP_MISSING =
  "SMTP do sistema não configurado (SMTP_URL): a instalação não envia e-mails de cadastro.";
