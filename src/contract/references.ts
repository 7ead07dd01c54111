import { appendPointer } from "./json-pointer.js";

type Schema = Record<string, unknown>;

/**
 * `x-pc-reference` on a body property: its value is the id of a resource the target must have (a user of the
 * customer, a catalog item), not a value the schema alone can judge. `id` names the tenant id (a placeholder the
 * target fills, as in paths); `nothing` is a value of the same form that names no resource.
 */
export const REFERENCE_KEYWORD = "x-pc-reference";

export interface ReferenceSpec {
  id: string;
  nothing: string;
}

/** What ajv holds the annotation to, so a schema with a malformed one does not load. */
export const referenceMetaSchema = {
  type: "object",
  required: ["id", "nothing"],
  properties: { id: { type: "string", minLength: 1 }, nothing: { type: "string", minLength: 1 } },
  additionalProperties: false,
} as const;

export const referenceOf = (schema: Schema): ReferenceSpec | undefined => schema[REFERENCE_KEYWORD] as ReferenceSpec | undefined;

/** A value of a body that names a resource: where it is, which tenant id it stands for, and what it is. */
export interface BodyReference {
  pointer: string;
  id: string;
  value: unknown;
}

/** Every value of `body` whose schema marks it a reference, every item of an array included. */
export function referencesIn(schema: Schema, body: unknown, pointer = ""): BodyReference[] {
  const reference = referenceOf(schema);
  if (reference) return body === undefined ? [] : [{ pointer, id: reference.id, value: body }];
  if (Array.isArray(body)) {
    const items = schema.items;
    return items && typeof items === "object" ? body.flatMap((item, i) => referencesIn(items as Schema, item, appendPointer(pointer, i))) : [];
  }
  const properties = schema.properties as Record<string, Schema> | undefined;
  if (!properties || body === null || typeof body !== "object") return [];
  return Object.entries(properties).flatMap(([name, child]) => referencesIn(child, (body as Record<string, unknown>)[name], appendPointer(pointer, name)));
}
