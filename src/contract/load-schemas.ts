import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { CatalogError } from "./catalog-error.js";
import { projectRoot, schemasDir } from "./paths.js";

export interface SchemaError {
  /** JSON pointer into the body. */
  pointer: string;
  keyword: string;
  message: string;
  params: Record<string, unknown>;
}

export type Validator = (value: unknown) => SchemaError[];

export interface EnvelopeSchemas {
  core: Validator;
  referrals: Validator;
  referralsInnerErrorLevel: Validator;
  apimThrottle: Validator;
}

const SCHEMA_FILES = {
  core: "core-error.schema.json",
  referrals: "referrals-error.schema.json",
  apimThrottle: "apim-throttle.schema.json",
} as const;

export function toSchemaErrors(errors: ErrorObject[] | null | undefined): SchemaError[] {
  return (errors ?? []).map((e) => {
    // A missing property is reported at its parent by ajv; point at the property itself.
    const missing = e.keyword === "required" ? `/${String(e.params.missingProperty)}` : "";
    return {
      pointer: `${e.instancePath}${missing}` || "/",
      keyword: e.keyword,
      message: e.message ?? e.keyword,
      params: e.params as Record<string, unknown>,
    };
  });
}

const wrap =
  (fn: ValidateFunction): Validator =>
  (value) =>
    fn(value) ? [] : toSchemaErrors(fn.errors);

export function loadSchemas(dir: string = schemasDir): EnvelopeSchemas {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  ajv.addKeyword({ keyword: "faker" });
  const compiled: Record<string, ValidateFunction> = {};
  for (const [name, file] of Object.entries(SCHEMA_FILES)) {
    const path = join(dir, file);
    const where = relative(projectRoot, path);
    let schema: { $id?: string };
    try {
      schema = JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
      throw new CatalogError(where, "file", `cannot be read as JSON (${(error as Error).message})`);
    }
    try {
      compiled[name] = ajv.compile(schema);
    } catch (error) {
      throw new CatalogError(where, "schema", `does not compile (${(error as Error).message})`);
    }
  }
  const referralsId = `${(JSON.parse(readFileSync(join(dir, SCHEMA_FILES.referrals), "utf8")) as { $id: string }).$id}`;
  const level = ajv.getSchema(`${referralsId}#/$defs/innerErrorLevel`);
  if (!level) throw new CatalogError(relative(projectRoot, join(dir, SCHEMA_FILES.referrals)), "$defs/innerErrorLevel", "is missing");
  return Object.freeze({
    core: wrap(compiled.core!),
    referrals: wrap(compiled.referrals!),
    referralsInnerErrorLevel: wrap(level),
    apimThrottle: wrap(compiled.apimThrottle!),
  });
}

let cached: EnvelopeSchemas | undefined;
export function bundledSchemas(): EnvelopeSchemas {
  cached ??= loadSchemas();
  return cached;
}
