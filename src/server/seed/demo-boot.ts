import { randomBytes } from "node:crypto";
import type { Db } from "../db/client.js";
import { type DemoMailboxHandle, startDemoMailbox } from "../dev/mailbox.js";
import { encryptSecret } from "../lib/secrets.js";
import * as inboundRepo from "../modules/inbound/repository.js";
import * as mailRepo from "../modules/mail/repository.js";
import { DEMO_MAIL_SENDER, DEMO_MAILBOX_HOST, hasAnyOffice, seedDemo } from "./demo.js";

export interface DemoMailbox {
  port: number;
  /** where the .eml files are kept */
  dir: string;
  /** the demo office's incoming mailbox (IMAP) on this port, when it runs */
  imapPort: number | undefined;
  /** the mailbox and its reader: set once the reader runs, called when a client's e-mail arrives */
  handle: DemoMailboxHandle;
  stop(): Promise<void>;
}

/** The demo office's incoming mailbox: its login on the in-process IMAP server. */
export const DEMO_IMAP_PASSWORD = "atende123";

export interface DemoBoot {
  /** the demo office was created by this call */
  seeded: boolean;
  /** running exactly when a demo office sends its e-mails to it */
  mailbox: DemoMailbox | undefined;
  /** demo offices whose stored SMTP port was moved to the mailbox's port, or whose SMTP was removed */
  repointed: number;
  unconfigured: number;
}

/**
 * The demo office and its mailbox at start, on PGlite or PostgreSQL. The rule: the demo office's SMTP
 * points at the demo mailbox exactly when this process runs the mailbox.
 *
 * - `seed` and an empty database: the demo office is created; with a mailbox port, the mailbox is
 *   started first (a taken port fails the start before anything is written) and the office points
 *   at it; with port 0, the office has no SMTP.
 * - an existing database whose demo office sends to the demo mailbox (a restart, whatever `seed`
 *   says): the mailbox is started on `mailboxPort` and the stored port follows it, so a changed
 *   DEMO_MAILBOX_PORT never leaves the office sending to whatever now listens on the old port; with
 *   port 0, the office's SMTP settings are removed (its e-mails show as "not configured").
 * - otherwise (no demo office, or its admin set a real SMTP server): no mailbox.
 *
 * A mailbox that cannot listen is an error naming the port, never a silent fallback.
 */
export async function bootDemo(
  db: Db,
  opts: {
    seed: boolean;
    /** DEMO_MAILBOX_PORT; 0 = no mailbox */
    mailboxPort: number;
    dataDir: string;
    /** passed to seedDemo (tests seed a smaller office) */
    tickets?: number;
    /** DEMO_IMAP_PORT (0 = none) and the key that encrypts its password in the settings */
    imapPort?: number;
    secretKey?: Buffer;
  },
): Promise<DemoBoot> {
  const seedNow = opts.seed && !(await hasAnyOffice(db));
  const existing = seedNow
    ? []
    : await mailRepo.listPlainSettingsByHostAndSender(db, DEMO_MAILBOX_HOST, DEMO_MAIL_SENDER);
  const result: DemoBoot = { seeded: false, mailbox: undefined, repointed: 0, unconfigured: 0 };

  if (!opts.mailboxPort) {
    if (seedNow) {
      await seedDemo(db, { tickets: opts.tickets });
      result.seeded = true;
    }
    for (const s of existing) await mailRepo.deleteSettings(db, s.officeId);
    result.unconfigured = existing.length;
    return result;
  }
  if (!seedNow && existing.length === 0) return result;

  const imapPort = opts.secretKey ? (opts.imapPort ?? 0) : 0;
  const started = await startDemoMailbox(opts.mailboxPort, opts.dataDir, {
    port: imapPort,
    user: DEMO_MAIL_SENDER,
    password: DEMO_IMAP_PASSWORD,
    domain: DEMO_MAIL_SENDER.split("@")[1] as string,
  });
  const mailbox: DemoMailbox = {
    port: opts.mailboxPort,
    dir: started.dir,
    imapPort: started.imapPort,
    handle: started,
    stop: started.stop,
  };
  try {
    if (seedNow) {
      await seedDemo(db, { tickets: opts.tickets, mailboxPort: opts.mailboxPort });
      result.seeded = true;
    }
    for (const s of existing) {
      if (s.port === opts.mailboxPort) continue;
      await mailRepo.updateSettingsPort(db, s.officeId, opts.mailboxPort);
      result.repointed++;
    }
    // the demo office reads its replies from the in-process IMAP mailbox while it runs
    const demoOffices = await mailRepo.listPlainSettingsByHostAndSender(
      db,
      DEMO_MAILBOX_HOST,
      DEMO_MAIL_SENDER,
    );
    for (const s of demoOffices) {
      const current = await inboundRepo.getSettings(db, s.officeId);
      if (!imapPort || !opts.secretKey) {
        if (current?.host === DEMO_MAILBOX_HOST && current.username === DEMO_MAIL_SENDER)
          await inboundRepo.deleteSettings(db, s.officeId);
        continue;
      }
      if (current && !(current.host === DEMO_MAILBOX_HOST && current.username === DEMO_MAIL_SENDER)) continue;
      await inboundRepo.upsertSettings(
        db,
        {
          officeId: s.officeId,
          host: DEMO_MAILBOX_HOST,
          port: imapPort,
          security: "none",
          username: DEMO_MAIL_SENDER,
          passwordEnc: encryptSecret(opts.secretKey, DEMO_IMAP_PASSWORD),
          folder: "INBOX",
          address: DEMO_MAIL_SENDER,
          reopenOnReply: current?.reopenOnReply ?? true,
          tokenKey: current?.tokenKey ?? randomBytes(32).toString("hex"),
        },
        current?.port !== imapPort,
      );
    }
  } catch (err) {
    await mailbox.stop();
    throw err;
  }
  result.mailbox = mailbox;
  return result;
}
