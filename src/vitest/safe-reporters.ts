import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import AllureReporter from "allure-vitest/reporter";
import { JUnitReporter, type TestCase, type TestModule } from "vitest/node";
import { xml } from "../report/junit.js";
import { ResultsWriter } from "./results-writer.js";

/** What junit.xml holds while a run is under way: one errored case saying the run did not finish. */
export const INCOMPLETE_JUNIT = `<?xml version="1.0" encoding="UTF-8" ?>
<testsuites name="pc-contract conformance" tests="1" failures="0" errors="1">
    <testsuite name="pc-contract" tests="1" failures="0" errors="1" skipped="0">
        <testcase classname="pc-contract" name="the run did not finish">
            <error message="incomplete: the run was interrupted or killed before it wrote its results" type="Incomplete"/>
        </testcase>
    </testsuite>
</testsuites>
`;

/** Report writes under way at the end of the run, which the conformance reporter awaits before it may exit. */
export const pendingReports: Promise<unknown>[] = [];

/** Report files that could not be written this run: the conformance reporter, last, ends the run with exit 2 when there are any. */
export const reportFailures: string[] = [];

/**
 * vitest's JUnit reporter, whose failure to write (a full disk) is recorded instead of crashing the run, and
 * whose half-written file is removed: a cut junit.xml must never pass for a complete one.
 */
export class SafeJUnitReporter extends JUnitReporter {
  constructor(
    private readonly file: string,
    suiteName: string,
  ) {
    super({ outputFile: file, suiteName });
  }

  override async onInit(ctx: Parameters<JUnitReporter["onInit"]>[0]): Promise<void> {
    await super.onInit(ctx);
    // Until the run ends, junit.xml says the run has not finished: a run killed midway leaves that, not an empty file.
    try {
      writeFileSync(this.file, INCOMPLETE_JUNIT);
    } catch (error) {
      reportFailures.push(`${this.file} cannot be written (${(error as Error).message})`);
    }
  }

  /** The reason each skipped case gives, by its full name (as JUnit names the testcase), for `<skipped message>`. */
  private skipNotes = new Map<string, string>();
  private skipNote: string | undefined;

  override async writeElement(name: string, attrs: Record<string, unknown>, children: () => Promise<void>): Promise<void> {
    if (name === "testcase") this.skipNote = this.skipNotes.get(String(attrs.name));
    return super.writeElement(name, attrs, children);
  }

  override onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    // vitest calls the reporters together: the conformance reporter waits for this one before it ends the run.
    const writing = this.write(testModules);
    pendingReports.push(writing);
    return writing;
  }

  private async write(testModules: ReadonlyArray<TestModule>): Promise<void> {
    this.skipNotes.clear();
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === "skipped" && result.note) this.skipNotes.set(test.fullName, result.note);
      }
    }
    // vitest writes every line with an awaited write of its own (about 10 000 for 2 000 cases, a second of the
    // run's end): the lines are gathered here and the file written once, whole.
    const lines: string[] = [];
    const gather = (text: string): Promise<void> => {
      lines.push(text);
      return Promise.resolve();
    };
    const self = this as unknown as { baseLog: typeof gather; logger: { baseLog: typeof gather; log(text: string): Promise<void> } };
    self.baseLog = gather;
    self.logger.baseLog = gather;
    // vitest writes a bare <skipped/>; a skip says why, in JUnit as everywhere.
    const log = self.logger.log.bind(self.logger);
    self.logger.log = (text: string) => (text === "<skipped/>" && this.skipNote ? log(`<skipped message="${xml(this.skipNote)}"/>`) : log(text));
    try {
      // vitest's own handle still points at the start of the file: empty it, so the placeholder leaves no tail.
      truncateSync(this.file, 0);
      await super.onTestRunEnd(testModules);
      writeFileSync(this.file, lines.map((line) => `${line}\n`).join(""));
    } catch (error) {
      reportFailures.push(`${this.file} cannot be written (${(error as Error).message}); it is removed, not left cut`);
      rmSync(this.file, { force: true });
    }
  }
}

