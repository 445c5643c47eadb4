import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export const TEST_SMTP_USER = { username: "escritorio", password: "segredo-smtp-123" };

/** A real SMTP peer for tests: receives over TCP and parses every message with mailparser. */
export class TestSmtp {
  received: ParsedMail[] = [];
  private server: SMTPServer | undefined;
  /** answer RCPT TO for these addresses with a permanent 550 */
  rejectRecipients = new Set<string>();
  /** answer MAIL FROM with a temporary 421 (a server that is overloaded or in maintenance) */
  tempFail = false;
  /** > 0: every connection waits this long and is then refused with 421 (a slow, failing server) */
  slowTempFailMs = 0;
  /** > 0: the message is accepted only this long after its data arrived (a slow server) */
  dataDelayMs = 0;
  /** when each MAIL FROM arrived (ms since epoch): one per delivery attempt */
  attemptTimes: number[] = [];
  /** messages between MAIL FROM and their acceptance right now, and the most there ever were */
  active = 0;
  maxActive = 0;
  private gate: Promise<void> | undefined;

  /** Holds every message's acceptance until the returned function is called (no sleeps in tests). */
  hold(): () => void {
    let release = () => {};
    this.gate = new Promise<void>((r) => {
      release = () => {
        this.gate = undefined;
        r();
      };
    });
    return release;
  }

  async start(port = 0): Promise<number> {
    this.server = new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      // pooled senders keep connections open: stop() closes them at once instead of after 30 s
      closeTimeout: 50,
      disabledCommands: ["STARTTLS"],
      onAuth: (auth, _session, cb) => {
        // proves the stored password was decrypted and used
        if (auth.username === TEST_SMTP_USER.username && auth.password === TEST_SMTP_USER.password)
          return cb(null, { user: auth.username });
        cb(new Error("535 Invalid credentials"));
      },
      logger: false,
      onConnect: (_session, cb) => {
        if (this.slowTempFailMs <= 0) return cb();
        setTimeout(
          () => cb(Object.assign(new Error("4.3.2 Try again later"), { responseCode: 421 })),
          this.slowTempFailMs,
        );
      },
      onMailFrom: (_address, _session, cb) => {
        this.attemptTimes.push(Date.now());
        if (this.tempFail)
          return cb(Object.assign(new Error("4.3.2 Service busy, try again later"), { responseCode: 421 }));
        cb();
      },
      onRcptTo: (address, _session, cb) => {
        if (this.rejectRecipients.has(address.address))
          return cb(Object.assign(new Error("5.1.1 Mailbox unavailable"), { responseCode: 550 }));
        cb();
      },
      onData: (stream, _session, cb) => {
        this.active++;
        this.maxActive = Math.max(this.maxActive, this.active);
        const gate = this.gate;
        simpleParser(stream)
          .then(async (mail) => {
            await gate;
            setTimeout(() => {
              this.active--;
              this.received.push(mail);
              cb();
            }, this.dataDelayMs);
          })
          .catch((err: Error) => {
            this.active--;
            cb(err);
          });
      },
    });
    const server = this.server;
    // a taken port is an error naming it, not a hang until the hook times out
    await new Promise<void>((resolve, reject) => {
      server.once("error", (err: Error) =>
        reject(new Error(`Test SMTP server: port ${port} on 127.0.0.1: ${err.message}`, { cause: err })),
      );
      server.listen(port, "127.0.0.1", () => resolve());
    });
    return (this.server.server.address() as AddressInfo).port;
  }

  async stop() {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }
}

/** A free TCP port (nothing listens there afterwards): an SMTP server that is down. */
export async function freePort(): Promise<number> {
  const net = await import("node:net");
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}
