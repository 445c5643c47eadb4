#!/usr/bin/env node
// Starts the app for the end-to-end tests on a fresh embedded database with the demo office.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "atende-e2e-"));
const child = spawn("npx", ["tsx", "src/server/main.ts"], {
  stdio: "inherit",
  env: { ...process.env, DATA_DIR: dataDir, SEED_DEMO: "true", DATABASE_URL: "" },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
