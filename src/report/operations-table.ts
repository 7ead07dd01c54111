import { bundledOperations, operationDoc, type RequestOperation } from "../contract/operations.js";
import type { CaseRecord } from "../gating/case-record.js";
import { locations } from "../generate/mutations.js";

/** What a run did with one documented operation of schemas/requests/operations.json. */
export interface OperationRow {
  id: string;
  method: string;
  path: string;
  /** The page the operation's schema comes from. */
  doc?: string;
  /** Generated cases collected for it, and how many were sent and judged. */
  cases: number;
  ran: number;
  failed: number;
  /** Statuses observed, with how often. */
  statuses: Record<string, number>;
  /** Mutation kinds run against it (remove-required, malformed-json, ...). */
  kinds: string[];
  /** Places of its schema at least one case that ran mutated, of all the schema describes. */
  fields: { mutated: number; documented: number };
}

export interface OperationsTable {
  /** Operations with at least one case sent and judged, of those operations.json documents. */
  covered: number;
  documented: number;
  rows: OperationRow[];
}

/**
 * The operations table of a run: per operation, its generated cases (ids `<operation>/<kind>[:<pointer>]`),
 * which ran, the statuses they met, the kinds of fault run and the share of the schema's places mutated.
 */
export function operationsTable(records: readonly CaseRecord[], operations: readonly RequestOperation[] = bundledOperations()): OperationsTable {
  const rows = operations.map((operation): OperationRow => {
    const mine = records.filter((r) => r.mutation?.operation === operation.id);
    const ran = mine.filter((r) => r.outcome === "checked");
    const statuses: Record<string, number> = {};
    for (const r of ran) if (r.observed !== undefined) statuses[r.observed] = (statuses[r.observed] ?? 0) + 1;
    const kinds = [...new Set(ran.map((r) => r.mutation!.kind))].sort();
    const places = new Set(
      locations(operation.schema)
        .map((l) => l.pointer)
        .filter((p) => p !== ""),
    );
    const mutated = new Set(ran.flatMap((r) => r.mutation!.place ?? []).filter((p) => places.has(p)));
    const doc = operationDoc(operation);
    return {
      id: operation.id,
      method: operation.method,
      path: operation.path,
      ...(doc ? { doc } : {}),
      cases: mine.length,
      ran: ran.length,
      failed: ran.filter((r) => r.verdict === "fail").length,
      statuses,
      kinds,
      fields: { mutated: mutated.size, documented: places.size },
    };
  });
  return { covered: rows.filter((r) => r.ran > 0).length, documented: rows.length, rows };
}

const share = (n: number, of: number) => (of ? `${Math.round((n * 100) / of)}%` : "-");

/** The table in Markdown, for conformance.md. */
export function operationsMarkdown(table: OperationsTable): string[] {
  return [
    "## Operations",
    "",
    `Operations covered: ${table.covered} of ${table.documented} documented (schemas/requests/operations.json).`,
    "",
    "| operation | request | cases | ran | failed | statuses observed | fault kinds | fields mutated |",
    "|---|---|---|---|---|---|---|---|",
    ...table.rows.map((r) => {
      const statuses = Object.entries(r.statuses)
        .map(([s, n]) => `${s} ×${n}`)
        .join(", ");
      const name = r.doc ? `[${r.id}](${r.doc})` : r.id;
      return `| ${name} | ${r.method} ${r.path} | ${r.cases} | ${r.ran} | ${r.failed} | ${statuses || "-"} | ${r.kinds.length} | ${r.fields.mutated}/${r.fields.documented} (${share(r.fields.mutated, r.fields.documented)}) |`;
    }),
    "",
  ];
}

/** The summary's line. */
export const operationsLine = (table: OperationsTable): string => `operations covered: ${table.covered} of ${table.documented} documented`;
