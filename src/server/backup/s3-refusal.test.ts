import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { createBackup } from "./backup.js";
import { restoreBackup } from "./restore.js";

const dataDir = mkdtempSync(path.join(tmpdir(), "atende-backup-s3-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("backup and restore with STORAGE=s3", () => {
  it("refuse at once, saying why and what to do, touching nothing", async () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      STORAGE: "s3",
      S3_ENDPOINT: "http://127.0.0.1:9",
      S3_BUCKET: "atende-arquivos",
    });
    const out = path.join(dataDir, "backup.tar.gz");
    const refusal = {
      code: "s3_storage",
      message: expect.stringMatching(
        /^Com STORAGE=s3 os arquivos ficam no bucket "atende-arquivos".*nada foi feito/,
      ),
    };
    await expect(createBackup(config, out)).rejects.toMatchObject(refusal);
    await expect(restoreBackup(config, out)).rejects.toMatchObject(refusal);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
