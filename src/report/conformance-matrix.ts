import type { ApiName, ApiProfile } from "../contract/api-profile.js";
import { profileOf, targetApis } from "../contract/apis/registry.js";
import type { Catalog } from "../contract/catalog.js";
import type { CaseRecord } from "../gating/case-record.js";
import { summarizeRun } from "./run-summary.js";

export interface StatusRow {
  status: number;
  name: string;
  provokedBy: "client" | "server";
  /**
   * A case probes a status it expected when that status came back, or when what came back was none of those it
   * expected (then it is about all of them): a case expecting 403 or 404 that got 403 proved nothing of 404.
   * proven: probed, and every such case passed; violated: one failed; not judged: no case probed it because
   * the target could not be reached (or stopped answering); not probed: none.
   */
  state: "proven" | "violated" | "not judged" | "not probed";
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
  /** Cases not sent, counted by the reason they give. */
  skipped: { reason: string; cases: number }[];
}

export interface ApiMatrixEntry extends ApiMatrix {
  api: ApiName;
  title: string;
  /** The page the contract is judged by, and where the status list comes from. */
  doc: { url: string; name: string };
  statusSource: string;
}

/** One entry per API, keyed by its name, in the order the APIs are registered. */
export type Matrix = Record<string, ApiMatrixEntry>;

function codeRows(catalog: Catalog, api: ApiName, records: CaseRecord[]): { rows: CodeRow[]; never: number } {
  const table = catalog.api(api).codes;
  const rows = table.rows.map(({ code, status, level }) => {
    const seen = records.filter((r) => r.codes.some((c) => c.code === code && (c.depth === 0) === (level === 0)));
    // With another status: one the table does not give the code at all (a code may carry two statuses).
    const other = seen.filter((r) => !table.lookup(code, level).some((row) => row.status === r.observed));
    return { code, status, observed: seen.filter((r) => r.observed === status).length, withOtherStatus: other.map((r) => r.id) };
  });
  const observed = rows.filter((r) => r.observed > 0 || r.withOtherStatus.length > 0);
  return { rows: observed, never: rows.length - observed.length };
}

/** The APIs a matrix covers: every API a run targets, and any other the records name. */
function matrixApis(records: readonly CaseRecord[]): ApiProfile[] {
  const apis = targetApis();
  for (const r of records) if (!apis.some((p) => p.name === r.api)) apis.push(profileOf(r.api));
  return apis;
}

/** Every documented status and code per API: probed or not, passed, violated by which case, observed or never. */
export function buildMatrix(catalog: Catalog, records: readonly CaseRecord[]): Matrix {
  const entries = matrixApis(records).map((profile): ApiMatrixEntry => {
    const api = profile.name;
    const mine = records.filter((r) => r.api === api);
    const statuses = catalog.api(api).statuses.errors.map(({ status, name, provokedBy }): StatusRow => {
      const about = (r: CaseRecord) => r.expected.includes(status) && r.observed !== undefined && (r.observed === status || !r.expected.includes(r.observed));
      const probing = mine.filter((r) => r.outcome === "checked" && about(r));
      const violatedBy = probing.filter((r) => r.verdict === "fail").map((r) => r.id);
      const passed = probing.filter((r) => r.verdict === "pass" || r.verdict === "deviation").length;
      const unjudged = mine.some((r) => (r.outcome === "unavailable" || r.outcome === "environment") && r.expected.includes(status));
      const state = probing.length === 0 ? (unjudged ? "not judged" : "not probed") : violatedBy.length || passed < probing.length ? "violated" : "proven";
      return { status, name, provokedBy, state, probes: probing.length, passed, violatedBy, observed: mine.filter((r) => r.observed === status).length };
    });
    const provokable = statuses.filter((s) => s.provokedBy === "client");
    const probed = provokable.filter((s) => s.probes > 0).length;
    const { rows, never } = codeRows(catalog, api, mine);
    return {
      api,
      title: profile.title,
      doc: { ...profile.doc },
      statusSource: catalog.api(api).statuses.source,
      statuses,
      codes: rows,
      codesNeverObserved: never,
      coverage: { provokable: provokable.length, probed, ratio: provokable.length ? probed / provokable.length : 1 },
      skipped: summarizeRun(mine).skipped.map((g) => ({ reason: g.key, cases: g.cases })),
    };
  });
  return Object.fromEntries(entries.map((e) => [e.api, e]));
}

/** Text in a table cell: no pipe or line break may end the cell early. */
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ");

const percent = (r: number) => `${Math.round(r * 100)}%`;

export function renderMarkdown(matrix: Matrix): string {
  const out: string[] = ["# Conformance matrix", ""];
  for (const m of Object.values(matrix)) {
    out.push(
      `## ${m.title}`,
      "",
      `Judged by [${m.doc.name}](${m.doc.url}); statuses from ${m.statusSource}.`,
      "",
      `Client-provokable documented statuses probed: ${m.coverage.probed}/${m.coverage.provokable} (${percent(m.coverage.ratio)}).`,
      "",
    );
    out.push("| status | name | provoked by | state | probes | passed | observed | violated by |", "|---|---|---|---|---|---|---|---|");
    for (const s of m.statuses)
      out.push(
        `| ${s.status} | ${s.name} | ${s.provokedBy} | ${s.state} | ${s.probes} | ${s.passed} | ${s.observed} | ${s.violatedBy.slice(0, 5).join(", ")}${s.violatedBy.length > 5 ? ` +${s.violatedBy.length - 5}` : ""} |`,
      );
    out.push(
      "",
      `Documented codes observed: ${m.codes.length}; never observed: ${m.codesNeverObserved}.`,
      "",
      "| code | documented status | observed with it | with another status |",
      "|---|---|---|---|",
    );
    for (const c of m.codes)
      out.push(
        `| ${c.code} | ${c.status} | ${c.observed} | ${c.withOtherStatus.slice(0, 3).join(", ")}${c.withOtherStatus.length > 3 ? ` +${c.withOtherStatus.length - 3}` : ""} |`,
      );
    if (m.skipped.length) {
      out.push("", `Skipped cases: ${m.skipped.reduce((n, g) => n + g.cases, 0)}.`, "", "| cases | reason |", "|---|---|");
      for (const g of m.skipped) out.push(`| ${g.cases} | ${cell(g.reason)} |`);
    }
    out.push("");
  }
  return `${out.join("\n")}\n`;
}

export function summaryLines(matrix: Matrix, target?: string): string[] {
  const lines = Object.values(matrix).map((m) => {
    const count = (state: string) => m.statuses.filter((s) => s.state === state).length;
    const unjudged = count("not judged") ? `, ${count("not judged")} not judged` : "";
    return `${m.api}: ${m.coverage.probed}/${m.coverage.provokable} client-provokable statuses probed (${percent(m.coverage.ratio)}); ${count("proven")} proven, ${count("violated")} violated${unjudged}, ${count("not probed")} not probed; ${m.codes.length} documented codes observed`;
  });
  return target ? [`target: ${target}`, ...lines] : lines;
}
