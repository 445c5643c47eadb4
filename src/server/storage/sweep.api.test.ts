import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { readdir, stat, utimes, writeFile } from "node:fs/promises";
import { type AddressInfo, connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { AttachmentDto } from "../../shared/api.js";
import { referencedBlobs, startServices } from "../bootstrap.js";
import { connectPostgres, type Database } from "../db/client.js";
import { addAttachments } from "../modules/attachments/commands.js";
import type { Actor } from "../modules/auth/context.js";
import {
  createOffice,
  createRegistry,
  createTicket,
  type Session,
  TEST_DB,
  useTestApp,
} from "../test/harness.js";
import type { LocalDiskBlobStore } from "./local-disk.js";
import { runFileSweep } from "./sweep.js";

const dataDir = mkdtempSync(path.join(tmpdir(), "atende-sweep-"));
const ctx = useTestApp({ dataDir });
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const grace = { fileTempGraceMs: HOUR, fileOrphanGraceMs: DAY };

const store = () => ctx.services.blobStore as LocalDiskBlobStore;
const tmp = (name: string) => path.join(dataDir, "files", "tmp", name);
const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

async function setAge(p: string, ageMs: number) {
  const t = new Date(Date.now() - ageMs);
  await utimes(p, t, t);
}

/** A temp file as a killed upload leaves it, last written ageMs ago. */
async function partFile(ageMs: number, size = 1000) {
  const p = tmp(`${randomUUID()}.part`);
  await writeFile(p, randomBytes(size));
  await setAge(p, ageMs);
  return p;
}

/** A blob no row points to (an upload whose request failed), written ageMs ago. */
async function orphan(ageMs: number, size = 2000) {
  const blob = await store().put(Readable.from([randomBytes(size)]));
  await setAge(store().pathOf(blob.sha256), ageMs);
  return blob;
}

function upload(s: Session, ticketId: string, name: string, data: Buffer) {
  const boundary = `----AtendeBoundary${randomUUID().replaceAll("-", "")}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\n` +
        "Content-Type: application/octet-stream\r\n\r\n",
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return s.request("POST", `/api/tickets/${ticketId}/attachments`, body, {
    "content-type": `multipart/form-data; boundary=${boundary}`,
  });
}

/** Random bytes behind a fixed prefix, so no run looks like some file type. */
const fileData = (size = 3000) => Buffer.concat([Buffer.from("ATENDE-TEST-DATA\n"), randomBytes(size)]);

async function setup() {
  const o = await createOffice(ctx);
  const reg = await createRegistry(o.staff);
  const ticket = await createTicket(o.staff, reg);
  return { ...o, ticket };
}

/** Another instance's services on the same database and data directory, with the file sweep on. */
async function instanceWithSweep(fileSweepIntervalMs: number) {
  let database: Database = ctx.database;
  if (TEST_DB === "postgres") database = connectPostgres(process.env.TEST_DATABASE_URL as string, 2);
  const logged: { obj: Record<string, number>; msg?: string }[] = [];
  const errors: unknown[] = [];
  const services = await startServices({ ...ctx.config, ...grace, fileSweepIntervalMs }, database, {
    ephemeral: true,
    listenUrl: process.env.TEST_DATABASE_URL,
    log: {
      info: (obj, msg) => logged.push({ obj: obj as Record<string, number>, msg }),
      warn() {},
      error: (obj) => errors.push(obj),
    },
  });
  return {
    logged,
    errors,
    async stop() {
      await services.stop();
      if (database !== ctx.database) await database.close();
    },
  };
}

describe("file sweep", () => {
  it("at start removes old temp files and old orphans; keeps uploads in progress, fresh orphans and every referenced blob", async () => {
    const { staff, ticket } = await setup();
    const kept = fileData();
    const removedFile = fileData();
    const up = await upload(staff, ticket.id, "contrato.bin", kept);
    expect(up.statusCode).toBe(201);
    const up2 = await upload(staff, ticket.id, "removido.bin", removedFile);
    const [removedDto] = up2.json() as AttachmentDto[];
    expect((await staff.request("DELETE", `/api/attachments/${removedDto?.id}`)).statusCode).toBe(204);
    const [keptDto] = up.json() as AttachmentDto[];
    // every blob on disk is old now, referenced or not
    const referencedShas: string[] = [];
    for (const b of await collect(store().list())) {
      await setAge(store().pathOf(b.sha256), 3 * DAY);
      referencedShas.push(b.sha256);
    }
    const oldOrphan = await orphan(2 * DAY, 4321);
    const freshOrphan = await orphan(2 * HOUR);
    const killed = await partFile(2 * HOUR, 1234);
    const inProgress = await partFile(10 * MINUTE);

    const B = await instanceWithSweep(HOUR);
    try {
      await vi.waitFor(() => expect(B.logged).toHaveLength(1), { timeout: 20_000, interval: 50 });
    } finally {
      await B.stop();
    }
    expect(B.errors).toEqual([]);
    expect(B.logged[0]?.obj).toEqual({ tempFiles: 1, tempBytes: 1234, orphanBlobs: 1, orphanBytes: 4321 });
    expect(B.logged[0]?.msg).toMatch(/removed 1 temp file.*1 orphan blob/);

    expect(await exists(killed)).toBe(false);
    expect(await exists(inProgress)).toBe(true);
    expect(await store().exists(oldOrphan.sha256)).toBe(false);
    expect(await store().exists(freshOrphan.sha256)).toBe(true);
    // the file in the list and the removed one (soft deletion keeps its blob) both stay
    for (const sha of referencedShas) expect(await store().exists(sha)).toBe(true);
    const download = await staff.get(`/api/attachments/${keptDto?.id}/download`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(kept)).toBe(true);
    expect(await readdir(path.dirname(killed))).toEqual([path.basename(inProgress)]);
  });

  it("sweeps again every interval, and no more once stopped", async () => {
    const before = await partFile(2 * HOUR, 555);
    const B = await instanceWithSweep(300);
    try {
      // the sweep at start
      await vi.waitFor(() => expect(B.logged).toHaveLength(1), { timeout: 20_000, interval: 50 });
      expect(await exists(before)).toBe(false);
      // what a killed upload leaves after the first sweep ran is removed by a later one
      const later = await partFile(3 * HOUR, 777);
      const laterOrphan = await orphan(5 * DAY, 888);
      await vi.waitFor(
        async () => {
          expect(await exists(later)).toBe(false);
          expect(await store().exists(laterOrphan.sha256)).toBe(false);
        },
        { timeout: 20_000, interval: 100 },
      );
      expect(B.logged.map((l) => l.obj)).toContainEqual({
        tempFiles: 1,
        tempBytes: 777,
        orphanBlobs: 1,
        orphanBytes: 888,
      });
    } finally {
      await B.stop();
    }
    expect(B.errors).toEqual([]);
    const afterStop = await partFile(3 * HOUR);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await exists(afterStop)).toBe(true);
    expect(await store().sweepTemp(new Date(Date.now() - HOUR))).toEqual({ count: 1, bytes: 1000 });
  });

  it("keeps a blob that an upload of the same content reuses while the sweep runs (dedup race)", async () => {
    const { staff, staffUser, office, ticket } = await setup();
    const data = fileData();
    // stored long ago by a request that failed: an old orphan
    const old = await store().put(Readable.from([data]));
    await setAge(store().pathOf(old.sha256), 3 * DAY);
    const referenced = referencedBlobs(ctx.database.db);
    let calls = 0;
    const result = await runFileSweep(store(), {
      tempGraceMs: HOUR,
      orphanGraceMs: DAY,
      referenced: async (shas) => {
        const found = await referenced(shas);
        // the sweep listed the blob as old and finds no row; now the same file is uploaded: its
        // put() finds the blob already stored (dedup) ...
        if (++calls === 1) expect((await store().put(Readable.from([data]))).sha256).toBe(old.sha256);
        return found;
      },
    });
    expect(result.orphans.count).toBe(0);
    // ... and its row commits only after the sweep is done
    const actor: Actor = {
      sessionId: randomUUID(),
      lastSeenAt: new Date(),
      twoFactorSetupRequired: false,
      userId: staffUser.id,
      name: staffUser.name,
      email: staffUser.email,
      role: "staff",
      officeId: office.id,
      officeName: office.name,
      csrfToken: "",
      clientIds: [],
    };
    const { rows } = await addAttachments(ctx.database.db, actor, ticket.id, [
      { name: "reenviado.bin", sha256: old.sha256, sizeBytes: data.length, mime: "application/octet-stream" },
    ]);
    const download = await staff.get(`/api/attachments/${rows[0]?.id}/download`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(data)).toBe(true);
  });
});

