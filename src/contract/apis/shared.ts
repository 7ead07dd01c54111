import type { CodeRow, CodeTable, EnvelopeVariant, Severity, StatusSet } from "../api-profile.js";
import { isObject } from "../error-view.js";

/** The error statuses of a status set, as a set. */
export const documentedSet = (statuses: StatusSet): ReadonlySet<number> => new Set(statuses.errors.map((e) => e.status));

/**
 * The body the API throttling guidance page shows for a 429 (Azure API Management's), which is not the error
 * envelope: known on a 429, the wrong envelope anywhere else.
 */
export const apimThrottleVariant: EnvelopeVariant = {
  name: "apim-throttle",
  rule: "throttle-page-body",
  matches: (json) => isObject(json) && "statusCode" in json && "message" in json && !("code" in json),
  statuses: [429],
  title: "a 429 with the throttling page's own {statusCode, message} body",
};

/** A code table over rows, each at level 0 (top) or 1 (inner, any depth). */
export function codeTable(rows: readonly CodeRow[], mismatch: Severity, forms: { top?: RegExp; inner?: RegExp } = {}): CodeTable {
  const byKey = new Map<string, CodeRow[]>();
  const unique: CodeRow[] = [];
  for (const row of rows) {
    const key = `${row.level} ${row.code}`;
    const list = byKey.get(key) ?? [];
    if (!list.some((r) => r.status === row.status)) unique.push(row);
    list.push(row);
    byKey.set(key, list);
  }
  const statuses = new Set(rows.map((r) => `${r.level} ${r.status}`));
  const level = (depth: number) => (depth === 0 ? 0 : 1);
  return {
    lookup: (code, depth) => byKey.get(`${level(depth)} ${code}`) ?? [],
    rows: unique,
    mismatch,
    documentsStatus: (status, depth) => statuses.has(`${level(depth)} ${status}`),
    codeForm: (depth) => (depth === 0 ? forms.top : forms.inner),
  };
}
