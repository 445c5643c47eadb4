import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Demo only: a real SMTP server on loopback that keeps every e-mail the app sends as an .eml file
 * in DATA_DIR/mailbox, so the demo shows real delivery without a mail provider.
 * smtp-server is a dev dependency, loaded only here: a production install (`npm ci --omit=dev`, the
 * Docker image) runs without it as long as no demo office sends mail.
 */
export async function startDemoMailbox(
  port: number,
  dataDir: string,
  /** also an incoming mailbox: e-mails to this domain are delivered to an in-process IMAP server */
  imap?: DemoImapOptions,
): Promise<DemoMailboxHandle> {
  const dir = path.join(dataDir, "mailbox");
  mkdirSync(dir, { recursive: true });
  const inbox = imap?.port ? await startDemoImap(imap) : undefined;
  const { SMTPServer } = await import("smtp-server");
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        const subject = /^Subject: (.*)$/m.exec(raw.toString("utf8"))?.[1] ?? "";
        const file = path.join(
          dir,
          `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomUUID().slice(0, 8)}.eml`,
        );
        writeFile(file, raw)
          .then(() => {
            const rcpts = session.envelope.rcptTo.map((r) => r.address);
            const to = rcpts.join(", ");
            console.log(`[demo mailbox] e-mail para ${to}: ${decodeMimeWords(subject)} → ${file}`);
            // to the office's own domain (a client's reply or request): into the incoming mailbox
            if (inbox && imap && rcpts.some((r) => r.toLowerCase().endsWith(`@${imap.domain}`))) {
              inbox.deliver(raw);
              console.log("[demo mailbox] entregue na caixa de entrada (IMAP) do escritório");
              handle.onIncoming?.();
            }
            cb();
          })
          .catch(cb);
      });
    },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", (err: NodeJS.ErrnoException) => reject(listenError(port, err)));
      server.listen(port, "127.0.0.1", () => resolve());
    });
  } catch (err) {
    await inbox?.stop();
    throw err;
  }
  const handle: DemoMailboxHandle = {
    dir,
    imapPort: inbox ? imap?.port : undefined,
    onIncoming: undefined,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await inbox?.stop();
    },
  };
  return handle;
}

export interface DemoImapOptions {
  /** 0: no incoming mailbox */
  port: number;
  user: string;
  password: string;
  /** e-mails to any address of this domain land in the mailbox (atendimento+token@…) */
  domain: string;
}

export interface DemoMailboxHandle {
  dir: string;
  /** the in-process IMAP server's port, when it runs */
  imapPort: number | undefined;
  /** set by the app once its reader runs: called when a message was delivered, to read it now */
  onIncoming: (() => void) | undefined;
  stop(): Promise<void>;
}

/**
 * Demo only: an in-memory IMAP server (hoodiecrow-imap, a dev dependency) holding the demo office's
 * incoming mailbox. It forgets its messages on restart; its UIDVALIDITY changes then, so the reader
 * starts its bookmark over (the Message-IDs already read are not read twice).
 */
async function startDemoImap(o: DemoImapOptions) {
  const { createRequire } = await import("node:module");
  const hoodiecrow = createRequire(import.meta.url)("hoodiecrow-imap") as (opts: object) => {
    listen(port: number, host: string, cb?: () => void): void;
    /** the net.Server underneath: a listen error is emitted there, not on the IMAP server */
    server: import("node:net").Server;
    close(cb?: () => void): void;
    getMailbox(path: string): unknown;
    appendMessage(mailbox: unknown, flags: string[], date: Date, raw: string): void;
  };
  const server = hoodiecrow({
    plugins: ["IDLE", "ENABLE", "UNSELECT", "ID"],
    users: { [o.user]: { password: o.password } },
    storage: { INBOX: { uidvalidity: Math.floor(Date.now() / 1000) % 2 ** 31, messages: [] } },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", (err: NodeJS.ErrnoException) =>
      reject(listenError(o.port, err, "DEMO_IMAP_PORT")),
    );
    server.listen(o.port, "127.0.0.1", () => resolve());
  });
  return {
    deliver(raw: Buffer) {
      server.appendMessage(server.getMailbox("INBOX"), [], new Date(), raw.toString("binary"));
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A taken port is an error that names it: never a silent fallback to whatever listens there. */
function listenError(port: number, err: NodeJS.ErrnoException, variable = "DEMO_MAILBOX_PORT"): Error {
  const why =
    err.code === "EADDRINUSE"
      ? "is already in use (another program or another Atende listens there)"
      : `cannot be opened (${err.code ?? err.message})`;
  return new Error(
    `Demo mailbox: port ${port} on 127.0.0.1 ${why}. Set ${variable} to a free port, ` +
      `or ${variable}=0 to run the demo office without ${variable === "DEMO_MAILBOX_PORT" ? "SMTP" : "its incoming mailbox"}.`,
    { cause: err },
  );
}

/** "=?UTF-8?Q?...?=" / "=?UTF-8?B?...?=" → text, for the log line only */
function decodeMimeWords(s: string): string {
  return s.replace(/=\?UTF-8\?([QB])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
    enc.toUpperCase() === "B"
      ? Buffer.from(text, "base64").toString("utf8")
      : Buffer.from(
          text
            .replace(/_/g, " ")
            .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
          "latin1",
        ).toString("utf8"),
  );
}
