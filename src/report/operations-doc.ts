import { readFileSync, writeFileSync } from "node:fs";
import { bundledOperations, operationDoc, type RequestOperation } from "../contract/operations.js";

export const OPERATIONS_START = "<!-- operations:start (npm run docs writes this list from schemas/requests/operations.json) -->";
export const OPERATIONS_END = "<!-- operations:end -->";

/** The README's list of covered operations, from the data: one line each, with its page where the schema names one. */
export function operationsList(operations: readonly RequestOperation[] = bundledOperations()): string {
  const lines = operations.map((o) => {
    const page = operationDoc(o);
    const query = o.parameters.filter((p) => p.in === "query").map((p) => p.name);
    const traits = [
      o.hasBody ? undefined : "read",
      query.length ? `query ${query.join(", ")}` : undefined,
      o.stateless ? "validation only" : undefined,
      o.creates ? "creates" : undefined,
      o.identity === "user" ? "App + User" : undefined,
      o.read ? `framed by ${o.read.path.split("?")[0]}` : undefined,
    ].filter(Boolean);
    return `- \`${o.id}\`: \`${o.method} ${o.path}\`${page ? ` ([page](${page}))` : ` (${String(o.schema.description ?? "")})`}${traits.length ? `; ${traits.join(", ")}` : ""}`;
  });
  return [OPERATIONS_START, `${operations.length} operations:`, "", ...lines, OPERATIONS_END].join("\n");
}

/** The README with its operations list rewritten; throws when the markers are missing. */
export function withOperationsList(readme: string, list: string = operationsList()): string {
  const start = readme.indexOf(OPERATIONS_START);
  const end = readme.indexOf(OPERATIONS_END);
  if (start < 0 || end < start) throw new Error("README.md has no operations markers");
  return readme.slice(0, start) + list + readme.slice(end + OPERATIONS_END.length);
}

/** `npm run docs`: writes the list into README.md. */
export function writeOperationsList(file: string): boolean {
  const before = readFileSync(file, "utf8");
  const after = withOperationsList(before);
  if (after !== before) writeFileSync(file, after);
  return after !== before;
}
