import { createHash, randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import * as tar from "tar";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildApp } from "../app.js";
import { startServices } from "../bootstrap.js";
import { loadConfig } from "../config.js";
import { connectPostgres, type Database, openPglite } from "../db/client.js";
import { startJobQueue } from "../jobs/queue.js";
import { DEMO_LOGIN, seedDemo } from "../seed/demo.js";
import { LocalDiskBlobStore } from "../storage/local-disk.js";
import { login, TEST_DB } from "../test/harness.js";
import { createBackup } from "./backup.js";
import { BackupError } from "./errors.js";
import { blobEntryName } from "./manifest.js";
import { listTables, type Query } from "./repository.js";
import { restoreBackup } from "./restore.js";

/**
 * Demo office + uploads → backup → a new empty installation → restore → the same rows (every table,
 * by content), the same files (by hash), and an app built on the restored database works. Then the
 * bad inputs: a non-empty target, a truncated archive, a blob that does not match its hash and a
 * manifest of a newer format are refused, and nothing of the target changes.
 * Runs on PGlite (on-disk data directories) or on PostgreSQL (new databases beside TEST_DATABASE_URL).
 */

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const silentLog = { info() {}, warn() {}, error() {} };
const SECRET_HEX = randomBytes(32).toString("hex");

let work: string;
const pgDatabases: string[] = [];
let adminUrl: URL | undefined;

/** An installation: a DATA_DIR and, on PostgreSQL, a database of its own (new and empty). */
async function installation(name: string) {
  const dataDir = path.join(work, name);
  let databaseUrl: string | undefined;
  if (TEST_DB === "postgres") {
    const base = new URL(process.env.TEST_DATABASE_URL as string);
    adminUrl = base;
    const dbName = `${base.pathname.slice(1)}_bk_${name}`;
    const admin = new pg.Client({ connectionString: base.toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${dbName}"`);
    await admin.end();
    pgDatabases.push(dbName);
    const url = new URL(base.toString());
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  const config = { databaseUrl, dataDir };
  return {
    config,
    /** the database of this installation; PGlite from the migrated template when `fromTemplate` */
    async open(fromTemplate = false): Promise<Database> {
      if (databaseUrl) return connectPostgres(databaseUrl, 2);
      const template = fromTemplate ? new Blob([await readFile(inject("pgliteTemplate"))]) : undefined;
      return openPglite(path.join(dataDir, "pglite"), template);
    },
  };
}

async function startApp(config: { databaseUrl?: string; dataDir: string }, database: Database) {
  const appConfig = {
    ...loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", DATA_DIR: config.dataDir }),
    databaseUrl: config.databaseUrl,
  };
  const services = await startServices(appConfig, database, {
    ephemeral: true,
    listenUrl: config.databaseUrl,
    log: silentLog,
  });
  const app = await buildApp({
    config: appConfig,
    database,
    jobs: services.jobs,
    secretKey: services.secretKey,
    bus: services.bus,
    blobStore: services.blobStore,
  });
  await app.ready();
  return {
    app,
    async stop() {
      await app.close();
      await services.stop();
    },
  };
}

/** Every table's rows as one digest per table: "the same rows", not only as many. */
async function tableDigests(q: Query): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of await listTables(q)) {
    const [schema, name] = table.split(".");
    const { rows } = await q(
      `SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS d FROM "${schema}"."${name}" t`,
    );
    out[table] = (rows[0] as { d: string }).d;
  }
  return out;
}

/** sha256 of every blob's content, by address. */
async function blobHashes(dataDir: string): Promise<Record<string, string>> {
  const store = new LocalDiskBlobStore(path.join(dataDir, "files"));
  const out: Record<string, string> = {};
  for await (const b of store.list()) out[b.sha256] = sha(await readFile(store.pathOf(b.sha256)));
  return out;
}

/** Every path under dir with size and mtime: what "untouched" is checked against. */
async function fingerprint(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return ["<absent>"];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    const p = path.join(e.parentPath, e.name);
    const s = await stat(p);
    out.push(`${path.relative(dir, p)} ${e.isFile() ? s.size : "dir"} ${s.mtimeMs}`);
  }
  return out.sort();
}

