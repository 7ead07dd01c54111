import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Reporter, TestModule, TestRunEndReason } from "vitest/node";
import { bundledCatalog } from "../contract/catalog.js";
import type { CaseRecord } from "../gating/case-record.js";
import { buildMatrix, renderMarkdown, summaryLines } from "../report/conformance-matrix.js";
import { abandonReports, finishRun, readRun } from "../report/run-files.js";
import { uniqueFailures } from "../report/unique-failures.js";
import { EXIT, ReportError } from "../errors.js";
import { printable } from "../transport/printable.js";
import { reportFailures } from "./safe-reporters.js";
import type {} from "./context.js";

/** After each run: reports/conformance.{json,md}, the run's stamped findings, and a short summary, from the cases' records. */
export class ConformanceReporter implements Reporter {
  constructor(private readonly reportsDir: string) {}

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, _errors: unknown, reason: TestRunEndReason): void {
    let unavailable: CaseRecord[] = [];
    try {
      unavailable = this.write(testModules, reason);
    } catch (error) {
      reportFailures.push(error instanceof ReportError ? error.message : `${this.reportsDir} cannot be written (${(error as Error).message})`);
    }
    // Listed last among the reporters: a report that could not be written ends the run as a harness fault.
    if (reportFailures.length) {
      // Nothing half-written passes for a complete report: what this run wrote goes, and the run says so.
      abandonReports(this.reportsDir);
      process.stderr.write(`pc-contract: report error: ${printable(reportFailures.join("; "))}; this run's reports are removed\n`);
      process.exit(EXIT.harness);
    }
    // The target went away mid-run: the environment failed, not the contract. Exit 3 says so to CI.
    if (unavailable.length) {
      process.stderr.write(
        `pc-contract: environment problem: ${printable(unavailable[0]!.reason ?? "target unavailable")}; ${unavailable.length} cases not judged\n`,
      );
      process.exit(EXIT.environment);
    }
  }

  /** Writes the run's reports; returns the cases not judged because the target became unavailable. */
  private write(testModules: ReadonlyArray<TestModule>, reason: TestRunEndReason): CaseRecord[] {
    const records: CaseRecord[] = [];
    const flaky: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const record = test.meta().pcContract;
        if (record) records.push(record);
        if (test.diagnostic()?.flaky) flaky.push(test.name);
      }
    }
    const target = readRun(this.reportsDir)?.target;
    // Every finding of the run, stamped with it, for `pc-contract baseline` to accept.
    const unavailable = records.filter((r) => r.outcome === "unavailable");
    finishRun(this.reportsDir, reason === "interrupted" ? "interrupted" : unavailable.length ? "target-unavailable" : "complete", records);
    if (records.length === 0) return unavailable;
    const matrix = buildMatrix(bundledCatalog(), records);
    mkdirSync(this.reportsDir, { recursive: true });
    writeFileSync(join(this.reportsDir, "conformance.json"), `${JSON.stringify(matrix, null, 2)}\n`);
    writeFileSync(join(this.reportsDir, "conformance.md"), renderMarkdown(matrix));
    const unique = uniqueFailures(records);
    const failing = records.filter((r) => r.verdict === "fail").length;
    const failures = unique.length
      ? [
          `${unique.length} unique failure${unique.length > 1 ? "s" : ""} across ${failing} failing cases:`,
          ...unique.slice(0, 10).map((u) => `  ${u.cases} × [${u.rule}] ${u.title}`),
        ]
      : [];
    // Against a live target a failing case is run once more (retry: 1); one that passed then is flaky, said aloud.
    const flakyLines = flaky.length
      ? [`${flaky.length} flaky (failed, then passed on the automatic re-run): ${flaky.slice(0, 10).join(", ")}${flaky.length > 10 ? " ..." : ""}`]
      : [];
    // Titles and the target come from the target and the configuration: shown, never obeyed by the terminal.
    const lines = [...summaryLines(matrix, target), ...failures, ...flakyLines].map((l) => `  ${printable(l)}`);
    process.stdout.write(`\nconformance (${join(this.reportsDir, "conformance.md")}):\n${lines.join("\n")}\n`);
    return unavailable;
  }
}
