import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { dependencyOrder } from "../db/move/catalog.js";
import { parseDbArgs, runDbCli, UsageError } from "./db.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const dataDir = mkdtempSync(path.join(tmpdir(), "atende-db-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function cli(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "src/server/cli/db.ts", ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "", DATA_DIR: dataDir, NODE_ENV: "test" },
  });
}

describe("npm run db", () => {
  it("parses `move --to URL` and nothing else", () => {
    expect(parseDbArgs(["move", "--to", "postgres://h/db"])).toEqual({ to: "postgres://h/db" });
    for (const bad of [
      [],
      ["move"],
      ["move", "--to"],
      ["copy", "--to", "x"],
      ["move", "--to", "x", "extra"],
      ["move", "--para", "x"],
    ])
      expect(() => parseDbArgs(bad), bad.join(" ")).toThrow(UsageError);
  });

  it("answers wrong usage with 2 and a refusal with 1 and its pt-BR message", async () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    const env = { NODE_ENV: "test", DATA_DIR: dataDir };
    try {
      expect(await runDbCli(["move"], env)).toBe(2);
      expect(String(err.mock.calls.at(-1)?.[0])).toMatch(/npm run db -- move --to postgres:\/\//);
      expect(await runDbCli(["move", "--to", "postgres://postgres@127.0.0.1:1/atende"], env)).toBe(1);
      expect(String(err.mock.calls.at(-1)?.[0])).toMatch(
        /^Erro: Não há banco embutido em .*: confira DATA_DIR/,
      );
    } finally {
      err.mockRestore();
    }
    // the command itself: the exit code and the message reach the shell, the password does not
    const wrong = cli("move", "--to", "mysql://root:segredo@127.0.0.1/atende");
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/^Erro: O destino precisa ser um PostgreSQL/m);
    expect(wrong.stderr + wrong.stdout).not.toContain("segredo");
  }, 60_000);
});

describe("dependencyOrder", () => {
  it("puts every table after the tables it references, ties by name, ignoring self-references", () => {
    const edges = [
      { child: "public.tickets", parent: "public.users" },
      { child: "public.tickets", parent: "public.offices" },
      { child: "public.users", parent: "public.offices" },
      { child: "public.events", parent: "public.tickets" },
      { child: "pgboss.queue", parent: "pgboss.queue" },
    ];
    const tables = ["public.events", "public.tickets", "public.users", "public.offices", "pgboss.queue"];
    expect(dependencyOrder(tables, edges)).toEqual([
      "pgboss.queue",
      "public.offices",
      "public.users",
      "public.tickets",
      "public.events",
    ]);
  });

  it("refuses a cycle between tables", () => {
    expect(() =>
      dependencyOrder(
        ["a.x", "a.y"],
        [
          { child: "a.x", parent: "a.y" },
          { child: "a.y", parent: "a.x" },
        ],
      ),
    ).toThrow(/cycle between a\.x, a\.y/);
  });
});
