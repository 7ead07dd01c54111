import type { ApiName } from "../contract/api-profile.js";
import { bundledOperations, type RequestOperation } from "../contract/operations.js";
import type { CaseRecord } from "../gating/case-record.js";
import { applicableKinds } from "../generate/build-cases.js";
import { kinds, type KindInfo } from "../generate/mutations.js";
import type { Matrix } from "./conformance-matrix.js";

/** One kind of bad input at one operation: whether it applies, and what the run made of it. */
export interface KindCell {
  kind: string;
  applicable: boolean;
  generated: number;
  ran: number;
  passed: number;
}

/** A kind across every operation, with where it goes and what its expected answer rests on. */
export interface KindRow extends KindInfo {
  kind: string;
  /** Operations it applies to, of those documented. */
  operations: number;
  generated: number;
  ran: number;
  passed: number;
}

export interface KindsGrid {
  kinds: KindRow[];
  /** Per operation, every kind that applies to it (or that a case of the run names). */
  operations: { id: string; cells: KindCell[] }[];
  /** Generated cases that need no write permission (reads, and writes every document makes the service refuse first). */
  readOnly: { cases: number; of: number };
  /** Inputs the pages give no status (a gateway may answer them): judged by the edge contract, reported apart. */
  edge: { ran: number; passed: number; failed: string[] };
  /** Each API's client-provokable documented statuses no generated case expects. */
  statusesWithoutCase: { api: ApiName; statuses: number[] }[];
}

/** The operation and kind of a generated case of one of these operations, or undefined (a hand-written probe). */
function parse(record: CaseRecord, operations: ReadonlySet<string>): { operation: string; kind: string } | undefined {
  const { mutation } = record;
  return mutation && operations.has(mutation.operation) ? { operation: mutation.operation, kind: mutation.kind } : undefined;
}

const passed = (r: CaseRecord) => r.outcome === "checked" && (r.verdict === "pass" || r.verdict === "deviation");

/**
 * The kind x location grid of a run: for every operation and kind of bad input, whether it applies, how many
 * cases the run generated, ran and passed; and the same per kind, with its location, certainty and source.
 */
export function kindsGrid(records: readonly CaseRecord[], matrix: Matrix, operations: readonly RequestOperation[] = bundledOperations()): KindsGrid {
  const ids = new Set(operations.map((o) => o.id));
  const generated = records.flatMap((r) => {
    const at = parse(r, ids);
    return at ? [{ ...at, record: r }] : [];
  });
  const byOperation = operations.map((operation) => {
    const applicable = applicableKinds(operation, operations);
    const mine = generated.filter((g) => g.operation === operation.id);
    const names = [...new Set([...applicable, ...mine.map((g) => g.kind)])];
    const cells = names.map((kind): KindCell => {
      const of = mine.filter((g) => g.kind === kind).map((g) => g.record);
      return {
        kind,
        applicable: applicable.has(kind),
        generated: of.length,
        ran: of.filter((r) => r.outcome === "checked").length,
        passed: of.filter(passed).length,
      };
    });
    return { id: operation.id, cells };
  });
  const rows = kinds().map((info): KindRow => {
    const cells = byOperation.flatMap((o) => o.cells.filter((c) => c.kind === info.kind));
    const sum = (key: "generated" | "ran" | "passed") => cells.reduce((n, c) => n + c[key], 0);
    return { ...info, operations: cells.filter((c) => c.applicable).length, generated: sum("generated"), ran: sum("ran"), passed: sum("passed") };
  });
  const edge = generated.map((g) => g.record).filter((r) => r.edge && r.outcome === "checked");
  const needsNoWrite = generated.filter((g) => g.record.risk !== "write").length;
  return {
    kinds: rows,
    operations: byOperation,
    readOnly: { cases: needsNoWrite, of: generated.length },
    edge: { ran: edge.length, passed: edge.filter(passed).length, failed: edge.filter((r) => r.verdict === "fail").map((r) => r.id) },
    statusesWithoutCase: Object.values(matrix).map((m) => ({
      api: m.api,
      statuses: m.statuses
        .filter((s) => s.provokedBy === "client")
        .map((s) => s.status)
        .filter((status) => !generated.some((g) => g.record.api === m.api && g.record.expected.includes(status))),
    })),
  };
}

const percent = (n: number, of: number) => (of ? `${Math.round((n * 100) / of)}%` : "-");

/** The grid in Markdown, for conformance.md: the kinds table, the edge class, and per operation its kinds. */
export function kindsMarkdown(grid: KindsGrid): string[] {
  const missing = grid.statusesWithoutCase.filter((m) => m.statuses.length);
  return [
    "## Negative input by kind",
    "",
    `Read-only share: ${readOnlyLine(grid)}.`,
    "",
    missing.length
      ? `Documented client statuses no generated case expects (PC_REQUIRE_STATUS_CASES gates on them): ${missing.map((m) => `${m.api} ${m.statuses.join(", ")}`).join("; ")}.`
      : "Every documented client status has a generated case.",
    "",
    "| kind | location | certainty | operations | generated | ran | passed | expected answer rests on |",
    "|---|---|---|---|---|---|---|---|",
    ...grid.kinds.map(
      (k) => `| ${k.kind} | ${k.location} | ${k.certainty} | ${k.operations} | ${k.generated} | ${k.ran} | ${k.passed} | ${k.source.replace(/\|/g, "\\|")} |`,
    ),
    "",
    "### Edge inputs (the pages give no status; a gateway may answer)",
    "",
    `Judged apart from the service's verdicts by the edge contract: never 2xx where a refusal is expected, never 5xx, any 4xx with the envelope or an empty body. ${edgeLine(grid)}.`,
    ...(grid.edge.failed.length ? ["", ...grid.edge.failed.slice(0, 50).map((id) => `- ${id}`)] : []),
    "",
    "### Kinds per operation",
    "",
    "Each kind that applies, as generated / ran / passed.",
    "",
    "<details><summary>every operation</summary>",
    "",
    ...grid.operations.map(
      (o) =>
        `- **${o.id}**: ${o.cells
          .filter((c) => c.applicable || c.generated)
          .map((c) => `${c.kind} ${c.generated}/${c.ran}/${c.passed}`)
          .join(", ")}`,
    ),
    "",
    "</details>",
    "",
  ];
}

export const readOnlyLine = (grid: KindsGrid): string =>
  `${grid.readOnly.cases} of ${grid.readOnly.of} generated cases need no write permission (${percent(grid.readOnly.cases, grid.readOnly.of)})`;

export const edgeLine = (grid: KindsGrid): string =>
  `edge inputs: ${grid.edge.ran} ran, ${grid.edge.passed} held the edge contract, ${grid.edge.failed.length} broke it`;
