import type { Reporter, TestCase, TestModule } from "vitest/node";
import type {} from "./context.js";

export interface Progress {
  done: number;
  /** Cases collected so far: files are collected as they run, so the total can still grow. */
  total: number;
  failed: number;
  skipped: number;
  /** Throttling waits (429/503 with Retry-After) the cases sat out. */
  waits: number;
  elapsedMs: number;
}

/** A duration a person reads: 25s, 1m 7s. */
export const duration = (ms: number) => {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${s}s`;
};

/** One plain line a person can follow in a terminal or a CI log. */
export function progressLine(p: Progress): string {
  const rate = p.elapsedMs > 0 ? (p.done * 1000) / p.elapsedMs : 0;
  const share = p.total ? ` (${Math.floor((p.done * 100) / p.total)}%)` : "";
  const left = rate > 0 && p.total > p.done ? `, about ${duration(((p.total - p.done) / rate) * 1000)} left` : "";
  return `progress: ${p.done}/${p.total} cases${share}, ${p.failed} failed, ${p.skipped} skipped, ${rate.toFixed(1)} cases/s, ${p.waits} throttling waits, ${duration(p.elapsedMs)} elapsed${left}`;
}

/** Clears the terminal line the cursor is on. */
const CLEAR_LINE = "\r\x1b[2K";

/**
 * Against a live target a run takes minutes: every `everyMs` a line with the cases done of those collected, the
 * rate, the throttling waits sat out and the time left at that rate. Plain lines, so a CI log keeps them; in an
 * interactive terminal (`terminal`) one line redrawn in place instead, cleared whenever another reporter is
 * about to write (a file's results, the run's end), so their lines stay whole. Listed before them.
 */
export class ProgressReporter implements Reporter {
  private started = 0;
  private last = 0;
  private drawn = false;
  private readonly p: Omit<Progress, "elapsedMs"> = { done: 0, total: 0, failed: 0, skipped: 0, waits: 0 };

  constructor(
    private readonly everyMs = 15_000,
    private readonly write: (line: string) => void = (line) => void process.stdout.write(`pc-contract: ${line}\n`),
    private readonly now: () => number = Date.now,
    /** Draws in place on this stream (a TTY) instead of writing lines. */
    private readonly terminal?: { write(text: string): unknown },
  ) {}

  /** A reporter for this process: in place on an interactive terminal (not CI), every second; else lines every 15 s. */
  static forThisProcess(): ProgressReporter {
    const interactive = process.stderr.isTTY === true && !process.env.CI;
    return interactive ? new ProgressReporter(1_000, undefined, Date.now, process.stderr) : new ProgressReporter();
  }

  onTestRunStart(): void {
    this.started = this.last = this.now();
  }

  onTestModuleCollected(module: TestModule): void {
    this.p.total += [...module.children.allTests()].length;
  }

  onTestCaseResult(test: TestCase): void {
    this.p.done++;
    const state = test.result().state;
    if (state === "failed") this.p.failed++;
    if (state === "skipped") this.p.skipped++;
    this.p.waits += test.meta().pcContract?.waits ?? 0;
    const now = this.now();
    if (now - this.last >= this.everyMs) {
      this.last = now;
      const line = progressLine({ ...this.p, elapsedMs: now - this.started });
      if (!this.terminal) return this.write(line);
      this.terminal.write(`${CLEAR_LINE}pc-contract: ${line}`);
      this.drawn = true;
    }
  }

  /** Before another reporter writes a file's results or the run's end: the line in place goes. */
  onTestModuleEnd(): void {
    this.clear();
  }

  onTestRunEnd(): void {
    this.clear();
  }

  private clear(): void {
    if (!this.drawn) return;
    this.terminal!.write(CLEAR_LINE);
    this.drawn = false;
  }
}
