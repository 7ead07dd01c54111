import { existsSync, readFileSync, statSync } from "node:fs";
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
  // Linear in the entries, and a lookup per finding: an exact case id by key, patterns per rule.
  const exact = new Map<string, BaselineEntry[]>();
  const patterns = new Map<string, { entry: BaselineEntry; probe: RegExp }[]>();
  for (const entry of entries) {
    if (entry.probe.includes("*")) {
      const list = patterns.get(entry.rule) ?? [];
      list.push({ entry, probe: pattern(entry.probe) });
      patterns.set(entry.rule, list);
    } else {
      const key = `${entry.rule}\u0000${entry.probe}`;
      const list = exact.get(key) ?? [];
      list.push(entry);
      exact.set(key, list);
    }
  }
  return {
    ...(file ? { file } : {}),
    entries,
    match: (probeId, finding) =>
      exact.get(`${finding.rule}\u0000${probeId}`)?.find((e) => accepts(e, finding)) ??
      patterns.get(finding.rule)?.find((c) => accepts(c.entry, finding) && c.probe.test(probeId))?.entry,
  };
}

export const emptyBaseline = compileBaseline([]);

const FIELDS = ["probe", "rule", "severity", "reason", "owner", "expires"] as const;
/** The caps a baseline file is held to: its size, its entries, how far ahead an entry may expire. */
export const BASELINE_LIMITS = { bytes: 512 * 1024 * 1024, entries: 2_000_000, expiryDays: 366 } as const;

const jsonType = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/** A calendar day that exists: 2026-02-31 does not (Date.parse would roll it into March). */
function realDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * Reads a baseline file; an absent file is an empty baseline. Every entry is checked and named when it is
 * wrong, and held to the caps: no entry may accept a finding for more than a year ahead (as the CLI writes them).
 */
export function readBaseline(file: string, today: Date = new Date()): Baseline {
  if (!existsSync(file)) return compileBaseline([], file);
  const size = statSync(file).size;
  if (size > BASELINE_LIMITS.bytes) throw new BaselineError(`${file}: is ${size} bytes, more than the ${BASELINE_LIMITS.bytes} a baseline may be`);
  let json: { entries?: unknown } | null;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new BaselineError(`${file}: is not JSON (${(error as Error).message})`);
  }
  if (json === null || typeof json !== "object" || !Array.isArray(json.entries)) throw new BaselineError(`${file}: entries: is not an array`);
  if (json.entries.length > BASELINE_LIMITS.entries)
    throw new BaselineError(`${file}: entries: ${json.entries.length} entries, more than the ${BASELINE_LIMITS.entries} a baseline may hold`);
  const rules = ruleCatalogue();
  const latest = new Date(today.getTime() + BASELINE_LIMITS.expiryDays * 86_400_000).toISOString().slice(0, 10);
  const entries = json.entries.map((e, i): BaselineEntry => {
    const at = `${file}: entries[${i}]`;
    if (e === null || typeof e !== "object" || Array.isArray(e)) throw new BaselineError(`${at}: must be an object, got ${jsonType(e)}`);
    const entry = e as Record<string, unknown>;
    if (entry.rule === undefined && entry.check !== undefined) {
      throw new BaselineError(`${at}: names a check, not a rule (a baseline of an older pc-contract): write it again with npx pc-contract baseline`);
    }
    for (const key of FIELDS) {
      if (entry[key] === undefined || entry[key] === "") throw new BaselineError(`${at}.${key}: is missing (every entry needs ${FIELDS.join(", ")})`);
      if (typeof entry[key] !== "string") throw new BaselineError(`${at}.${key}: must be a string, got ${jsonType(entry[key])}`);
    }
    const value = entry as unknown as BaselineEntry;
    if (!rules.has(value.rule)) throw new BaselineError(`${at}.rule: "${value.rule}" is no rule of this pc-contract (npx pc-contract rules lists them)`);
    if (value.severity !== "violation" && value.severity !== "deviation")
      throw new BaselineError(`${at}.severity: must be violation or deviation, got "${value.severity}"`);
    if (entry.path !== undefined && typeof entry.path !== "string") throw new BaselineError(`${at}.path: must be a string, got ${jsonType(entry.path)}`);
    if (!realDay(value.expires)) throw new BaselineError(`${at}.expires: "${value.expires}" is not a day of the calendar (YYYY-MM-DD)`);
    if (value.expires > latest)
      throw new BaselineError(
        `${at}.expires: ${value.expires} is more than ${BASELINE_LIMITS.expiryDays} days away: accept a finding for a year at most, then look again`,
      );
    return {
      probe: value.probe,
      rule: value.rule,
      ...(typeof entry.path === "string" ? { path: entry.path } : {}),
      severity: value.severity,
      reason: value.reason,
      owner: value.owner,
      expires: value.expires,
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
