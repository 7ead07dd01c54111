import { rmSync } from "node:fs";
import { join } from "node:path";
import type { Reporter, TestCase, TestModule, TestRunEndReason } from "vitest/node";
import type { CaseRecord } from "../gating/case-record.js";
import { summaryLines } from "../report/conformance-matrix.js";
import { writeConformanceFiles } from "../report/conformance-files.js";
import { operationsLine, operationsTable } from "../report/operations-table.js";
import { edgeLine, readOnlyLine } from "../report/kinds-grid.js";
import type { StoredCase } from "../report/sarif.js";
import { abandonReports, finishRun, readRun } from "../report/run-files.js";
import { failedGates } from "../report/gates.js";
import { summarizeRun, summaryOfRun } from "../report/run-summary.js";
import type { Settings } from "../config/settings.js";
import { EXIT, ReportError } from "../errors.js";
import { printable } from "../transport/printable.js";
import { packageVersion } from "../contract/paths.js";
import { bundledCatalog } from "../contract/catalog.js";
import { bundledOperations } from "../contract/operations.js";
import { isDone, mergeProgress, PROGRESS, readProgress, writeProgress, type ProgressFile } from "../report/progress.js";
import { pendingReports, reportFailures } from "./safe-reporters.js";
import type {} from "./context.js";

/** What the reporter needs of the settings: where to write, strictness and the gates. */
export type ReporterSettings = Pick<Settings, "reportsDir" | "strict" | "gates" | "fuzzRuns" | "resume">;

interface Written {
  /** This run's cases. */
  records: CaseRecord[];
  gates: string[];
  /** Cases that failed in the parts a resumed run continues: the whole suite's verdict counts them. */
  earlierFailures: number;
}

/**
 * After each run: reports/conformance.{json,md}, the run's stamped findings, and a short summary, from the
 * cases' records. Listed last among the reporters, it decides the exits the contract's verdicts do not: 2 when
 * a report could not be written, 3 when the target became unavailable, 4 when a gate failed.
 */
export class ConformanceReporter implements Reporter {
  /** The parts a resumed run adds to (read when the run starts: this run writes over the file). */
  private readonly previous: ProgressFile | undefined;
  /** Cases judged so far, for the progress file a killed run leaves behind. */
  private readonly sofar: StoredCase[] = [];
  private lastSaved = Date.now();

  constructor(private readonly settings: ReporterSettings) {
    // A progress file that cannot be read stops the run in the global setup, in one line: none here.
    try {
      this.previous = settings.resume ? readProgress(settings.resume) : undefined;
    } catch {
      this.previous = undefined;
    }
  }

  private warmed = false;

  /**
   * The catalog and the operations the reports read, loaded (their schemas compiled) once the first test file
   * is queued: while a worker imports its files and this process waits, instead of after the last case, where the
   * run waits for them. Earlier (at the run's start) it delayed the global setup, which the workers wait for.
   */
  onTestModuleQueued(): void {
    if (this.warmed) return;
    this.warmed = true;
    setTimeout(() => {
      try {
        bundledCatalog();
        bundledOperations();
      } catch {
        // the run's end loads them again, and reports what it cannot
      }
    }, 0).unref();
  }

  /** Every 10 s, the progress so far: a run killed outright can still be resumed from its last save. */
  onTestCaseResult(test: TestCase): void {
    const record = test.meta().pcContract;
    if (record) this.sofar.push({ ...record, file: test.module.relativeModuleId });
    if (Date.now() - this.lastSaved < 10_000) return;
    this.lastSaved = Date.now();
    try {
      this.saveProgress(this.sofar, []);
    } catch {
      // the run's end writes it again, and reports what cannot be written
    }
  }

  /**
   * An abandoned run's cases are not done: progress.json goes back to what it was before this run (the parts a
   * resumed run started from), or goes, so a resumed run sends them again instead of missing their reports.
   */
  private abandonProgress(): void {
    try {
      if (this.previous) writeProgress(this.settings.reportsDir, this.previous);
      else rmSync(join(this.settings.reportsDir, PROGRESS), { force: true });
    } catch {
      // the error already reported is why; a file that cannot be put back says nothing more
    }
  }

