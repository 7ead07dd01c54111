import { describe, expect, test } from "vitest";
import type { TestCase, TestModule } from "vitest/node";
import { progressLine, ProgressReporter } from "../src/vitest/progress-reporter.js";

const testCase = (state: "passed" | "failed" | "skipped", waits = 0) =>
  ({ result: () => ({ state }), meta: () => ({ pcContract: { waits } }) }) as unknown as TestCase;
const moduleOf = (n: number) => ({ children: { allTests: () => Array.from({ length: n }, () => testCase("passed")) } }) as unknown as TestModule;

describe("progress on a live run", () => {
  test("the line: done of collected, share, failures, skips, rate, waits, elapsed and time left at that rate", () => {
    expect(progressLine({ done: 120, total: 441, failed: 3, skipped: 40, waits: 2, elapsedMs: 25_000 })).toBe(
      "progress: 120/441 cases (27%), 3 failed, 40 skipped, 4.8 cases/s, 2 throttling waits, 25s elapsed, about 1m 7s left",
    );
    expect(progressLine({ done: 0, total: 0, failed: 0, skipped: 0, waits: 0, elapsedMs: 0 })).toBe(
      "progress: 0/0 cases, 0 failed, 0 skipped, 0.0 cases/s, 0 throttling waits, 0s elapsed",
    );
  });

  test("one line every interval, never one per case, counting what the cases report", () => {
    let now = 0;
    const lines: string[] = [];
    const reporter = new ProgressReporter(
      10_000,
      (l) => lines.push(l),
      () => now,
    );
    reporter.onTestRunStart();
    reporter.onTestModuleCollected(moduleOf(30));
    for (let i = 0; i < 20; i++) {
      now += 1_000;
      reporter.onTestCaseResult(testCase(i % 10 === 0 ? "failed" : i % 5 === 0 ? "skipped" : "passed", i === 7 ? 3 : 0));
    }
    expect(lines).toEqual([
      "progress: 10/30 cases (33%), 1 failed, 1 skipped, 1.0 cases/s, 3 throttling waits, 10s elapsed, about 20s left",
      "progress: 20/30 cases (66%), 2 failed, 2 skipped, 1.0 cases/s, 3 throttling waits, 20s elapsed, about 10s left",
    ]);
  });

  test("in an interactive terminal: one line redrawn in place, cleared before a file's results and the run's end are written", () => {
    let now = 0;
    let screen = "";
    const reporter = new ProgressReporter(
      1_000,
      () => {},
      () => now,
      { write: (t: string) => (screen += t) },
    );
    reporter.onTestRunStart();
    reporter.onTestModuleCollected(moduleOf(3));
    for (let i = 0; i < 2; i++) {
      now += 1_000;
      reporter.onTestCaseResult(testCase("passed"));
    }
    expect(screen).toBe(
      "\r\x1b[2Kpc-contract: progress: 1/3 cases (33%), 0 failed, 0 skipped, 1.0 cases/s, 0 throttling waits, 1s elapsed, about 2s left" +
        "\r\x1b[2Kpc-contract: progress: 2/3 cases (66%), 0 failed, 0 skipped, 1.0 cases/s, 0 throttling waits, 2s elapsed, about 1s left",
    );
    expect(screen).not.toContain("\n");
    reporter.onTestModuleEnd();
    expect(screen.endsWith("\r\x1b[2K")).toBe(true);
    // Nothing drawn since: nothing to clear.
    const before = screen;
    reporter.onTestRunEnd();
    expect(screen).toBe(before);
  });
});
