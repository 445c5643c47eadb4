import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestS3, type TestS3Server } from "../test/s3-server.js";
import type { BlobStore } from "./blob-store.js";
import { main } from "./cli.js";
import { LocalDiskBlobStore } from "./local-disk.js";
import { migrateBlobs } from "./migrate.js";
import { S3BlobStore, s3ClientFor } from "./s3.js";

let s3: TestS3Server;
beforeAll(async () => {
  s3 = await startTestS3([]);
});
afterAll(async () => {
  await s3?.close();
});

let dataDir: string;
let local: LocalDiskBlobStore;
let target: S3BlobStore;
let bucket: string;
let journal: string;
let n = 0;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "atende-migrate-"));
  local = new LocalDiskBlobStore(path.join(dataDir, "files"));
  bucket = `migrate-${++n}`;
  const client = s3ClientFor(s3.config(bucket));
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  target = new S3BlobStore({ client, bucket });
  journal = path.join(dataDir, "journal.log");
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function localFiles(count: number) {
  const out = [];
  for (let i = 0; i < count; i++) out.push(await local.put(Readable.from([randomBytes(1000 + i)])));
  return out;
}

/** the target, failing its nth put() (the connection dropped half-way through the migration) */
function failingAt(nth: number): BlobStore {
  let puts = 0;
  return new Proxy(target, {
    get(t, prop, receiver) {
      if (prop === "put")
        return (src: Readable) => (++puts === nth ? Promise.reject(new Error("conexão caiu")) : t.put(src));
      return Reflect.get(t, prop, receiver);
    },
  });
}

describe("npm run storage -- migrate --to s3", () => {
  it("copies and verifies every blob, and a second run copies only what is new", async () => {
    const blobs = await localFiles(3);
    const first = await migrateBlobs(local, target, { journal });
    expect(first).toMatchObject({ total: 3, copied: 3, skipped: 0, failed: [] });
    for (const b of blobs) expect(await target.exists(b.sha256)).toBe(true);
    expect((await readFile(journal, "utf8")).trim().split("\n").sort()).toEqual(
      blobs.map((b) => b.sha256).sort(),
    );
    // files uploaded while it ran (the app still on the local disk)
    await localFiles(1);
    expect(await migrateBlobs(local, target, { journal })).toMatchObject({ total: 4, copied: 1, skipped: 3 });
  });

  it("resumes after an interruption: what was verified is skipped, the rest copied", async () => {
    await localFiles(4);
    const cut = await migrateBlobs(local, failingAt(3), { journal });
    expect(cut).toMatchObject({ total: 4, copied: 3, failed: [{ reason: "conexão caiu" }] });
    const again = await migrateBlobs(local, target, { journal });
    expect(again).toMatchObject({ total: 4, copied: 1, skipped: 3, failed: [] });
    // a blob of the journal that vanished from the bucket is copied again
    const [gone] = (await readFile(journal, "utf8")).trim().split("\n");
    await target.removeStale([gone as string], {
      olderThan: new Date(Date.now() + 60_000),
      referenced: async () => new Set(),
    });
    expect(await migrateBlobs(local, target, { journal })).toMatchObject({ copied: 1, skipped: 3 });
  });

  it("fails a damaged local file and a copy that does not read back the same, journaling neither", async () => {
    const [good, damaged] = await localFiles(2);
    await writeFile(local.pathOf(damaged?.sha256 as string), "bytes trocados no disco");
    const r = await migrateBlobs(local, target, { journal });
    expect(r).toMatchObject({
      copied: 1,
      failed: [{ sha256: damaged?.sha256, reason: expect.stringMatching(/danificado/) }],
    });
    expect(await target.exists(damaged?.sha256 as string)).toBe(false);
    expect((await readFile(journal, "utf8")).trim()).toBe(good?.sha256);

    const liar = new Proxy(target, {
      get(t, prop, receiver) {
        if (prop === "open") return async () => Readable.from([Buffer.from("outra coisa")]);
        return Reflect.get(t, prop, receiver);
      },
    });
    await rm(local.pathOf(damaged?.sha256 as string));
    await localFiles(1);
    const r2 = await migrateBlobs(local, liar, { journal });
    expect(r2.failed).toEqual([{ sha256: expect.any(String), reason: expect.stringMatching(/não confere/) }]);
    expect(r2.skipped).toBe(1);
  });

  it("as a command: wrong usage exits 2; a run says what to set only when all is verified", async () => {
    expect(await main(["migrate", "--to", "gcs"], () => {})).toBe(2);
    const env = {
      DATA_DIR: dataDir,
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: "S3RVER",
      S3_SECRET_ACCESS_KEY: "S3RVER",
      S3_FORCE_PATH_STYLE: "true",
    };
    const [blob] = await localFiles(2);
    const lines: string[] = [];
    expect(await main(["migrate", "--to", "s3"], (l) => lines.push(l), env)).toBe(0);
    expect(lines.join("\n")).toMatch(/2 copiado\(s\).*\n[\s\S]*defina STORAGE=s3/);
    // a damaged file: exit 1, nothing suggested
    await writeFile(local.pathOf(blob?.sha256 as string), "estragado");
    await rm(path.join(dataDir, `s3-migration-${bucket}.log`));
    const more: string[] = [];
    expect(await main(["migrate", "--to", "s3"], (l) => more.push(l), env)).toBe(1);
    expect(more.join("\n")).toMatch(/Nada foi trocado/);
    expect(more.join("\n")).not.toMatch(/STORAGE=s3/);
    // wrong settings are named
    await expect(main(["migrate", "--to", "s3"], () => {}, { ...env, S3_BUCKET: "" })).rejects.toThrow(
      /S3_BUCKET/,
    );
    await expect(
      main(["migrate", "--to", "s3"], () => {}, { ...env, S3_BUCKET: "nao-existe" }),
    ).rejects.toThrow(/^S3_BUCKET: o bucket "nao-existe" não existe/);
  });
});
