import { readFileSync } from "node:fs";
import { relative } from "node:path";
import type { Ajv2020 } from "ajv/dist/2020.js";
import { CatalogError } from "../errors.js";
import { validatorOf, type Validator } from "./create-ajv.js";
import { projectRoot } from "./paths.js";

/** A path as the user sees it in messages: relative to the project when inside it. */
export const shown = (file: string): string => {
  const rel = relative(projectRoot, file);
  return rel.startsWith("..") ? file : rel;
};

export function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new CatalogError(shown(file), "file", `cannot be read (${(error as Error).message})`);
  }
}

export function readJson(file: string): unknown {
  const text = readText(file);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CatalogError(shown(file), "file", `is not valid JSON (${(error as Error).message})`);
  }
}

/** Reads a data file and holds it to its JSON Schema, so a typo is one line naming the file and the place. */
export function readChecked<T>(ajv: Ajv2020, file: string, schemaFile: string): T {
  const value = readJson(file);
  const errors = compile(ajv, schemaFile)(value);
  if (errors.length) {
    const e = errors[0]!;
    throw new CatalogError(
      shown(file),
      e.pointer === "/" ? "the file" : e.pointer,
      `${e.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ""}`,
    );
  }
  return value as T;
}

/** Compiles a schema file (once per ajv), or names why it does not compile. */
export function compile(ajv: Ajv2020, schemaFile: string, fragment = ""): Validator {
  const schema = readJson(schemaFile) as { $id?: string };
  const id = schema.$id ?? schemaFile;
  try {
    if (!ajv.getSchema(id)) ajv.addSchema(schema, id);
    const fn = ajv.getSchema(`${id}${fragment}`);
    if (!fn) throw new CatalogError(shown(schemaFile), fragment || "schema", "is missing");
    return validatorOf(fn);
  } catch (error) {
    if (error instanceof CatalogError) throw error;
    throw new CatalogError(shown(schemaFile), "schema", `does not compile (${(error as Error).message})`);
  }
}
