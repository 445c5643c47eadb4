import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { countPlaywright, countVitest } from "../../../scripts/test-report.mjs";

const fixtures = path.resolve(import.meta.dirname, "../../../scripts/fixtures/failing-suite");

describe("npm test's closing line", () => {
  it("counts a file whose beforeAll or afterAll failed as failed, not as skipped tests", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "atende-report-"));
    const report = path.join(dir, "vitest.json");
    const r = spawnSync(
      "npx",
      [
        "vitest",
        "run",
        "--config",
        path.join(fixtures, "vitest.config.ts"),
        "--reporter=json",
        `--outputFile.json=${report}`,
      ],
      { encoding: "utf8", env: { ...process.env, ATENDE_TEST_DB: "" } },
    );
    expect(r.status).not.toBe(0);
    const counts = countVitest(report);
    // pass.fixture and after.fixture's test passed; the two tests behind the failed beforeAll are skipped
    expect(counts).toEqual({ passed: 2, failed: 2, skipped: 2 });
  });

  it("counts errors outside Playwright tests (global setup, web server) as failed", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "atende-report-"));
    const report = path.join(dir, "playwright.json");
    writeFileSync(
      report,
      JSON.stringify({
        stats: { expected: 3, unexpected: 0, flaky: 1, skipped: 1 },
        errors: [{ message: "webServer" }],
      }),
    );
    expect(countPlaywright(report)).toEqual({ passed: 4, failed: 1, skipped: 1 });
  });

  it("reads a missing report as nothing counted (the step's exit code then counts it)", () => {
    expect(countVitest("/nonexistent/report.json")).toEqual({ passed: 0, failed: 0, skipped: 0 });
  });
});
