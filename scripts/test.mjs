#!/usr/bin/env node
// npm test: unit + API tests on embedded PGlite, the API tests again on a real PostgreSQL server
// when TEST_DATABASE_URL is set, then the end-to-end tests in Chromium against the app on PGlite.
// Under CI=true a missing PostgreSQL or Chromium is a failure, never a silent skip.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const ci = process.env.CI === "true" || process.env.CI === "1";
const out = path.resolve("test-results");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (r.status !== 0) failedSteps.push(label);
  return r.status === 0;
}

function countVitest(file) {
  if (!existsSync(file)) return;
  const j = JSON.parse(readFileSync(file, "utf8"));
  totals.passed += j.numPassedTests ?? 0;
  totals.failed += j.numFailedTests ?? 0;
  totals.skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
}

function countPlaywright(file) {
  if (!existsSync(file)) return;
  const s = JSON.parse(readFileSync(file, "utf8")).stats ?? {};
  totals.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  totals.failed += s.unexpected ?? 0;
  totals.skipped += s.skipped ?? 0;
}

const vitestArgs = (name) => [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${out}/${name}.json`,
];

// 1. unit + API on PGlite
run("unit and API tests (embedded PGlite)", "npx", vitestArgs("vitest-pglite"), { ATENDE_TEST_DB: "pglite" });
countVitest(`${out}/vitest-pglite.json`);

// 2. API on a real PostgreSQL server
if (process.env.TEST_DATABASE_URL) {
  run("API tests (PostgreSQL server)", "npx", [...vitestArgs("vitest-postgres"), "api.test"], {
    ATENDE_TEST_DB: "postgres",
  });
  countVitest(`${out}/vitest-postgres.json`);
} else if (ci) {
  console.error("\nCI: TEST_DATABASE_URL is not set, the PostgreSQL API suite cannot be skipped.");
  failedSteps.push("PostgreSQL API tests (no TEST_DATABASE_URL)");
} else {
  console.log(
    "\n(TEST_DATABASE_URL not set: API tests ran on PGlite only. See README to run them on PostgreSQL.)",
  );
}

// 3. end-to-end in Chromium
const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.error(
    `\nChromium not found at ${chromium}: install it (apt-get install chromium) or set CHROMIUM_PATH.`,
  );
  failedSteps.push("end-to-end tests (no Chromium)");
} else if (run("build web app", "npm", ["run", "build:web", "--silent"])) {
  run("end-to-end tests (Chromium)", "npx", ["playwright", "test"], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: `${out}/playwright.json`,
  });
  countPlaywright(`${out}/playwright.json`);
}

console.log("");
if (failedSteps.length) console.log(`Failed steps: ${failedSteps.join("; ")}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length || totals.failed ? 1 : 0);