/** The Allure result a run leaves while under way, removed once every result is written: what junit.xml's placeholder is to JUnit. */
export const INCOMPLETE_ALLURE_NAME = "the run did not finish";

function incompleteResult(uuid: string): Record<string, unknown> {
  const now = Date.now();
  return {
    uuid,
    historyId: "pc-contract-incomplete",
    testCaseId: "pc-contract-incomplete",
    fullName: `pc-contract: ${INCOMPLETE_ALLURE_NAME}`,
    name: INCOMPLETE_ALLURE_NAME,
    status: "broken",
    stage: "finished",
    statusDetails: {
      message: "incomplete: the run was interrupted or killed before it wrote all its results; the results beside this one are part of a run",
    },
    start: now,
    stop: now,
    labels: [{ name: "suite", value: "pc-contract" }],
    links: [],
    parameters: [],
    steps: [],
    attachments: [],
  };
}

/**
 * allure-vitest's reporter, whose writes cannot crash the run: the first one that fails (a full disk) is
 * recorded and the results folder removed, since results for some cases only would show a smaller, greener run.
 */
export class SafeAllureReporter extends AllureReporter {
  private failed = false;

  constructor(private readonly settings: ConstructorParameters<typeof AllureReporter>[0] & { resultsDir: string }) {
    super(settings);
  }

  override onInit(vitest: Parameters<AllureReporter["onInit"]>[0]): void {
    try {
      super.onInit(vitest);
    } catch (error) {
      this.fail(error);
    }
    const runtime = (this as unknown as { allureReporterRuntime?: { writer: Record<string, unknown> } }).allureReporterRuntime;
    if (!runtime) return;
    this.writer = new ResultsWriter(this.settings.resultsDir, (error) => this.fail(error));
    // Results are written as cases end: until the last one is, the folder says the run has not finished.
    const uuid = randomUUID();
    try {
      mkdirSync(this.settings.resultsDir, { recursive: true });
      writeFileSync((this.placeholder = join(this.settings.resultsDir, `${uuid}-result.json`)), JSON.stringify(incompleteResult(uuid)));
    } catch (error) {
      this.fail(error);
    }
    const writer = this.writer as unknown as Record<string, unknown>;
    runtime.writer = new Proxy(writer, {
      get: (target, key) => {
        const value = Reflect.get(target, key) as unknown;
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          if (this.failed) return undefined;
          try {
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          } catch (error) {
            this.fail(error);
            return undefined;
          }
        };
      },
    });
  }

  private writer: ResultsWriter | undefined;

  /** The placeholder result written when the run starts. */
  private placeholder: string | undefined;

  /**
   * Tests handed to Allure as their results come in, while this process mostly waits on the worker; allure-vitest
   * alone hands them all over at the run's end (~0.4 s of it for 2 000 cases), which the run waits for.
   */
  private readonly handled = new Set<string>();

  onTestCaseResult(test: TestCase): void {
    const task = (test as unknown as { task: Parameters<AllureReporter["handleTask"]>[0] }).task;
    try {
      super.handleTask(task);
      this.handled.add(task.id);
    } catch (error) {
      this.fail(error);
    }
  }

  override handleTask(task: Parameters<AllureReporter["handleTask"]>[0]): void {
    if (task.type === "test" && this.handled.has(task.id)) return;
    super.handleTask(task);
  }

  override onTestRunEnd(...args: Parameters<AllureReporter["onTestRunEnd"]>): void {
    try {
      super.onTestRunEnd(...args);
    } catch (error) {
      this.fail(error);
    }
    // allure-vitest hands every result over now; the conformance reporter waits for the files before the run exits.
    if (this.writer) pendingReports.push(this.writer.settled().then(() => this.removePlaceholder()));
  }

  private removePlaceholder(): void {
    if (!this.placeholder || this.failed) return;
    try {
      rmSync(this.placeholder, { force: true });
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    reportFailures.push(`${this.settings.resultsDir} cannot be written (${(error as Error).message}); the Allure results are removed, not left partial`);
    rmSync(this.settings.resultsDir, { recursive: true, force: true });
  }
}
