import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const dataDir = mkdtempSync(path.join(tmpdir(), "atende-backup-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function cli(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "src/server/backup/cli.ts", ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "", DATA_DIR: dataDir, NODE_ENV: "test" },
  });
}

describe("backup CLI", () => {
  it("answers wrong usage with 2 and a refusal with 1 and its pt-BR message", () => {
    const usage = cli("backup");
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/npm run backup -- --out ARQUIVO/);

    const nothing = cli("backup", "--out", path.join(dataDir, "x.tar.gz"));
    expect(nothing.status).toBe(1);
    expect(nothing.stderr).toMatch(/^Erro: Não há banco embutido em /m);

    const missing = cli("restore", path.join(dataDir, "nao-existe.tar.gz"));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^Erro: Arquivo de backup não encontrado/m);
  }, 120_000);
});