describe("uploads cut off", () => {
  it("leave no temp file when the client goes away mid-body (the sweep is for killed processes)", async () => {
    const { staff, ticket } = await setup();
    await ctx.app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = ctx.app.server.address() as AddressInfo;
    const boundary = `----AtendeBoundary${randomUUID().replaceAll("-", "")}`;
    const sock = connect(port, "127.0.0.1");
    await new Promise((resolve) => sock.once("connect", resolve));
    sock.write(
      `POST /api/tickets/${ticket.id}/attachments HTTP/1.1\r\nHost: localhost\r\n` +
        `Cookie: ${staff.cookie}\r\nX-CSRF-Token: ${staff.csrfToken}\r\n` +
        `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="grande.bin"\r\n` +
        "Content-Type: application/octet-stream\r\n\r\n",
    );
    sock.write(fileData(2 * 1024 * 1024));
    const tmpDir = path.join(dataDir, "files", "tmp");
    const before = new Set(await readdir(tmpDir));
    // the upload is being written to a temp file ...
    await vi.waitFor(
      async () => expect((await readdir(tmpDir)).filter((n) => !before.has(n))).toHaveLength(1),
      { timeout: 20_000, interval: 50 },
    );
    // ... which goes with the connection
    sock.destroy();
    await vi.waitFor(async () => expect((await readdir(tmpDir)).filter((n) => !before.has(n))).toEqual([]), {
      timeout: 20_000,
      interval: 50,
    });
  });
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