  /** progress.json: the parts before this run and this run's cases, done and left. */
  private saveProgress(records: readonly StoredCase[], notReached: readonly string[]): { done: number; left: number } | undefined {
    const run = readRun(this.settings.reportsDir);
    if (!run) return undefined;
    const { done, left } = mergeProgress(this.previous, records, notReached);
    const part = { startedAt: run.startedAt, finishedAt: new Date().toISOString(), judged: records.filter(isDone).length };
    writeProgress(this.settings.reportsDir, {
      pcContract: "progress",
      version: packageVersion(),
      seed: run.seed,
      fuzzRuns: this.settings.fuzzRuns,
      target: run.target,
      parts: [...(this.previous?.parts ?? []), part],
      done,
      left,
    });
    return { done: done.length, left: left.length };
  }

  async onTestRunEnd(testModules: ReadonlyArray<TestModule>, _errors: unknown, reason: TestRunEndReason): Promise<void> {
    let written: Written = { records: [], gates: [], earlierFailures: 0 };
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
      this.abandonProgress();
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
    // A resumed run ends with the verdict of the whole suite: a case failed in an earlier part still fails it.
    if (written.earlierFailures && !failed) {
      process.stderr.write(`pc-contract: ${written.earlierFailures} cases failed in earlier parts of this resumed run (reports/conformance.md lists them)\n`);
      process.exit(EXIT.contractFailures);
    }
    if (written.gates.length && !failed) process.exit(EXIT.gate);
  }

  /** Writes the run's reports and prints the summary; returns the records and the gates that failed. */
  private write(testModules: ReadonlyArray<TestModule>, reason: TestRunEndReason): Written {
    const { reportsDir, strict, gates } = this.settings;
    const records: StoredCase[] = [];
    const flaky: string[] = [];
    const notReached: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const record = test.meta().pcContract;
        if (record) records.push({ ...record, file: module.relativeModuleId });
        else notReached.push(test.name);
        if (test.diagnostic()?.flaky) flaky.push(test.name);
      }
    }
    const notRun = notReached.length;
    const progress = this.saveProgress(records, notReached);
    // A resumed run's reports hold every part: the cases earlier parts did, and this run's.
    const mine = new Set(records.map((r) => r.id));
    const earlier = (this.previous?.done ?? []).filter((r) => !mine.has(r.id));
    const all = [...earlier, ...records];
    const target = readRun(reportsDir)?.target;
    // Every finding of the run, stamped with it, for `pc-contract baseline` to accept.
    const unavailable = records.some((r) => r.outcome === "unavailable");
    finishRun(reportsDir, reason === "interrupted" ? "interrupted" : unavailable ? "target-unavailable" : "complete", all);
    if (all.length === 0) return { records, gates: [], earlierFailures: 0 };
    const { matrix, kinds } = writeConformanceFiles(reportsDir, all);
    const summary = summarizeRun(all, strict);
    const parts = this.previous
      ? [
          `resumed: ${earlier.length} cases from ${this.previous.parts.length} earlier parts, ${records.length} in this one; ${progress?.left ? `${progress.left} left (PC_RESUME=${join(reportsDir, PROGRESS)} runs them)` : "the suite is complete"}`,
        ]
      : progress?.left
        ? [`${progress.left} cases left for a later run: PC_RESUME=${join(reportsDir, PROGRESS)} runs them and merges the parts`]
        : [];
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
    const grid = kinds.readOnly.of ? [readOnlyLine(kinds), ...(kinds.edge.ran ? [edgeLine(kinds)] : [])] : [];
    const lines = [
      ...summaryLines(matrix, target),
      operationsLine(operationsTable(all)),
      ...grid,
      ...summaryOfRun(summary),
      ...flakyLines,
      ...stopped,
      ...parts,
    ].map((l) => `  ${printable(l)}`);
    process.stdout.write(`\nconformance (${join(reportsDir, "conformance.md")}):\n${lines.join("\n")}\n`);
    const earlierFailures = earlier.filter((r) => r.verdict === "fail").length;
    return { records, gates: failedGates(matrix, summary, gates, kinds), earlierFailures };
  }
}
