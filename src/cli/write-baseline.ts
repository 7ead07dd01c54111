import { writeFileSync } from "node:fs";
import { readBaseline, type BaselineEntry } from "../gating/baseline.js";
import { readCompletedFindings } from "../report/run-files.js";
import { ReportError } from "../errors.js";

const stronger = (a: string, b: string) => a === "violation" || b === "deviation";

/**
 * Accepts every finding of the last completed run that no entry covers yet: one entry per (case, rule, place),
 * at the severity it had, with the reason, the owner and an expiry date. Entries already in the file are kept.
 */
export function writeBaseline(options: { reports: string; file: string; owner: string; reason: string; days: number; today?: Date }): {
  added: number;
  kept: number;
} {
  const { cases } = readCompletedFindings(options.reports);
  const existing = readBaseline(options.file).entries;
  const expires = new Date((options.today ?? new Date()).getTime() + options.days * 86_400_000).toISOString().slice(0, 10);
  const added: BaselineEntry[] = [];
  for (const c of cases) {
    for (const f of c.findings) {
      if (f.baseline === "accepted") continue;
      const same = (e: BaselineEntry) =>
        e.probe === c.id && e.rule === f.rule && (e.path === undefined || e.path === f.path) && stronger(e.severity, f.severity);
      const covered = [...existing, ...added].some((e) => same(e) && (f.baseline !== "expired" || e.expires >= expires));
      if (!covered)
        added.push({ probe: c.id, rule: f.rule, path: f.path, severity: f.severity, reason: `${options.reason} (${f.title})`, owner: options.owner, expires });
    }
  }
  const replaced = (e: BaselineEntry) => added.some((a) => a.probe === e.probe && a.rule === e.rule && a.path === e.path);
  const kept = existing.filter((e) => !replaced(e));
  try {
    writeFileSync(options.file, `${JSON.stringify({ entries: [...kept, ...added] }, null, 2)}\n`);
  } catch (error) {
    throw new ReportError(`${options.file} cannot be written: ${(error as Error).message}`);
  }
  return { added: added.length, kept: kept.length };
}
