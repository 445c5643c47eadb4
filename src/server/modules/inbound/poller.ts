import { randomUUID } from "node:crypto";
import type { ImapFlow } from "imapflow";
import { connectImap, describeImapError } from "./imap.js";
import { type InboundDeps, processInbound } from "./process.js";
import * as repo from "./repository.js";

export interface PollOptions {
  secretKey: Buffer;
  /** this instance's name on the lease */
  owner: string;
  /** the lease lasts this long between renewals (renewed before each message) */
  leaseSeconds: number;
  /** the next poll after a good one */
  intervalMs: number;
  /** after a failure: first wait, doubled per failure, never more than maxRetryMs */
  retryMs: number;
  maxRetryMs: number;
  /** messages read per round (the rest waits for the next one, the bookmark keeps the place) */
  batch?: number;
  timeoutMs?: number;
  now?: () => Date;
  /** read a mailbox now even if its next poll is later (a message was just delivered: wake()) */
  force?: boolean;
}

export type PollResult =
  | { polled: false }
  | { polled: true; ok: true; processed: number; officeId: string }
  | { polled: true; ok: false; error: string; officeId: string };

/**
 * One round: takes the lease of one mailbox that is due (optionally a given office's), reads the
 * messages after the bookmark (UID > lastUid of the same UIDVALIDITY) one by one, each processed
 * exactly once, moving the bookmark after each, and gives the lease back with the next poll's time:
 * the interval after a good round, a doubling backoff after a failure (server down, password
 * refused), whose error shows in Configurações. Messages are left in the mailbox as they are.
 */
export async function pollOnce(d: InboundDeps, o: PollOptions, officeId?: string): Promise<PollResult> {
  const claimed = await repo.claimDueMailbox(d.db, o.owner, o.leaseSeconds, officeId, o.force);
  if (!claimed) return { polled: false };
  const s = await repo.getSettings(d.db, claimed);
  if (!s) return { polled: false };
  const now = () => (o.now ? o.now() : new Date());
  let client: ImapFlow | undefined;
  let processed = 0;
  try {
    client = await connectImap(s, o.secretKey, o.timeoutMs);
    const lock = await client.getMailboxLock(s.folder);
    try {
      const mailbox = client.mailbox;
      if (!mailbox) throw new Error("mailbox not selected");
      const uidValidity = Number(mailbox.uidValidity);
      // another UIDVALIDITY: the server renumbered the folder, read it again (Message-IDs dedupe)
      const after = s.uidValidity === uidValidity ? s.lastUid : 0;
      const found = (await client.search({ uid: `${after + 1}:*` }, { uid: true })) || [];
      const uids = found
        .filter((u) => u > after)
        .sort((a, b) => a - b)
        .slice(0, o.batch ?? 200);
      for (const uid of uids) {
        if (!(await repo.renewLease(d.db, s.officeId, o.owner, o.leaseSeconds))) break;
        const raw = await fetchRaw(client, uid, d.maxMessageBytes);
        if (raw) await processInbound(d, s, raw.bytes, { uidValidity, uid }, raw.size);
        await repo.saveBookmark(d.db, s.officeId, o.owner, uidValidity, uid);
        processed++;
      }
      if (uids.length === 0 && s.uidValidity !== uidValidity)
        await repo.saveBookmark(d.db, s.officeId, o.owner, uidValidity, after);
    } finally {
      lock.release();
    }
    await client.logout().catch(() => {});
    await repo.releaseLease(d.db, s.officeId, o.owner, {
      ok: true,
      nextPollAt: new Date(now().getTime() + o.intervalMs),
    });
    return { polled: true, ok: true, processed, officeId: s.officeId };
  } catch (err) {
    client?.close();
    const error = describeImapError(err, s);
    const wait = Math.min(o.retryMs * 2 ** Math.min(s.failures, 20), o.maxRetryMs);
    await repo.releaseLease(d.db, s.officeId, o.owner, {
      ok: false,
      error,
      nextPollAt: new Date(now().getTime() + wait),
    });
    return { polled: true, ok: false, error, officeId: s.officeId };
  }
}

/** The source of one message; over the limit only its headers (with the size it announced). */
async function fetchRaw(client: ImapFlow, uid: number, max: number) {
  const meta = await client.fetchOne(String(uid), { size: true }, { uid: true });
  if (!meta) return null;
  const size = meta.size ?? 0;
  if (size > max) {
    const h = await client.fetchOne(String(uid), { headers: true }, { uid: true });
    if (h === false || !h.headers) return null;
    return { bytes: h.headers, size };
  }
  const m = await client.fetchOne(String(uid), { source: true }, { uid: true });
  if (m === false || !m.source) return null;
  return { bytes: m.source, size: m.source.length };
}

/** "Testar conexão": logs in and opens the folder; the answer says what was found or what failed. */
export async function testMailbox(
  s: Pick<repo.InboundSettingsRow, "host" | "port" | "security" | "username" | "passwordEnc" | "folder">,
  secretKey: Buffer,
  timeoutMs?: number,
): Promise<{ ok: boolean; message: string }> {
  let client: ImapFlow | undefined;
  try {
    client = await connectImap(s, secretKey, timeoutMs);
    const status = await client.status(s.folder, { messages: true });
    await client.logout().catch(() => {});
    return {
      ok: true,
      message: `Conexão bem-sucedida: a pasta "${s.folder}" tem ${status ? (status.messages ?? 0) : 0} mensagem(ns).`,
    };
  } catch (err) {
    client?.close();
    return { ok: false, message: describeImapError(err, { ...s, folder: s.folder }) };
  }
}

/**
 * The worker: every `tickMs` (and at once when woken) polls the mailboxes that are due, one round
 * each, until none is. Every instance runs it; the lease decides who reads which mailbox.
 */
export function startInboundPoller(
  d: InboundDeps,
  o: Omit<PollOptions, "owner"> & { tickMs: number },
): { wake(): void; stop(): Promise<void> } {
  const opts = { ...o, owner: `${process.pid}-${randomUUID().slice(0, 8)}` };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  let again = false;
  // set by wake(): the next round reads a mailbox whose next poll is not due yet
  let woken = false;
  const schedule = (ms: number) => {
    if (stopped || timer) return;
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  const round = async () => {
    const force = woken;
    woken = false;
    for (let i = 0; i < 100 && !stopped; i++) {
      // only the round's first claim is forced: the mailbox just read is not due again
      const r = await pollOnce(d, { ...opts, force: force && i === 0 });
      if (!r.polled) break;
    }
  };
  function tick() {
    timer = undefined;
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = round()
      .catch((err: unknown) => d.log?.error({ err }, "inbound poll failed"))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          schedule(0);
        } else schedule(o.tickMs);
      });
  }
  schedule(0);
  return {
    wake() {
      woken = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
