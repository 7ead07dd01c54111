import type { Settings } from "../config/settings.js";
import type { Matrix } from "./conformance-matrix.js";
import type { RunSummary } from "./run-summary.js";

const percent = (r: number) => `${Math.round(r * 1000) / 10}%`;

/**
 * The gates a run must pass besides its verdicts: each API proves at least PC_MIN_COVERAGE of its
 * client-provokable statuses, and with PC_FAIL_ON_SKIP no case was skipped. One line per gate that failed.
 */
export function failedGates(matrix: Matrix, summary: RunSummary, gates: Settings["gates"]): string[] {
  const lines: string[] = [];
  if (gates.minCoverage !== undefined) {
    for (const m of Object.values(matrix)) {
      const provokable = m.statuses.filter((s) => s.provokedBy === "client");
      const proven = provokable.filter((s) => s.state === "proven").length;
      const ratio = provokable.length ? proven / provokable.length : 1;
      if (ratio < gates.minCoverage) {
        lines.push(
          `${m.api}: ${proven} of ${provokable.length} client-provokable statuses proven (${percent(ratio)}), below PC_MIN_COVERAGE=${percent(gates.minCoverage)}`,
        );
      }
    }
  }
  const skipped = summary.skipped.reduce((n, g) => n + g.cases, 0);
  if (gates.failOnSkip && skipped > 0) {
    const top = summary.skipped[0]!;
    lines.push(`${skipped} case${skipped === 1 ? "" : "s"} skipped with PC_FAIL_ON_SKIP=1 (most: ${top.cases} × ${top.key})`);
  }
  return lines;
}
