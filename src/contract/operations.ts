import { join } from "node:path";
import { CatalogError } from "../errors.js";
import type { ApiName } from "./api-profile.js";
import { isApiName } from "./apis/registry.js";
import { createAjv, toSchemaErrors, type SchemaError } from "./create-ajv.js";
import { schemasDir } from "./paths.js";
import { readJson, shown } from "./read-data.js";

export type JsonSchema = Record<string, unknown>;

/** A documented parameter of an operation: where it goes, whether it must be there, and its schema. */
export interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  schema: JsonSchema;
  /** The parameter's value is valid (a query value arrives as text: "12" for an integer). */
  validate(text: string): boolean;
}

/** A documented operation: a write whose body the service must validate before changing anything, or a read; both with their parameters. */
export interface RequestOperation {
  id: string;
  api: ApiName;
  method: string;
  path: string;
  /** Statuses a valid body gets. */
  success: number[];
  /** Validation only: nothing changes whatever the service accepts. */
  stateless: boolean;
  /** It creates a resource its collection then lists (the mock keeps it in its store). */
  creates: boolean;
  /** user: the page supports App+User credentials only. */
  identity?: "user";
  /** The documented GET that shows what the operation changes: a rejected case is framed by it (before and after). */
  read?: StateRead;
  /** The page documenting the operation (else the body schema's $comment names it). */
  doc?: string;
  /** Its path, query and header parameters (path ones are its {placeholders}). */
  parameters: Parameter[];
  /** A body is sent (POST, PUT, PATCH): the schema describes it. A read's schema is empty. */
  hasBody: boolean;
  schemaFile: string;
  schema: JsonSchema;
  validate(value: unknown): SchemaError[];
}

/** A read that shows a resource (`resource`: compared by ETag, else body) or the list a create adds to (`list`: by item ids). */
export interface StateRead {
  path: string;
  kind: "resource" | "list";
  /** The page documenting the read. */
  doc: string;
}

interface ParameterEntry {
  name: string;
  in: Parameter["in"];
  required?: boolean;
  schema: JsonSchema;
}

interface OperationEntry {
  id: string;
  api: ApiName;
  method: string;
  path: string;
  doc?: string;
  parameters?: ParameterEntry[];
  schema?: string;
  success: number[];
  stateless?: boolean;
  creates?: boolean;
  identity?: "user";
  read?: StateRead;
}

export const requestsDir = join(schemasDir, "requests");

export function loadOperations(dir: string = requestsDir): RequestOperation[] {
  const where = (file: string) => shown(join(dir, file));
  const read = (file: string): unknown => readJson(join(dir, file));
  const { operations, pathParameters = {} } = read("operations.json") as { operations: OperationEntry[]; pathParameters?: Record<string, JsonSchema> };
  const ajv = createAjv();
  const ids = new Set<string>();
  return operations.map((entry, index) => {
    if (ids.has(entry.id)) throw new CatalogError(where("operations.json"), `operations[${index}]`, `id ${entry.id} is listed twice`);
    ids.add(entry.id);
    if (!isApiName(entry.api)) throw new CatalogError(where("operations.json"), `operations[${index}].api`, `"${entry.api}" is no registered API`);
    const hasBody = entry.schema !== undefined;
    if (!hasBody && ["POST", "PUT", "PATCH"].includes(entry.method))
      throw new CatalogError(where("operations.json"), `operations[${index}].schema`, `${entry.method} ${entry.path} needs a body schema`);
    const schema = hasBody ? (read(entry.schema!) as JsonSchema) : {};
    let validate;
    try {
      validate = ajv.compile(schema);
    } catch (error) {
      throw new CatalogError(where(entry.schema ?? "operations.json"), "schema", `does not compile (${(error as Error).message})`);
    }
    const parameters = (entry.parameters ?? []).map((p, i) => parameterOf(p, ajv, where("operations.json"), `operations[${index}].parameters[${i}]`));
    for (const name of [...entry.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))
      if (!parameters.some((p) => p.in === "path" && p.name === name))
        parameters.push(
          parameterOf({ name, in: "path", required: true, schema: pathParameters[name] ?? { type: "string" } }, ajv, where("operations.json"), name),
        );
    return {
      id: entry.id,
      api: entry.api,
      method: entry.method,
      path: entry.path,
      success: entry.success,
      stateless: entry.stateless === true,
      creates: entry.creates === true,
      ...(entry.identity === "user" ? { identity: "user" as const } : {}),
      ...(entry.read ? { read: checkedRead(entry.read, where("operations.json"), index) } : {}),
      ...(entry.doc ? { doc: entry.doc } : {}),
      parameters,
      hasBody,
      schemaFile: entry.schema ?? "operations.json",
      schema,
      validate: (value: unknown) => {
        const held = asDotNetHolds(value);
        return validate(held) ? [] : toSchemaErrors(validate.errors);
      },
    };
  });
}

