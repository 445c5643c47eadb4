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
): Promise<{ dir: string; stop(): Promise<void> }> {
  const dir = path.join(dataDir, "mailbox");
  mkdirSync(dir, { recursive: true });
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
            const to = session.envelope.rcptTo.map((r) => r.address).join(", ");
            console.log(`[demo mailbox] e-mail para ${to}: ${decodeMimeWords(subject)} → ${file}`);
            cb();
          })
          .catch(cb);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => reject(listenError(port, err)));
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return { dir, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A taken port is an error that names it: never a silent fallback to whatever listens there. */
function listenError(port: number, err: NodeJS.ErrnoException): Error {
  const why =
    err.code === "EADDRINUSE"
      ? "is already in use (another program or another Atende listens there)"
      : `cannot be opened (${err.code ?? err.message})`;
  return new Error(
    `Demo mailbox: port ${port} on 127.0.0.1 ${why}. Set DEMO_MAILBOX_PORT to a free port, ` +
      "or DEMO_MAILBOX_PORT=0 to run the demo office without SMTP.",
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
