#!/usr/bin/env node
// Starts the app for the end-to-end tests on a fresh embedded database with the demo office: the
// compiled server, as `npm start` runs it (scripts/start.mjs builds only what is missing or stale;
// `npm test` has built both already).
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";

// a fixed, fresh folder, so the tests can read the demo mailbox (E2E_DATA_DIR/mailbox)
const dataDir = path.resolve(process.env.E2E_DATA_DIR ?? "test-results/e2e-data");
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
const child = spawn(process.execPath, ["scripts/start.mjs"], {
  stdio: "inherit",
  env: {
    ...process.env,
    DATA_DIR: dataDir,
    SEED_DEMO: "true",
    DATABASE_URL: "",
    DEMO_MAILBOX_PORT: process.env.DEMO_MAILBOX_PORT ?? "2526",
    // the demo office's incoming mailbox (IMAP): another free port per parallel run
    DEMO_IMAP_PORT: process.env.DEMO_IMAP_PORT ?? "2144",
    // every test signs in: the login limit is for people, not for the suite
    LOGIN_MAX_ATTEMPTS: "10000",
    // the sign-up spec (and its --repeat-each runs) signs offices up from one address
    SIGNUP_MAX_PER_HOUR: "10000",
  },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