const INT64_MAX = 2n ** 63n - 1n;

/** A number no .NET service holds: an integer past Int64 (2^63), or one past a double (1e400, which JSON.parse makes Infinity). */
const beyondDotNet = (n: number) => !Number.isFinite(n) || (Number.isInteger(n) && Math.abs(n) >= 2 ** 63);
/** Walked without recursion: a body may be arrays nested 10 000 deep. */
function holdsBeyond(value: unknown): boolean {
  const pending = [value];
  while (pending.length) {
    const v = pending.pop();
    if (typeof v === "number" && beyondDotNet(v)) return true;
    if (v !== null && typeof v === "object") pending.push(...Object.values(v));
  }
  return false;
}

/**
 * The body as a .NET service reads it: a number it cannot hold stays its text, so the schema refuses it where it
 * wants a number (ajv alone takes 2^63 for an integer). Copied only when there is such a number.
 */
function asDotNetHolds(value: unknown): unknown {
  if (!holdsBeyond(value)) return value;
  const copy = (v: unknown): unknown =>
    typeof v === "number"
      ? beyondDotNet(v)
        ? String(v)
        : v
      : Array.isArray(v)
        ? v.map(copy)
        : v !== null && typeof v === "object"
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)]))
          : v;
  return copy(value);
}

/** Query and header values arrive as text: a number, an integer or a boolean is read from it before the schema judges it. */
function asTyped(text: string, schema: JsonSchema): unknown {
  const type = schema.type;
  // An integer no 64-bit integer holds (2^63) stays text, so the schema refuses it as a service's Int64 would.
  if (type === "integer" && /^-?\d+$/.test(text) && (BigInt(text) > INT64_MAX || BigInt(text) < -INT64_MAX - 1n)) return text;
  if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (type === "boolean" && (text === "true" || text === "false")) return text === "true";
  return text;
}

function parameterOf(entry: ParameterEntry, ajv: ReturnType<typeof createAjv>, file: string, at: string): Parameter {
  if (!["path", "query", "header"].includes(entry.in)) throw new CatalogError(file, `${at}.in`, 'must be "path", "query" or "header"');
  let check;
  try {
    check = ajv.compile(entry.schema);
  } catch (error) {
    throw new CatalogError(file, `${at}.schema`, `does not compile (${(error as Error).message})`);
  }
  return {
    name: entry.name,
    in: entry.in,
    required: entry.in === "path" || entry.required === true,
    schema: entry.schema,
    validate: (text) => check(asTyped(text, entry.schema)) === true,
  };
}

function checkedRead(read: StateRead, file: string, index: number): StateRead {
  if (typeof read.path !== "string" || !read.path.startsWith("/"))
    throw new CatalogError(file, `operations[${index}].read.path`, "must be a path from the origin");
  if (read.kind !== "resource" && read.kind !== "list") throw new CatalogError(file, `operations[${index}].read.kind`, 'must be "resource" or "list"');
  if (typeof read.doc !== "string" || !read.doc.startsWith("https://")) throw new CatalogError(file, `operations[${index}].read.doc`, "must be the page's URL");
  return { path: read.path, kind: read.kind, doc: read.doc };
}

/** The page documenting an operation: its own `doc`, else the URL its body schema's $comment names. */
export const operationDoc = (operation: RequestOperation): string | undefined =>
  operation.doc ?? /https:\/\/\S+?(?=[\s)]|$)/.exec(String(operation.schema.$comment ?? ""))?.[0];

let cached: RequestOperation[] | undefined;
export function bundledOperations(): RequestOperation[] {
  cached ??= loadOperations();
  return cached;
}

export function operationById(id: string): RequestOperation {
  const operation = bundledOperations().find((o) => o.id === id);
  if (!operation) throw new CatalogError("schemas/requests/operations.json", id, "is no request operation");
  return operation;
}
