import { readFileSync, writeFileSync } from "node:fs";
import { bundledOperations, operationDoc, type RequestOperation } from "../contract/operations.js";
import { kinds } from "../generate/mutations.js";

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

export const KINDS_START = "<!-- kinds:start (npm run docs writes this table from src/generate/mutations.ts) -->";
export const KINDS_END = "<!-- kinds:end -->";

/** The README's table of the kinds of bad input, from the data. */
export function kindsTable(): string {
  const all = kinds();
  const locations = new Set(all.map((k) => k.location));
  return [
    KINDS_START,
    `${all.length} kinds in ${locations.size} locations (\`npx pc-contract kinds --json\` lists them with their sources):`,
    "",
    "| kind | location | certainty | what it sends |",
    "|---|---|---|---|",
    ...all.map((k) => `| \`${k.kind}\` | ${k.location} | ${k.certainty} | ${k.description.replace(/\|/g, "\\|")} |`),
    KINDS_END,
  ].join("\n");
}

/** One generated part of the README replaced; throws when its markers are missing. */
function withPart(readme: string, start: string, end: string, content: string): string {
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start.slice(5, start.indexOf(":"))} markers`);
  return readme.slice(0, from) + content + readme.slice(to + end.length);
}

/** The README with its generated parts (the operations list, the kinds table) rewritten from the data. */
export function withGeneratedParts(readme: string, list: string = operationsList()): string {
  return withPart(withPart(readme, OPERATIONS_START, OPERATIONS_END, list), KINDS_START, KINDS_END, kindsTable());
}

/** `npm run docs`: writes the generated parts into README.md. */
export function writeGeneratedParts(file: string): boolean {
  const before = readFileSync(file, "utf8");
  const after = withGeneratedParts(before);
  if (after !== before) writeFileSync(file, after);
  return after !== before;
}
