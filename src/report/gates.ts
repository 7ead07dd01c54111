import type { Settings } from "../config/settings.js";
import type { Matrix } from "./conformance-matrix.js";
import type { RunSummary } from "./run-summary.js";
import type { KindsGrid } from "./kinds-grid.js";

const percent = (r: number) => `${Math.round(r * 1000) / 10}%`;

/**
 * The gates a run must pass besides its verdicts: each API proves at least PC_MIN_COVERAGE of its
 * client-provokable statuses, with PC_FAIL_ON_SKIP no case was skipped, and with PC_REQUIRE_STATUS_CASES every
 * documented client status (or those listed) has a generated case. One line per gate that failed.
 */
export function failedGates(matrix: Matrix, summary: RunSummary, gates: Settings["gates"], kinds?: KindsGrid): string[] {
  const lines: string[] = [];
  if (gates.statusCases && kinds) {
    for (const { api, statuses } of kinds.statusesWithoutCase) {
      const wanted = gates.statusCases === "documented" ? statuses : statuses.filter((s) => (gates.statusCases as readonly number[]).includes(s));
      if (wanted.length)
        lines.push(
          `${api}: no generated case expects ${wanted.join(", ")} (documented client statuses; PC_REQUIRE_STATUS_CASES=${[gates.statusCases].flat().join(",")})`,
        );
    }
  }
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
