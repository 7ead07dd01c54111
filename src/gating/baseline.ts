import { existsSync, readFileSync } from "node:fs";
import type { Finding, Severity } from "../checks/check.js";
import { ruleCatalogue } from "../checks/index.js";
import { BaselineError } from "../errors.js";

/**
 * A finding a team has accepted for now: one rule broken by one case (or cases matching a pattern), with the
 * severity it was accepted at, who owns it and until when.
 */
export interface BaselineEntry {
  /** A case id, or a pattern with * (`customers.create/*`). */
  probe: string;
  /** The rule id, `<check>/<rule>` (`envelope/numeric-code`). */
  rule: string;
  /** Narrows the entry to one place (a JSON pointer, `header:Name`, `status`). */
  path?: string;
  /** What was accepted: an entry for a deviation never accepts a violation of the same rule. */
  severity: Severity;
  reason: string;
  owner: string;
  /** YYYY-MM-DD: from the day after, the finding fails again. */
  expires: string;
}

export interface BaselineMatch {
  finding: Finding;
  entry: BaselineEntry;
}

export interface Baselined {
  /** Findings a live entry covers: reported, never failing. */
  accepted: BaselineMatch[];
  /** Findings whose entry has expired: they fail, saying so. */
  expired: BaselineMatch[];
  /** Findings no entry covers: judged as usual. */
  open: Finding[];
}

/** A baseline read and compiled once: its patterns are regular expressions made when the file is read, grouped by rule. */
export interface Baseline {
  readonly file?: string;
  readonly entries: readonly BaselineEntry[];
  /** The entry that accepts this finding of this case, if any. */
  match(probeId: string, finding: Finding): BaselineEntry | undefined;
}

const pattern = (glob: string) =>
  new RegExp(
    `^${glob
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );

/** An entry accepts a finding of its rule (at its path, when it names one), at its severity or below. */
const accepts = (entry: BaselineEntry, finding: Finding): boolean =>
  entry.rule === finding.rule &&
  (entry.path === undefined || entry.path === finding.path) &&
  (entry.severity === "violation" || finding.severity === "deviation");

export function compileBaseline(entries: readonly BaselineEntry[], file?: string): Baseline {
  const byRule = new Map<string, { entry: BaselineEntry; probe: RegExp }[]>();
  for (const entry of entries) byRule.set(entry.rule, [...(byRule.get(entry.rule) ?? []), { entry, probe: pattern(entry.probe) }]);
  return {
    ...(file ? { file } : {}),
    entries,
    match: (probeId, finding) => byRule.get(finding.rule)?.find((c) => accepts(c.entry, finding) && c.probe.test(probeId))?.entry,
  };
}

export const emptyBaseline = compileBaseline([]);

const FIELDS = ["probe", "rule", "severity", "reason", "owner", "expires"] as const;

/** Reads a baseline file; an absent file is an empty baseline. Every entry is checked, and named when it is wrong. */
export function readBaseline(file: string): Baseline {
  if (!existsSync(file)) return compileBaseline([], file);
  let json: { entries?: unknown } | null;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new BaselineError(`${file}: is not JSON (${(error as Error).message})`);
  }
  if (json === null || typeof json !== "object" || !Array.isArray(json.entries)) throw new BaselineError(`${file}: entries: is not an array`);
  const rules = ruleCatalogue();
  const entries = json.entries.map((e, i): BaselineEntry => {
    const at = `${file}: entries[${i}]`;
    if (e === null || typeof e !== "object") throw new BaselineError(`${at}: is not an object`);
    const entry = e as Partial<BaselineEntry> & { check?: unknown };
    if (entry.rule === undefined && entry.check !== undefined) {
      throw new BaselineError(`${at}: names a check, not a rule (a baseline of an older pc-contract): write it again with npx pc-contract baseline`);
    }
    for (const key of FIELDS) {
      if (typeof entry[key] !== "string" || entry[key] === "") throw new BaselineError(`${at}.${key}: is missing (every entry needs ${FIELDS.join(", ")})`);
    }
    if (!rules.has(entry.rule!)) throw new BaselineError(`${at}.rule: "${entry.rule}" is no rule of this pc-contract (npx pc-contract rules lists them)`);
    if (entry.severity !== "violation" && entry.severity !== "deviation")
      throw new BaselineError(`${at}.severity: must be violation or deviation, got "${entry.severity}"`);
    if (entry.path !== undefined && typeof entry.path !== "string") throw new BaselineError(`${at}.path: is not a string`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(entry.expires!) || Number.isNaN(Date.parse(entry.expires!)))
      throw new BaselineError(`${at}.expires: "${entry.expires}" is not a date (YYYY-MM-DD)`);
    return {
      probe: entry.probe!,
      rule: entry.rule!,
      ...(entry.path !== undefined ? { path: entry.path } : {}),
      severity: entry.severity,
      reason: entry.reason!,
      owner: entry.owner!,
      expires: entry.expires!,
    };
  });
  return compileBaseline(entries, file);
}

/** Sorts a case's findings into accepted, expired and open ones; `today` is YYYY-MM-DD. */
export function applyBaseline(probeId: string, findings: readonly Finding[], baseline: Baseline, today: string): Baselined {
  const result: Baselined = { accepted: [], expired: [], open: [] };
  for (const finding of findings) {
    const entry = baseline.match(probeId, finding);
    if (!entry) result.open.push(finding);
    else if (entry.expires < today) result.expired.push({ finding, entry });
    else result.accepted.push({ finding, entry });
  }
  return result;
}
