// How npm test counts a step's report. A failure nobody counted as a failed test still counts: a
// file whose hook or import failed (Vitest shows its tests as skipped), an error outside tests.
import { existsSync, readFileSync } from "node:fs";

function readJson(file) {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** Vitest's JSON report: failed tests, plus each failed file with no failed test (a hook or import failed). */
export function countVitest(file) {
  const c = { passed: 0, failed: 0, skipped: 0 };
  const j = readJson(file);
  if (!j) return c;
  c.passed = j.numPassedTests ?? 0;
  c.failed = j.numFailedTests ?? 0;
  c.skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  for (const result of j.testResults ?? []) {
    const failedTests = (result.assertionResults ?? []).filter((a) => a.status === "failed").length;
    if (result.status === "failed" && failedTests === 0) {
      console.error(
        `failed file (hook or import): ${result.name}\n  ${String(result.message ?? "").split("\n")[0]}`,
      );
      c.failed += 1;
    }
  }
  return c;
}

/** Playwright's JSON report: unexpected tests, plus errors outside tests (global setup, web server). */
export function countPlaywright(file) {
  const c = { passed: 0, failed: 0, skipped: 0 };
  const j = readJson(file);
  if (!j) return c;
  const s = j.stats ?? {};
  c.passed = (s.expected ?? 0) + (s.flaky ?? 0);
  c.failed = (s.unexpected ?? 0) + (j.errors ?? []).length;
  c.skipped = s.skipped ?? 0;
  return c;
}
