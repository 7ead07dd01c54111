import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BaselineEntry } from "../report/baseline.js";
import { readBaseline } from "../report/baseline.js";

interface FindingsFile {
  cases: { id: string; findings: { check: string; severity: string; title: string; baseline?: string }[] }[];
}

/**
 * Accepts every finding of the last run that no entry covers yet: one entry per (case, check), with the
 * reason, the owner and an expiry date. Entries already in the file are kept as they are.
 */
export function writeBaseline(options: { reports: string; file: string; owner: string; reason: string; days: number; today?: Date }): { added: number; kept: number } {
  const source = join(options.reports, "findings.json");
  if (!existsSync(source)) throw new Error(`${source} does not exist: run npx vitest run first`);
  const { cases } = JSON.parse(readFileSync(source, "utf8")) as FindingsFile;
  const existing = readBaseline(options.file);
  const expires = new Date((options.today ?? new Date()).getTime() + options.days * 86_400_000).toISOString().slice(0, 10);
  const added: BaselineEntry[] = [];
  for (const c of cases) {
    for (const f of c.findings) {
      if (f.baseline === "accepted") continue;
      const covered = [...existing, ...added].some((e) => e.probe === c.id && e.check === f.check && (f.baseline !== "expired" || e.expires >= expires));
      if (!covered) added.push({ probe: c.id, check: f.check, reason: `${options.reason} (${f.severity}: ${f.title})`, owner: options.owner, expires });
    }
  }
  const kept = existing.filter((e) => !added.some((a) => a.probe === e.probe && a.check === e.check));
  writeFileSync(options.file, `${JSON.stringify({ entries: [...kept, ...added] }, null, 2)}\n`);
  return { added: added.length, kept: kept.length };
}
