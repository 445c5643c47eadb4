import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { offices } from "../db/schema/index.js";
import { createOffice, expectError, login, TEST_DB, uniqueCnpj, useTestApp } from "../test/harness.js";
import { CliError, runOfficeCommand } from "./office.js";

const ctx = useTestApp();
const STRONG = "girassol trombone varanda 1987";

describe("npm run office -- create", () => {
  it("creates the office with its defaults and prints a one-time link for the admin's password", async () => {
    const email = `op-${Date.now()}@horizonte.com.br`;
    const out = await runOfficeCommand(ctx.database.db, ctx.config, [
      "create",
      "--name",
      "Contábil Operador Ltda",
      "--document",
      uniqueCnpj(),
      "--admin-email",
      email,
      "--admin-name",
      "Otávio Operador",
    ]);
    const link = /\/convite\/([\w-]+)$/m.exec(out);
    expect(link?.[1]).toBeTruthy();
    // the admin cannot log in before choosing a password
    const before = await ctx.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email, password: STRONG },
    });
    expect(before.statusCode).toBe(401);
    const accept = (token: string) =>
      ctx.app.inject({
        method: "POST",
        url: `/api/invitations/${token}/accept`,
        payload: { password: STRONG },
      });
    expect((await accept(link?.[1] as string)).statusCode).toBe(200);
    expectError(await accept(link?.[1] as string), 410, "invitation_used");
    const admin = await login(ctx.app, email, STRONG);
    expect(admin.user.role).toBe("admin");
    const cats = (await admin.get("/api/finance/categories?pageSize=50")).json().items as { name: string }[];
    expect(cats.map((c) => c.name)).toContain("Honorários");
    expect((await admin.get("/api/onboarding")).json().visible).toBe(true);
  });

  it("refuses bad input with a message for the operator and writes nothing", async () => {
    const { adminUser } = await createOffice(ctx);
    const run = (args: string[]) => runOfficeCommand(ctx.database.db, ctx.config, args);
    await expect(
      run(["create", "--name", "X Ltda", "--document", "11.222.333/0001-82", "--admin-email", "a@b.com.br"]),
    ).rejects.toThrow(/--document: CNPJ ou CPF inválido/);
    await expect(
      run([
        "create",
        "--name",
        "Duplicado Ltda",
        "--document",
        uniqueCnpj(),
        "--admin-email",
        adminUser.email,
      ]),
    ).rejects.toThrow(/--admin-email: já existe/);
    await expect(run(["remove"])).rejects.toBeInstanceOf(CliError);
    expect(
      await ctx.database.db.select().from(offices).where(eq(offices.name, "Duplicado Ltda")),
    ).toHaveLength(0);
  });

  // the real script, end to end, on its own embedded database (PGlite run only: it migrates a new one)
  it.skipIf(TEST_DB !== "pglite")(
    "runs as `npm run office` and prints the link",
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "atende-office-cli-"));
      try {
        const { stdout } = await promisify(execFile)(
          "npx",
          [
            "tsx",
            "src/server/cli/office.ts",
            "create",
            "--name",
            "Contábil Script Ltda",
            "--document",
            "529.982.247-25",
            "--admin-email",
            "script@horizonte.com.br",
          ],
          {
            env: {
              ...process.env,
              DATA_DIR: dir,
              DATABASE_URL: "",
              PUBLIC_URL: "https://atende.exemplo.com.br",
              NODE_ENV: "test",
            },
          },
        );
        expect(stdout).toContain("Escritório criado: Contábil Script Ltda (529.982.247-25)");
        expect(stdout).toMatch(/^https:\/\/atende\.exemplo\.com\.br\/convite\/[\w-]{40,}$/m);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
