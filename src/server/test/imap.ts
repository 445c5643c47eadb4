import { execFile, spawn } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "./smtp.js";

const run = promisify(execFile);
export const DOVECOT = process.env.DOVECOT_BIN ?? "/usr/sbin/dovecot";

/** Numeric ids of a system user (the dovecot package creates "dovecot" and "dovenull"). */
async function ids(user: string) {
  const { stdout: uid } = await run("id", ["-u", user]);
  const { stdout: gid } = await run("id", ["-g", user]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

/**
 * A real IMAP server for tests: Dovecot (Debian's dovecot-imapd) with its own config, state and
 * maildirs in a temp directory, on a free loopback port, plain IMAP (no TLS) with PLAIN/LOGIN auth
 * from a passwd-file. As root its processes drop to the package's dovecot/dovenull users; as
 * another user they all run as that user.
 */
export class TestImap {
  port = 0;
  private dir = "";
  private conf = "";

  async start(users: Record<string, string>): Promise<number> {
    if (!existsSync(DOVECOT))
      throw new Error(`Dovecot not found at ${DOVECOT}: apt-get install dovecot-imapd (or set DOVECOT_BIN)`);
    this.port = await freePort();
    this.dir = mkdtempSync("/tmp/atende-imap-");
    chmodSync(this.dir, 0o755); // the auth and mail processes (another user as root) read in here
    const root = process.getuid?.() === 0;
    const me = userInfo();
    const mail = root ? await ids("dovecot") : { uid: me.uid, gid: me.gid };
    const loginUser = root ? "dovenull" : me.username;
    const internalUser = root ? "dovecot" : me.username;
    mkdirSync(path.join(this.dir, "mail"));
    if (root) chownSync(path.join(this.dir, "mail"), mail.uid, mail.gid);
    writeFileSync(
      path.join(this.dir, "users"),
      Object.entries(users)
        .map(([u, p]) => `${u}:{PLAIN}${p}\n`)
        .join(""),
    );
    this.conf = path.join(this.dir, "dovecot.conf");
    writeFileSync(
      this.conf,
      `base_dir = ${this.dir}/run
state_dir = ${this.dir}/state
log_path = ${this.dir}/log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_login_user = ${loginUser}
default_internal_user = ${internalUser}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${this.port}
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service anvil {
  chroot =
}
service stats {
  chroot =
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${this.dir}/users
}
userdb {
  driver = static
  args = uid=${mail.uid} gid=${mail.gid} home=${this.dir}/mail/%u
}
mail_location = maildir:~/Maildir
first_valid_uid = 0
`,
    );
    // the master daemonizes: its children must not hold our pipes, or we would wait for them
    await new Promise<void>((resolve, reject) => {
      const p = spawn(DOVECOT, ["-c", this.conf], { stdio: "ignore" });
      p.once("error", reject);
      p.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`dovecot exited ${code}`))));
    });
    await waitForPort(this.port);
    return this.port;
  }

  async stop() {
    if (!this.conf) return;
    await run(DOVECOT, ["-c", this.conf, "stop"]).catch(() => {});
    if (!process.env.KEEP_IMAP_DIR) rmSync(this.dir, { recursive: true, force: true });
    this.conf = "";
  }

  /** Delivers a raw message to the user's INBOX (IMAP APPEND, as a mail server would). */
  async append(user: string, pass: string, raw: string | Buffer, folder = "INBOX") {
    const { ImapFlow } = await import("imapflow");
    const c = new ImapFlow({
      host: "127.0.0.1",
      port: this.port,
      secure: false,
      auth: { user, pass },
      logger: false,
    });
    await c.connect();
    try {
      await c.append(folder, typeof raw === "string" ? Buffer.from(raw.replace(/\r?\n/g, "\r\n")) : raw);
    } finally {
      await c.logout().catch(() => {});
    }
  }
}

async function waitForPort(port: number) {
  const net = await import("node:net");
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1");
      s.once("connect", () => {
        s.destroy();
        resolve(true);
      });
      s.once("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Dovecot did not listen on ${port}`);
}
