import { join } from "node:path";
import type { Reporter, TestModule, TestRunEndReason } from "vitest/node";
import type { CaseRecord } from "../gating/case-record.js";
import { summaryLines } from "../report/conformance-matrix.js";
import { writeConformanceFiles } from "../report/conformance-files.js";
import type { StoredCase } from "../report/sarif.js";
import { abandonReports, finishRun, readRun } from "../report/run-files.js";
import { failedGates } from "../report/gates.js";
import { summarizeRun, summaryOfRun } from "../report/run-summary.js";
import type { Settings } from "../config/settings.js";
import { EXIT, ReportError } from "../errors.js";
import { printable } from "../transport/printable.js";
import { pendingReports, reportFailures } from "./safe-reporters.js";
import type {} from "./context.js";

/** What the reporter needs of the settings: where to write, strictness and the gates. */
export type ReporterSettings = Pick<Settings, "reportsDir" | "strict" | "gates">;

interface Written {
  records: CaseRecord[];
  gates: string[];
}

/**
 * After each run: reports/conformance.{json,md}, the run's stamped findings, and a short summary, from the
 * cases' records. Listed last among the reporters, it decides the exits the contract's verdicts do not: 2 when
 * a report could not be written, 3 when the target became unavailable, 4 when a gate failed.
 */
export class ConformanceReporter implements Reporter {
  constructor(private readonly settings: ReporterSettings) {}

  async onTestRunEnd(testModules: ReadonlyArray<TestModule>, _errors: unknown, reason: TestRunEndReason): Promise<void> {
    let written: Written = { records: [], gates: [] };
    // The other reporters write at the same time; this one may end the process, so it waits for them first.
    await Promise.allSettled(pendingReports);
    try {
      written = this.write(testModules, reason);
    } catch (error) {
      reportFailures.push(error instanceof ReportError ? error.message : `${this.settings.reportsDir} cannot be written (${(error as Error).message})`);
    }
    if (reportFailures.length) {
      // Nothing half-written passes for a complete report: what this run wrote goes, and the run says so.
      abandonReports(this.settings.reportsDir);
      process.stderr.write(`pc-contract: report error: ${printable(reportFailures.join("; "))}; this run's reports are removed\n`);
      process.exit(EXIT.harness);
    }
    // The target went away mid-run: the environment failed, not the contract. Exit 3 says so to CI.
    const unavailable = written.records.filter((r) => r.outcome === "unavailable");
    if (unavailable.length) {
      process.stderr.write(
        `pc-contract: environment problem: ${printable(unavailable[0]!.reason ?? "target unavailable")}; ${unavailable.length} cases not judged\n`,
      );
      process.exit(EXIT.environment);
    }
    for (const line of written.gates) process.stderr.write(`pc-contract: gate failed: ${line}\n`);
    // A failed case says more than a thin run: vitest's exit 1 stands; otherwise a failed gate is exit 4.
    const failed = testModules.some((m) => m.state() === "failed");
    if (written.gates.length && !failed) process.exit(EXIT.gate);
  }

  /** Writes the run's reports and prints the summary; returns the records and the gates that failed. */
  private write(testModules: ReadonlyArray<TestModule>, reason: TestRunEndReason): Written {
    const { reportsDir, strict, gates } = this.settings;
    const records: StoredCase[] = [];
    const flaky: string[] = [];
    let notRun = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const record = test.meta().pcContract;
        if (record) records.push({ ...record, file: module.relativeModuleId });
        else notRun++;
        if (test.diagnostic()?.flaky) flaky.push(test.name);
      }
    }
    const target = readRun(reportsDir)?.target;
    // Every finding of the run, stamped with it, for `pc-contract baseline` to accept.
    const unavailable = records.some((r) => r.outcome === "unavailable");
    finishRun(reportsDir, reason === "interrupted" ? "interrupted" : unavailable ? "target-unavailable" : "complete", records);
    if (records.length === 0) return { records, gates: [] };
    const matrix = writeConformanceFiles(reportsDir, records);
    const summary = summarizeRun(records, strict);
    // Against a live target a failing case is run once more (retry: 1); one that passed then is flaky, said aloud.
    const flakyLines = flaky.length
      ? [`${flaky.length} flaky (failed, then passed on the automatic re-run): ${flaky.slice(0, 10).join(", ")}${flaky.length > 10 ? " ..." : ""}`]
      : [];
    // vitest's bail cancels what has not started: those cases have no record.
    const stopped =
      gates.maxFailures !== undefined && summary.failing > 0 && notRun > 0
        ? [`stopped early (PC_MAX_FAILURES=${gates.maxFailures}): ${notRun} cases did not run`]
        : [];
    // Titles and the target come from the target and the configuration: shown, never obeyed by the terminal.
    const lines = [...summaryLines(matrix, target), ...summaryOfRun(summary), ...flakyLines, ...stopped].map((l) => `  ${printable(l)}`);
    process.stdout.write(`\nconformance (${join(reportsDir, "conformance.md")}):\n${lines.join("\n")}\n`);
    return { records, gates: failedGates(matrix, summary, gates) };
  }
}
