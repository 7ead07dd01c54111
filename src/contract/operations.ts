import { join } from "node:path";
import { CatalogError } from "../errors.js";
import type { ApiName } from "./api-profile.js";
import { isApiName } from "./apis/registry.js";
import { createAjv, toSchemaErrors, type SchemaError } from "./create-ajv.js";
import { schemasDir } from "./paths.js";
import { readJson, shown } from "./read-data.js";

export type JsonSchema = Record<string, unknown>;

/** A write operation whose body the service must validate before changing anything. */
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

interface OperationEntry {
  id: string;
  api: ApiName;
  method: string;
  path: string;
  schema: string;
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
  const { operations } = read("operations.json") as { operations: OperationEntry[] };
  const ajv = createAjv();
  const ids = new Set<string>();
  return operations.map((entry, index) => {
    if (ids.has(entry.id)) throw new CatalogError(where("operations.json"), `operations[${index}]`, `id ${entry.id} is listed twice`);
    ids.add(entry.id);
    if (!isApiName(entry.api)) throw new CatalogError(where("operations.json"), `operations[${index}].api`, `"${entry.api}" is no registered API`);
    const schema = read(entry.schema) as JsonSchema;
    let validate;
    try {
      validate = ajv.compile(schema);
    } catch (error) {
      throw new CatalogError(where(entry.schema), "schema", `does not compile (${(error as Error).message})`);
    }
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
      schemaFile: entry.schema,
      schema,
      validate: (value: unknown) => (validate(value) ? [] : toSchemaErrors(validate.errors)),
    };
  });
}

function checkedRead(read: StateRead, file: string, index: number): StateRead {
  if (typeof read.path !== "string" || !read.path.startsWith("/"))
    throw new CatalogError(file, `operations[${index}].read.path`, "must be a path from the origin");
  if (read.kind !== "resource" && read.kind !== "list") throw new CatalogError(file, `operations[${index}].read.kind`, 'must be "resource" or "list"');
  if (typeof read.doc !== "string" || !read.doc.startsWith("https://")) throw new CatalogError(file, `operations[${index}].read.doc`, "must be the page's URL");
  return { path: read.path, kind: read.kind, doc: read.doc };
}

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
