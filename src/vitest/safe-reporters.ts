import { rmSync } from "node:fs";
import AllureReporter from "allure-vitest/reporter";
import { JUnitReporter, type TestModule } from "vitest/node";

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

  override async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    try {
      await super.onTestRunEnd(testModules);
    } catch (error) {
      reportFailures.push(`${this.file} cannot be written (${(error as Error).message}); it is removed, not left cut`);
      rmSync(this.file, { force: true });
    }
  }
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
    const writer = runtime.writer;
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

  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    reportFailures.push(`${this.settings.resultsDir} cannot be written (${(error as Error).message}); the Allure results are removed, not left partial`);
    rmSync(this.settings.resultsDir, { recursive: true, force: true });
  }
}
