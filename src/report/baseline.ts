import { existsSync, readFileSync } from "node:fs";
import type { Finding } from "../checks/types.js";
import { ConfigError } from "../config/config-error.js";

/** A finding a team has accepted for now: a known deviation or violation, with who owns it and until when. */
export interface BaselineEntry {
  /** A case id, or a pattern with * (`customers.create/*`). */
  probe: string;
  check: string;
  reason: string;
  owner: string;
  /** YYYY-MM-DD: from the day after, the finding fails again. */
  expires: string;
}

export interface Baselined {
  /** Findings a live entry covers: reported, never failing. */
  accepted: { finding: Finding; entry: BaselineEntry }[];
  /** Findings whose entry has expired: they fail, saying so. */
  expired: { finding: Finding; entry: BaselineEntry }[];
  /** Findings no entry covers: judged as usual. */
  open: Finding[];
}

const matches = (pattern: string, id: string) =>
  new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`).test(id);

export function readBaseline(file: string): BaselineEntry[] {
  if (!existsSync(file)) return [];
  let json: { entries?: unknown };
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError(`${file}: is not JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(json.entries)) throw new ConfigError(`${file}: entries: is not an array`);
  return json.entries.map((e, i) => {
    const entry = e as Partial<BaselineEntry>;
    for (const key of ["probe", "check", "reason", "owner", "expires"] as const) {
      if (typeof entry[key] !== "string" || entry[key] === "") throw new ConfigError(`${file}: entries[${i}].${key}: is missing (every entry needs probe, check, reason, owner and expires)`);
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(entry.expires!) || Number.isNaN(Date.parse(entry.expires!))) throw new ConfigError(`${file}: entries[${i}].expires: "${entry.expires}" is not a date (YYYY-MM-DD)`);
    return entry as BaselineEntry;
  });
}

/** Sorts a case's findings into accepted, expired and open ones; `today` is YYYY-MM-DD. */
export function applyBaseline(probeId: string, findings: readonly Finding[], entries: readonly BaselineEntry[], today: string): Baselined {
  const result: Baselined = { accepted: [], expired: [], open: [] };
  for (const finding of findings) {
    const entry = entries.find((e) => e.check === finding.check && matches(e.probe, probeId));
    if (!entry) result.open.push(finding);
    else if (entry.expires < today) result.expired.push({ finding, entry });
    else result.accepted.push({ finding, entry });
  }
  return result;
}
