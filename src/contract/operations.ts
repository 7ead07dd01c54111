import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import { CatalogError } from "./catalog-error.js";
import { toSchemaErrors, type SchemaError } from "./load-schemas.js";
import { projectRoot, schemasDir } from "./paths.js";
import type { ApiName } from "./types.js";

const addFormats = formats.default;

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
  schemaFile: string;
  schema: JsonSchema;
  validate(value: unknown): SchemaError[];
}

interface OperationEntry {
  id: string;
  api: ApiName;
  method: string;
  path: string;
  schema: string;
  success: number[];
  stateless?: boolean;
}

export const requestsDir = join(schemasDir, "requests");

export function loadOperations(dir: string = requestsDir): RequestOperation[] {
  const where = (file: string) => relative(projectRoot, join(dir, file));
  const read = (file: string): unknown => {
    try {
      return JSON.parse(readFileSync(join(dir, file), "utf8"));
    } catch (error) {
      throw new CatalogError(where(file), "file", `cannot be read as JSON (${(error as Error).message})`);
    }
  };
  const { operations } = read("operations.json") as { operations: OperationEntry[] };
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  // json-schema-faker's hint keyword: data for the generator, no meaning to validation.
  ajv.addKeyword({ keyword: "faker" });
  const ids = new Set<string>();
  return operations.map((entry, index) => {
    if (ids.has(entry.id)) throw new CatalogError(where("operations.json"), `operations[${index}]`, `id ${entry.id} is listed twice`);
    ids.add(entry.id);
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
      schemaFile: entry.schema,
      schema,
      validate: (value: unknown) => (validate(value) ? [] : toSchemaErrors(validate.errors)),
    };
  });
}

let cached: RequestOperation[] | undefined;
export function bundledOperations(): RequestOperation[] {
  cached ??= loadOperations();
  return cached;
}

export function operationById(id: string): RequestOperation {
  const operation = bundledOperations().find((o) => o.id === id);
  if (!operation) throw new Error(`no request operation ${id}`);
  return operation;
}
