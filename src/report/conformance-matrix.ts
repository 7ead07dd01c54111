import { apiNames, codeKey, type ApiName, type Catalog } from "../contract/types.js";
import type { CaseRecord } from "./case-record.js";

export interface StatusRow {
  status: number;
  name: string;
  provokedBy: "client" | "server";
  /** proven: probed and every probe passed; violated: a probe failed; not probed: no case expected it. */
  state: "proven" | "violated" | "not probed";
  probes: number;
  passed: number;
  violatedBy: string[];
  /** Responses that came back with this status, whatever was expected. */
  observed: number;
}

export interface CodeRow {
  code: string;
  status: number;
  observed: number;
  /** Cases where the code came back with another status than the catalog gives it. */
  withOtherStatus: string[];
}

export interface ApiMatrix {
  statuses: StatusRow[];
  codes: CodeRow[];
  /** Documented codes never seen in this run. */
  codesNeverObserved: number;
  coverage: { provokable: number; probed: number; ratio: number };
}

export type Matrix = Record<ApiName, ApiMatrix>;

function codeRows(api: ApiName, catalog: Catalog, records: CaseRecord[]): { rows: CodeRow[]; never: number } {
  const documented: { code: string; status: number }[] =
    api === "referrals" ? [...catalog.referralsTopLevel.values(), ...catalog.referralsInner.values()] : catalog.coreRows.filter((r, i, all) => all.findIndex((o) => codeKey(o.status, o.code) === codeKey(r.status, r.code)) === i);
  const rows = documented.map(({ code, status }) => {
    const seen = records.filter((r) => r.codes.includes(code));
    const other = seen.filter((r) => r.observed !== status && !(api === "core" && catalog.coreCodes.has(codeKey(r.observed ?? 0, code))));
    return { code, status, observed: seen.filter((r) => r.observed === status).length, withOtherStatus: other.map((r) => r.id) };
  });
  const observed = rows.filter((r) => r.observed > 0 || r.withOtherStatus.length > 0);
  return { rows: observed, never: rows.length - observed.length };
}

/** Every documented status and code per API: probed or not, passed, violated by which case, observed or never. */
export function buildMatrix(catalog: Catalog, records: readonly CaseRecord[]): Matrix {
  const matrix = {} as Matrix;
  for (const api of apiNames) {
    const mine = records.filter((r) => r.api === api);
    const statuses = catalog.statuses[api].errors.map(({ status, name, provokedBy }): StatusRow => {
      const probing = mine.filter((r) => r.expected.includes(status) && r.outcome !== "skipped");
      // A failure counts against the status it was about: the one that came back when that was an expected one
      // (a broken body), else the ones that were expected (a wrong status).
      const about = (r: CaseRecord) => (r.observed !== undefined && r.expected.includes(r.observed) ? r.observed === status : r.expected.includes(status));
      const violatedBy = mine.filter((r) => r.verdict === "fail" && about(r)).map((r) => r.id);
      const passed = probing.filter((r) => r.verdict === "pass" || r.verdict === "deviation").length;
      const state = probing.length === 0 ? "not probed" : violatedBy.length || passed < probing.length ? "violated" : "proven";
      return { status, name, provokedBy, state, probes: probing.length, passed, violatedBy, observed: mine.filter((r) => r.observed === status).length };
    });
    const provokable = statuses.filter((s) => s.provokedBy === "client");
    const probed = provokable.filter((s) => s.probes > 0).length;
    const { rows, never } = codeRows(api, catalog, mine);
    matrix[api] = { statuses, codes: rows, codesNeverObserved: never, coverage: { provokable: provokable.length, probed, ratio: provokable.length ? probed / provokable.length : 1 } };
  }
  return matrix;
}

const percent = (r: number) => `${Math.round(r * 100)}%`;

export function renderMarkdown(matrix: Matrix): string {
  const out: string[] = ["# Conformance matrix", ""];
  for (const api of apiNames) {
    const m = matrix[api];
    out.push(`## ${api === "core" ? "Core API" : "Referrals API"}`, "", `Client-provokable documented statuses probed: ${m.coverage.probed}/${m.coverage.provokable} (${percent(m.coverage.ratio)}).`, "");
    out.push("| status | name | provoked by | state | probes | passed | observed | violated by |", "|---|---|---|---|---|---|---|---|");
    for (const s of m.statuses) out.push(`| ${s.status} | ${s.name} | ${s.provokedBy} | ${s.state} | ${s.probes} | ${s.passed} | ${s.observed} | ${s.violatedBy.slice(0, 5).join(", ")}${s.violatedBy.length > 5 ? ` +${s.violatedBy.length - 5}` : ""} |`);
    out.push("", `Documented codes observed: ${m.codes.length}; never observed: ${m.codesNeverObserved}.`, "", "| code | documented status | observed with it | with another status |", "|---|---|---|---|");
    for (const c of m.codes) out.push(`| ${c.code} | ${c.status} | ${c.observed} | ${c.withOtherStatus.slice(0, 3).join(", ")}${c.withOtherStatus.length > 3 ? ` +${c.withOtherStatus.length - 3}` : ""} |`);
    out.push("");
  }
  return `${out.join("\n")}\n`;
}

export function summaryLines(matrix: Matrix): string[] {
  return apiNames.map((api) => {
    const m = matrix[api];
    const count = (state: string) => m.statuses.filter((s) => s.state === state).length;
    return `${api}: ${m.coverage.probed}/${m.coverage.provokable} client-provokable statuses probed (${percent(m.coverage.ratio)}); ${count("proven")} proven, ${count("violated")} violated, ${count("not probed")} not probed; ${m.codes.length} documented codes observed`;
  });
}