async function userTableCount(config: { databaseUrl?: string }): Promise<number> {
  if (!config.databaseUrl) return 0;
  const c = new pg.Client({ connectionString: config.databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query(
      "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
    );
    return rows[0].n as number;
  } finally {
    await c.end();
  }
}

function multipart(files: { name: string; data: Buffer }[]) {
  const boundary = `----AtendeBoundary${randomUUID().replaceAll("-", "")}`;
  const chunks: Buffer[] = [];
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\n` +
          "Content-Type: application/octet-stream\r\n\r\n",
      ),
      f.data,
      Buffer.from("\r\n"),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    body: Buffer.concat(chunks),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

/** Rewrites an archive after `change` edits its extracted contents. */
async function tamper(archive: string, out: string, change: (dir: string) => Promise<void>) {
  const dir = await mkdtemp(path.join(work, "tamper-"));
  await tar.extract({ file: archive, cwd: dir });
  await change(dir);
  const entries = (await readdir(dir)).sort((a, b) =>
    a === "manifest.json" ? -1 : b === "manifest.json" ? 1 : 0,
  );
  await tar.create({ gzip: true, file: out, cwd: dir, portable: true }, entries);
  await rm(dir, { recursive: true, force: true });
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "atende-backup-"));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  if (adminUrl && pgDatabases.length) {
    const admin = new pg.Client({ connectionString: adminUrl.toString() });
    await admin.connect();
    for (const db of pgDatabases) await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    await admin.end();
  }
});

describe(`backup and restore (${TEST_DB})`, () => {
  let archive: string;
  let source: Awaited<ReturnType<typeof installation>>;
  let sourceDigests: Record<string, string>;
  let uploaded: { id: string; data: Buffer }[];

  it("backs up the demo office with its files, and restores it into a new installation that works", async () => {
    source = await installation("src");
    const db = await source.open(true);
    try {
      if (db.kind === "postgres") {
        await db.migrate();
        await (await startJobQueue(db, { runWorkers: false, retryDelaySeconds: 1 })).stop();
      }
      await seedDemo(db.db, { tickets: 8 });
      await mkdir(source.config.dataDir, { recursive: true });
      await writeFile(path.join(source.config.dataDir, "secret.key"), SECRET_HEX, { mode: 0o600 });
      const running = await startApp(source.config, db);
      try {
        const admin = await login(running.app, DEMO_LOGIN.email, DEMO_LOGIN.password);
        const grid = (await admin.get("/api/tickets")).json() as { items: { id: string }[] };
        const ticketId = grid.items[0]?.id as string;
        const files = [
          { name: "balanço 2026.pdf", data: randomBytes(200 * 1024) },
          { name: "contrato social.txt", data: Buffer.from("Cláusula primeira: o capital social…") },
        ];
        const { body, headers } = multipart(files);
        const res = await admin.request("POST", `/api/tickets/${ticketId}/attachments`, body, headers);
        expect(res.statusCode).toBe(201);
        const saved = res.json() as { id: string; name: string }[];
        uploaded = files.map((f) => ({
          id: saved.find((s) => s.name === f.name)?.id as string,
          data: f.data,
        }));
        expect(uploaded.every((u) => u.id)).toBe(true);
      } finally {
        await running.stop();
      }
      if (db.kind === "pglite") {
        // PGlite is one process: a backup while the app has the data directory open is refused
        const err = await createBackup(source.config, path.join(work, "busy.tar.gz")).catch((e) => e);
        expect(err).toBeInstanceOf(BackupError);
        expect(err.code).toBe("database_in_use");
        expect(err.message).toMatch(/pare o Atende/);
        expect(existsSync(path.join(work, "busy.tar.gz"))).toBe(false);
      }
      sourceDigests = await tableDigests(db.rawQuery);
    } finally {
      await db.close();
    }
    const sourceBlobs = await blobHashes(source.config.dataDir);
    expect(Object.keys(sourceBlobs)).toHaveLength(2);

    archive = path.join(work, "atende.tar.gz");
    const lines: string[] = [];
    const { manifest } = await createBackup(source.config, archive, { log: (l) => lines.push(l) });
    expect(lines.at(-1)).toMatch(/^Backup gravado em .*atende\.tar\.gz/);
    expect((await stat(archive)).mode & 0o777).toBe(0o600);
    expect(manifest.database.kind).toBe(TEST_DB);
    expect(manifest.database.migrations.count).toBeGreaterThan(0);
    expect(manifest.database.rowCounts["public.attachments"]).toBe(2);
    for (const u of uploaded) expect(manifest.files[blobEntryName(sha(u.data))]?.size).toBe(u.data.length);
    // the manifest is the archive's first entry: a reader learns the format before anything else
    const names: string[] = [];
    await tar.list({ file: archive, onReadEntry: (e) => names.push(e.path) });
    expect(names[0]).toBe("manifest.json");

    const target = await installation("dst");
    const restored = await restoreBackup(target.config, archive);
    expect(restored.createdAt).toBe(manifest.createdAt);
    expect(await blobHashes(target.config.dataDir)).toEqual(sourceBlobs);
    expect((await readFile(path.join(target.config.dataDir, "secret.key"), "utf8")).trim()).toBe(SECRET_HEX);
    expect((await stat(path.join(target.config.dataDir, "secret.key"))).mode & 0o777).toBe(0o600);
    expect((await readdir(target.config.dataDir)).filter((n) => n.startsWith("."))).toEqual([]);

    const db2 = await target.open();
    try {
      expect(await tableDigests(db2.rawQuery)).toEqual(sourceDigests);
      const running = await startApp(target.config, db2);
      try {
        const admin = await login(running.app, DEMO_LOGIN.email, DEMO_LOGIN.password);
        const grid = await admin.get("/api/tickets");
        expect(grid.statusCode).toBe(200);
        // every atendimento of the demo office (its requests and its generated obligations) is listed
        const { rows } = await db2.rawQuery("select count(*)::int as n from tickets");
        const n = (rows[0] as { n: number }).n;
        expect(n).toBeGreaterThan(8);
        const page = grid.json() as { items: unknown[]; total: number };
        expect(page.total).toBe(n);
        expect(page.items).toHaveLength(Math.min(n, 20));
        for (const u of uploaded) {
          const dl = await admin.get(`/api/attachments/${u.id}/download`);
          expect(dl.statusCode).toBe(200);
          expect(sha(dl.rawPayload)).toBe(sha(u.data));
        }
      } finally {
        await running.stop();
      }
    } finally {
      await db2.close();
    }

    // and restoring again onto it (not empty any more) is refused, leaving it as it is
    const before = await fingerprint(target.config.dataDir);
    const again = await restoreBackup(target.config, archive).catch((e) => e);
    expect(again).toBeInstanceOf(BackupError);
    expect(again.code).toBe("target_not_empty");
    expect(again.message).toMatch(/nada foi alterado/);
    expect(await fingerprint(target.config.dataDir)).toEqual(before);
  }, 180_000);

  it("refuses a truncated archive, a blob that does not match its hash and a newer format, writing nothing", async () => {
    expect(archive).toBeDefined();
    const bytes = await readFile(archive);
    const truncated = path.join(work, "truncated.tar.gz");
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));

    const badBlob = path.join(work, "bad-blob.tar.gz");
    const victim = uploaded[1] as { data: Buffer };
    await tamper(archive, badBlob, async (dir) => {
      const p = path.join(dir, blobEntryName(sha(victim.data)));
      const content = await readFile(p);
      content[0] = (content[0] ?? 0) ^ 0xff; // same size, other bytes
      await writeFile(p, content);
    });

    const newer = path.join(work, "newer.tar.gz");
    await tamper(archive, newer, async (dir) => {
      const p = path.join(dir, "manifest.json");
      const m = JSON.parse(await readFile(p, "utf8"));
      await writeFile(p, JSON.stringify({ ...m, formatVersion: 99, somethingNew: {} }));
    });

    const garbage = path.join(work, "garbage.tar.gz");
    await writeFile(garbage, randomBytes(4096));

    const target = await installation("empty");
    const cases: [string, string, RegExp][] = [
      [truncated, "corrupt_archive", /corrompido ou incompleto/],
      [garbage, "corrupt_archive", /corrompido ou incompleto/],
      [badBlob, "corrupt_archive", /não confere com o manifesto/],
      [newer, "newer_format", /formato 99, mais novo/],
      [path.join(work, "nao-existe.tar.gz"), "corrupt_archive", /não encontrado/],
    ];
    for (const [file, code, message] of cases) {
      const err = await restoreBackup(target.config, file).catch((e) => e);
      expect(err, file).toBeInstanceOf(BackupError);
      expect({ file, code: err.code }).toEqual({ file, code });
      expect(err.message).toMatch(message);
      expect(await fingerprint(target.config.dataDir)).toEqual(["<absent>"]);
      expect(await userTableCount(target.config)).toBe(0);
    }
    // the same archive untouched restores fine into that still empty installation
    await restoreBackup(target.config, archive);
    expect(Object.keys(await blobHashes(target.config.dataDir))).toHaveLength(2);
  }, 180_000);
});
