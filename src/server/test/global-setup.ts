import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { connectPostgres, openPglite } from "../db/client.js";
import { startJobQueue } from "../jobs/queue.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** path of a migrated PGlite data directory (tar) that every test file loads instead of migrating */
    pgliteTemplate: string;
  }
}

/**
 * Migrates once for the whole run, so that a test file's setup stays far below any timeout on a busy
 * machine:
 * - PGlite: one in-memory database is migrated (our schema and pg-boss's), dumped to a temporary tar
 *   and each test file loads a copy of it (~0.4 s instead of ~3–4 s to create and migrate one);
 * - PostgreSQL (ATENDE_TEST_DB=postgres): the schema is migrated on TEST_DATABASE_URL; every test then
 *   builds its own office, so nothing needs truncating.
 */
export default async function setup(project: TestProject) {
  if (process.env.ATENDE_TEST_DB === "postgres") {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error("ATENDE_TEST_DB=postgres needs TEST_DATABASE_URL");
    const database = connectPostgres(url, 2);
    try {
      await database.migrate();
    } finally {
      await database.close();
    }
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "atende-pglite-template-"));
  const file = path.join(dir, "template.tar");
  const database = await openPglite(undefined);
  try {
    await database.migrate();
    const jobs = await startJobQueue(database, { runWorkers: false, retryDelaySeconds: 1 });
    await jobs.stop();
    const dump = await database.dumpDataDir?.();
    if (!dump) throw new Error("PGlite could not dump its data directory");
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await database.close();
  }
  project.provide("pgliteTemplate", file);
  return () => rmSync(dir, { recursive: true, force: true });
}
