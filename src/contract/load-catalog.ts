import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { CatalogError } from "./catalog-error.js";
import { catalogDir, projectRoot } from "./paths.js";
import { apiNames, codeKey, type ApiStatuses, type Catalog, type CodeRow, type HeaderRules } from "./types.js";

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new CatalogError(relative(projectRoot, file), "file", `cannot be read (${(error as Error).message})`);
  }
}

function readJson<T>(file: string): T {
  const text = readText(file);
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new CatalogError(relative(projectRoot, file), "file", `is not valid JSON (${(error as Error).message})`);
  }
}

const TSV_HEADER = ["http_status", "code", "description", "first_documented"];

/** Parses the core numeric table. Exact duplicate rows are refused; the same (status, code) with two wordings is kept. */
export function parseCoreCodes(text: string, file: string): CodeRow[] {
  const lines = text.split(/\r?\n/);
  const header = lines[0]?.split("\t") ?? [];
  if (header.join("\t") !== TSV_HEADER.join("\t")) {
    throw new CatalogError(file, "line 1", `expected the header "${TSV_HEADER.join("\\t")}", found "${lines[0] ?? ""}"`);
  }
  const rows: CodeRow[] = [];
  const seen = new Map<string, number>();
  lines.slice(1).forEach((line, index) => {
    const lineNo = index + 2;
    if (line.trim() === "") return;
    const [status, code, description, firstDocumented] = line.split("\t");
    if (!/^[1-5]\d\d$/.test(status ?? "")) throw new CatalogError(file, `line ${lineNo}`, `http_status "${status}" is not an HTTP status`);
    if (!/^\d+$/.test(code ?? "")) throw new CatalogError(file, `line ${lineNo}`, `code "${code}" is not a number`);
    if (!description) throw new CatalogError(file, `line ${lineNo}`, "description is empty");
    const previous = seen.get(line);
    if (previous !== undefined) throw new CatalogError(file, `line ${lineNo}`, `duplicates line ${previous} exactly`);
    seen.set(line, lineNo);
    rows.push({ status: Number(status), code: code!, description, ...(firstDocumented ? { firstDocumented } : {}) });
  });
  return rows;
}

function indexRows(rows: CodeRow[], file: string, keyOf: (row: CodeRow) => string): Map<string, CodeRow> {
  const map = new Map<string, CodeRow>();
  for (const row of rows) {
    const key = keyOf(row);
    if (map.has(key)) throw new CatalogError(file, `code ${row.code}`, "is listed twice");
    map.set(key, row);
  }
  return map;
}

export function loadCatalog(dir: string = catalogDir): Catalog {
  const rel = (name: string) => relative(projectRoot, join(dir, name));
  const statuses = readJson<Record<string, ApiStatuses>>(join(dir, "statuses.json"));
  for (const api of apiNames) {
    if (!statuses[api]?.errors?.length) throw new CatalogError(rel("statuses.json"), api, "has no error statuses");
  }
  const coreRows = parseCoreCodes(readText(join(dir, "core-error-codes.tsv")), rel("core-error-codes.tsv"));
  const coreCodes = new Map<string, CodeRow[]>();
  const coreCodesByCode = new Map<string, CodeRow[]>();
  for (const row of coreRows) {
    const key = codeKey(row.status, row.code);
    coreCodes.set(key, [...(coreCodes.get(key) ?? []), row]);
    coreCodesByCode.set(row.code, [...(coreCodesByCode.get(row.code) ?? []), row]);
  }
  const referrals = readJson<{ topLevel: Omit<CodeRow, "description">[]; inner: Omit<CodeRow, "description">[] }>(
    join(dir, "referrals-codes.json"),
  );
  const withMeaning = (rows: (Omit<CodeRow, "description"> & { meaning?: string })[]) =>
    rows.map((r) => ({ status: r.status, code: r.code, description: r.meaning ?? "" }));
  return Object.freeze({
    statuses: statuses as Catalog["statuses"],
    coreCodes,
    coreCodesByCode,
    coreRows,
    referralsTopLevel: indexRows(withMeaning(referrals.topLevel), rel("referrals-codes.json"), (r) => r.code),
    referralsInner: indexRows(withMeaning(referrals.inner), rel("referrals-codes.json"), (r) => r.code),
    headers: readJson<HeaderRules>(join(dir, "headers.json")),
  });
}

let cached: Catalog | undefined;
/** The bundled catalog, read once per process. */
export function bundledCatalog(): Catalog {
  cached ??= loadCatalog();
  return cached;
}

const statusSets = new WeakMap<Catalog, Record<string, Set<number>>>();

/** The error statuses an API documents (computed once per catalog: the status check asks on every exchange). */
export function documentedStatuses(catalog: Catalog, api: "core" | "referrals"): Set<number> {
  let sets = statusSets.get(catalog);
  if (!sets) statusSets.set(catalog, (sets = {}));
  return (sets[api] ??= new Set(catalog.statuses[api].errors.map((e) => e.status)));
}
