#!/usr/bin/env node
// npm test: unit + API tests on embedded PGlite and, when TEST_DATABASE_URL is set, the API tests
// again on a real PostgreSQL server, side by side with the web build; then the end-to-end tests in
// Chromium against the app on PGlite. Under CI=true a missing PostgreSQL or Chromium is a failure,
// never a silent skip. The closing line counts every failed test, file, hook and step as failed.
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { countPlaywright, countVitest } from "./test-report.mjs";

const ci = process.env.CI === "true" || process.env.CI === "1";
const out = path.resolve("test-results");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];

/**
 * Runs one step and adds what it counted. A failure nobody counted still counts: a test file whose
 * hook failed (its tests show as skipped), an unhandled error, a crashed runner or a report that was
 * never written each add one failed to the closing line, so it never reads "0 failed" after a failure.
 * With `log`, the step's output goes to that file and is printed whole when it ends, so steps that
 * run side by side do not mix their lines.
 */
async function step(label, cmd, args, { env = {}, count, log } = {}) {
  if (!log) console.log(`\n=== ${label} ===`);
  const started = Date.now();
  const child = spawn(cmd, args, {
    stdio: log ? ["ignore", "pipe", "pipe"] : "inherit",
    env: { ...process.env, ...env },
  });
  if (log) {
    const file = createWriteStream(log);
    child.stdout.pipe(file);
    child.stderr.pipe(file);
  }
  const status = await new Promise((resolve) => {
    child.on("error", () => resolve(-1));
    child.on("close", (code) => resolve(code ?? -1));
  });
  if (log) {
    console.log(`\n=== ${label} (${Math.round((Date.now() - started) / 1000)} s) ===`);
    process.stdout.write(readFileSync(log, "utf8"));
  }
  const counted = count ? count() : { passed: 0, failed: 0, skipped: 0 };
  totals.passed += counted.passed;
  totals.skipped += counted.skipped;
  totals.failed += counted.failed;
  if (status !== 0) {
    failedSteps.push(label);
    if (counted.failed === 0) totals.failed += 1;
  }
  return status === 0;
}

const vitestArgs = (name) => [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${out}/${name}.json`,
];

const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const haveChromium = existsSync(chromium);

// 1. side by side: unit + API on PGlite, API on a real PostgreSQL server, the build for the e2e
const legs = [
  step("unit and API tests (embedded PGlite)", "npx", vitestArgs("vitest-pglite"), {
    env: { ATENDE_TEST_DB: "pglite" },
    count: () => countVitest(`${out}/vitest-pglite.json`),
    log: `${out}/vitest-pglite.log`,
  }),
];
if (process.env.TEST_DATABASE_URL) {
  legs.push(
    step("API tests (PostgreSQL server)", "npx", [...vitestArgs("vitest-postgres"), "api.test"], {
      env: { ATENDE_TEST_DB: "postgres" },
      count: () => countVitest(`${out}/vitest-postgres.json`),
      log: `${out}/vitest-postgres.log`,
    }),
  );
} else if (ci) {
  console.error("\nCI: TEST_DATABASE_URL is not set, the PostgreSQL API suite cannot be skipped.");
  failedSteps.push("PostgreSQL API tests (no TEST_DATABASE_URL)");
  totals.failed += 1;
} else {
  console.log(
    "\n(TEST_DATABASE_URL not set: API tests run on PGlite only. See README to run them on PostgreSQL.)",
  );
}
const built = haveChromium
  ? step("build (web app and server)", "npm", ["run", "build", "--silent"], { log: `${out}/build.log` })
  : Promise.resolve(false);
const allLegs = Promise.all(legs);

// 2. end-to-end in Chromium, in E2E_SHARDS parts (default 2), each with its own app, embedded
// database, demo mailbox and browser: part 1 once the build is done and the first Vitest leg ended
// (beside the longer leg), part 2 once both legs ended — so at most two heavy processes share the
// two cores, and the suite's longest leg is split in two
const shards = Math.max(1, Number(process.env.E2E_SHARDS ?? 2));
const e2ePart = (i) => {
  const label =
    shards > 1 ? `end-to-end tests (Chromium, part ${i}/${shards})` : "end-to-end tests (Chromium)";
  return step(label, "npx", ["playwright", "test", ...(shards > 1 ? [`--shard=${i}/${shards}`] : [])], {
    env: {
      PLAYWRIGHT_JSON_OUTPUT_NAME: `${out}/playwright-${i}.json`,
      E2E_PORT: String(3100 + 10 * (i - 1)),
      DEMO_MAILBOX_PORT: String(2526 + 10 * (i - 1)),
      DEMO_IMAP_PORT: String(2144 + 10 * (i - 1)),
      E2E_DATA_DIR: path.join(out, `e2e-data-${i}`),
      E2E_OUTPUT_DIR: path.join(out, `e2e-artifacts-${i}`),
    },
    count: () => countPlaywright(`${out}/playwright-${i}.json`),
    log: shards > 1 ? `${out}/e2e-${i}.log` : undefined,
  });
};
if (!haveChromium) {
  console.error(
    `\nChromium not found at ${chromium}: install it (apt-get install chromium) or set CHROMIUM_PATH.`,
  );
  failedSteps.push("end-to-end tests (no Chromium)");
  totals.failed += 1;
} else {
  const parts = [];
  // the two legs take one core each: the shorter one's end frees a core for a browser
  await (legs.length > 1 ? Promise.race(legs) : allLegs);
  if (await built) {
    parts.push(e2ePart(1));
    for (let i = 2; i <= shards; i++) {
      await allLegs;
      parts.push(e2ePart(i));
    }
    await Promise.all(parts);
  }
}
await allLegs;

console.log("");
if (failedSteps.length) console.log(`Failed steps: ${failedSteps.join("; ")}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length || totals.failed ? 1 : 0);
