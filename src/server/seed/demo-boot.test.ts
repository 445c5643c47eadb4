import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import { afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { type Database, openPglite } from "../db/client.js";
import { officeMailSettings, offices } from "../db/schema/index.js";
import * as mailRepo from "../modules/mail/repository.js";
import { DEMO_MAIL_SENDER } from "./demo.js";
import { bootDemo, type DemoBoot } from "./demo-boot.js";

/**
 * The demo office's SMTP points at the demo mailbox exactly when this process runs the mailbox: on
 * a fresh database, on a restart with another port, with the mailbox turned off, and when the port
 * is taken by someone else.
 */
let database: Database;
let dataDir: string;
const running: DemoBoot[] = [];
const blockers: net.Server[] = [];

// every test starts from the run's migrated database (global-setup), not from migrating anew (~3 s each)
let template: Blob;
beforeAll(() => {
  template = new Blob([readFileSync(inject("pgliteTemplate"))]);
});

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "atende-demo-"));
  database = await openPglite(undefined, template);
  await database.migrate(); // nothing to apply: checks the template is this build's
});

afterEach(async () => {
  for (const b of running.splice(0)) await b.mailbox?.stop();
  for (const s of blockers.splice(0)) await new Promise((r) => s.close(r));
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function boot(opts: { seed: boolean; mailboxPort: number }) {
  const result = await bootDemo(database.db, { ...opts, dataDir, tickets: 3 });
  running.push(result);
  return result;
}

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** Someone else's server on a port (what another demo or program would be). */
async function occupy(port: number) {
  const server = net.createServer((socket) => socket.end("220 someone else\r\n"));
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  blockers.push(server);
}

async function demoSettings() {
  return database.db.select().from(officeMailSettings);
}

async function officeCount() {
  return (await database.db.select({ id: offices.id }).from(offices)).length;
}

/** Sends through the office's stored SMTP settings, as the e-mail worker does. */
async function sendWithStoredSettings() {
  const [s] = await demoSettings();
  if (!s) throw new Error("no SMTP settings");
  const transport = nodemailer.createTransport({ host: s.host, port: s.port, secure: false });
  await transport.sendMail({
    from: s.fromAddress,
    to: "cliente@exemplo.com.br",
    subject: "Teste da caixa de demonstração",
    text: "olá",
  });
  transport.close();
}

// each test opens a fresh database and seeds a demo office: generous, the machine may be busy
describe("demo office and demo mailbox at start", { timeout: 120_000 }, () => {
  it("a fresh database: the mailbox runs on the port and the demo office sends to it", async () => {
    const port = await freePort();
    const demo = await boot({ seed: true, mailboxPort: port });
    expect(demo.seeded).toBe(true);
    expect(demo.mailbox?.port).toBe(port);
    const settings = await demoSettings();
    expect(settings).toHaveLength(1);
    expect(settings[0]).toMatchObject({ host: "127.0.0.1", port, fromAddress: DEMO_MAIL_SENDER });
    // the e-mail really lands in the demo mailbox
    await sendWithStoredSettings();
    expect(readdirSync(path.join(dataDir, "mailbox")).filter((f) => f.endsWith(".eml"))).toHaveLength(1);
  });

  it("a taken port is an error naming it, and nothing is seeded pointing at it", async () => {
    const port = await freePort();
    await occupy(port);
    await expect(boot({ seed: true, mailboxPort: port })).rejects.toThrow(
      new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use.*DEMO_MAILBOX_PORT`),
    );
    expect(await officeCount()).toBe(0);
    expect(await demoSettings()).toHaveLength(0);
  });

  it("a taken DEMO_IMAP_PORT is an error naming it; the SMTP port stays free and nothing is seeded", async () => {
    const [smtpPort, imapPort] = [await freePort(), await freePort()];
    await occupy(imapPort);
    const result = bootDemo(database.db, {
      seed: true,
      mailboxPort: smtpPort,
      imapPort,
      secretKey: Buffer.alloc(32, 7),
      dataDir,
      tickets: 3,
    });
    await expect(result).rejects.toThrow(
      new RegExp(`port ${imapPort} on 127\\.0\\.0\\.1 is already in use.*DEMO_IMAP_PORT`),
    );
    expect(await officeCount()).toBe(0);
    // nothing was left listening on the SMTP port: it can be taken now
    await occupy(smtpPort);
  });

  it("a restart with another port: the mailbox runs on the new port and the stored port follows it", async () => {
    const first = await freePort();
    const demo = await boot({ seed: true, mailboxPort: first });
    await demo.mailbox?.stop();
    running.splice(0);
    // the old port now belongs to someone else
    await occupy(first);

    const second = await freePort();
    // SEED_DEMO is irrelevant on restart: the existing demo office uses the mailbox
    const again = await boot({ seed: false, mailboxPort: second });
    expect(again.seeded).toBe(false);
    expect(again.mailbox?.port).toBe(second);
    expect(again.repointed).toBe(1);
    expect((await demoSettings())[0]?.port).toBe(second);
    expect(await officeCount()).toBe(1);
    await sendWithStoredSettings();
    expect(readdirSync(path.join(dataDir, "mailbox"))).toHaveLength(1);
  });

  it("a restart on the same port leaves the settings as they are", async () => {
    const port = await freePort();
    const demo = await boot({ seed: true, mailboxPort: port });
    await demo.mailbox?.stop();
    running.splice(0);
    const before = (await demoSettings())[0];
    const again = await boot({ seed: true, mailboxPort: port });
    expect(again).toMatchObject({ seeded: false, repointed: 0, unconfigured: 0 });
    expect(again.mailbox?.port).toBe(port);
    expect((await demoSettings())[0]).toEqual(before);
  });

  it("a restart whose port is taken fails naming the port", async () => {
    const port = await freePort();
    const demo = await boot({ seed: true, mailboxPort: port });
    await demo.mailbox?.stop();
    running.splice(0);
    await occupy(port);
    await expect(boot({ seed: false, mailboxPort: port })).rejects.toThrow(`port ${port}`);
  });

  it("DEMO_MAILBOX_PORT=0: no mailbox, and the demo office has no SMTP (seeded or already there)", async () => {
    const fresh = await boot({ seed: true, mailboxPort: 0 });
    expect(fresh.seeded).toBe(true);
    expect(fresh.mailbox).toBeUndefined();
    expect(await demoSettings()).toHaveLength(0);
  });

  it("DEMO_MAILBOX_PORT=0 on a demo database that used the mailbox removes its SMTP settings", async () => {
    const port = await freePort();
    const demo = await boot({ seed: true, mailboxPort: port });
    await demo.mailbox?.stop();
    running.splice(0);
    const again = await boot({ seed: false, mailboxPort: 0 });
    expect(again.mailbox).toBeUndefined();
    expect(again.unconfigured).toBe(1);
    expect(await demoSettings()).toHaveLength(0);
  });

  it("an office whose admin set a real SMTP server is left alone and no mailbox starts", async () => {
    const port = await freePort();
    const demo = await boot({ seed: true, mailboxPort: port });
    await demo.mailbox?.stop();
    running.splice(0);
    const [s] = await demoSettings();
    if (!s) throw new Error("no settings");
    await mailRepo.upsertSettings(database.db, { ...s, host: "smtp.escritorio.com.br", port: 587 });

    const other = await freePort();
    const again = await boot({ seed: true, mailboxPort: other });
    expect(again.mailbox).toBeUndefined();
    const [after] = await database.db
      .select()
      .from(officeMailSettings)
      .where(eq(officeMailSettings.officeId, s.officeId));
    expect(after).toMatchObject({ host: "smtp.escritorio.com.br", port: 587 });
  });

  it("no demo office and no seeding: no mailbox", async () => {
    const demo = await boot({ seed: false, mailboxPort: await freePort() });
    expect(demo).toMatchObject({ seeded: false, mailbox: undefined });
    expect(await officeCount()).toBe(0);
  });
});
