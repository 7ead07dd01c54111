import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import { REFERENCE_KEYWORD, referenceMetaSchema } from "./references.js";

const addFormats = formats.default;

export interface SchemaError {
  /** JSON pointer into the value. */
  pointer: string;
  keyword: string;
  message: string;
  params: Record<string, unknown>;
}

export type Validator = (value: unknown) => SchemaError[];

/**
 * The one ajv set-up (draft 2020-12, every error, strict, formats): for envelope schemas, catalog files and
 * request schemas alike. `faker` is json-schema-faker's hint keyword: data for the generator, no meaning to
 * validation. `x-pc-reference` marks a body value that names a resource (src/contract/references.ts): held to its
 * form here, judged against the target's resources by whoever has them.
 */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  ajv.addKeyword({ keyword: "faker" });
  ajv.addKeyword({ keyword: REFERENCE_KEYWORD, metaSchema: referenceMetaSchema });
  return ajv;
}

export function toSchemaErrors(errors: ErrorObject[] | null | undefined): SchemaError[] {
  return (errors ?? []).map((e) => {
    // A missing property is reported at its parent by ajv; point at the property itself.
    const missing = e.keyword === "required" ? `/${String(e.params.missingProperty).replace(/~/g, "~0").replace(/\//g, "~1")}` : "";
    return {
      pointer: `${e.instancePath}${missing}` || "/",
      keyword: e.keyword,
      message: e.message ?? e.keyword,
      params: e.params as Record<string, unknown>,
    };
  });
}

export const validatorOf =
  (fn: ValidateFunction): Validator =>
  (value) =>
    fn(value) ? [] : toSchemaErrors(fn.errors);
