import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bundledCatalog } from "../contract/catalog.js";
import { packageVersion } from "../contract/paths.js";
import { ReportError } from "../errors.js";
import { buildMatrix, renderMarkdown, type Matrix } from "./conformance-matrix.js";
import { toSarif, type StoredCase } from "./sarif.js";
import { operationsMarkdown, operationsTable } from "./operations-table.js";
import { kindsGrid, kindsMarkdown, type KindsGrid } from "./kinds-grid.js";

/** Every case of the run, whatever its outcome: what the matrix is built from, and what shards merge. */
export const CASES = "cases.json";

/**
 * The run's conformance files from its cases: conformance.json and .md (the matrix), cases.json (every case,
 * for merging shards) and conformance.sarif (open findings, for code scanning).
 */
export function writeConformanceFiles(dir: string, cases: readonly StoredCase[]): { matrix: Matrix; kinds: KindsGrid } {
  // Edge inputs (a gateway may answer them) are judged apart: the matrix holds the service's verdicts.
  const matrix = buildMatrix(
    bundledCatalog(),
    cases.filter((c) => !c.edge),
  );
  const operations = operationsTable(cases);
  const kinds = kindsGrid(cases, matrix);
  mkdirSync(dir, { recursive: true });
  // Each API's matrix under its name, and the operations table and the kinds grid beside them.
  // A run without generated cases (a proxy's, a probe-only run) has no grid to show.
  const grid = kinds.readOnly.of ? { kinds } : {};
  writeFileSync(join(dir, "conformance.json"), `${JSON.stringify({ ...matrix, operations, ...grid }, null, 2)}\n`);
  writeFileSync(
    join(dir, "conformance.md"),
    `${renderMarkdown(matrix)}\n${operationsMarkdown(operations).join("\n")}${kinds.readOnly.of ? `\n${kindsMarkdown(kinds).join("\n")}` : ""}`,
  );
  writeFileSync(join(dir, CASES), `${JSON.stringify({ cases }, null, 1)}\n`);
  writeFileSync(join(dir, "conformance.sarif"), `${JSON.stringify(toSarif(cases, packageVersion()), null, 2)}\n`);
  return { matrix, kinds };
}

/** The cases a run wrote into `dir` (cases.json), for `pc-contract merge`. */
export function readCases(dir: string): StoredCase[] {
  const file = join(dir, CASES);
  if (!existsSync(file)) throw new ReportError(`${file} does not exist: ${dir} holds no finished run of this pc-contract`);
  try {
    const json = JSON.parse(readFileSync(file, "utf8")) as { cases?: unknown };
    if (!Array.isArray(json.cases)) throw new Error("no cases array");
    return json.cases as StoredCase[];
  } catch (error) {
    throw new ReportError(`${file} is not a cases file (${(error as Error).message})`);
  }
}
