import type { SchemaError } from "../contract/create-ajv.js";
import { valueAt } from "../contract/json-pointer.js";
import { operationById, type JsonSchema } from "../contract/operations.js";
import type { MockOptions } from "./mock-options.js";
import { MockFailure, type MockResponse } from "./mock-response.js";

/** How an API answers a body its request schema refuses. */
export type InvalidBodyAnswer = (errors: SchemaError[], value: unknown) => MockResponse;

/**
 * Validates a parsed body with the same request schema the generated cases come from, and answers with the
 * API's documented error for it (core 400 with the fields in `data`; Referrals 400 with the inner code for the
 * fault and `details` naming every field).
 */
export function requireValidBody(
  operationId: string,
  value: unknown,
  answer: InvalidBodyAnswer,
  service?: { options: Pick<MockOptions, "lenientWrites" | "appliesRejectedWrites" | "refusesUnknownInput">; write?: () => void },
): void {
  const operation = operationById(operationId);
  // The defect refuses-unknown-input: an extraneous property, which the documents say is ignored, is refused.
  const extraneous = service?.options.refusesUnknownInput ? unknownProperties(operation.schema, value, "") : [];
  const errors = [
    ...operation.validate(value),
    ...extraneous.map((pointer) => ({ pointer, keyword: "additionalProperties", message: "is not a property of the request", params: {} })),
  ];
  if (errors.length === 0) return;
  const lenientWouldAccept = errors.every((e) => lenient(e, value));
  // --lenient-writes: the service lets such a body through, and the caller goes on to create the resource.
  if (service?.options.lenientWrites && lenientWouldAccept) return;
  // The defect applies-rejected-write: the write is carried out as far as it goes, then refused all the same.
  if (service?.options.appliesRejectedWrites && service.write) {
    try {
      service.write();
    } catch {
      // A body too broken to apply changes nothing, as a real half-applied write might.
    }
  }
  throw new MockFailure({ ...answer(errors, value), invalidBodyWouldGet: operation.success[0]!, lenientWouldAccept });
}

/** The places of properties the schema does not describe, at any depth. */
function unknownProperties(schema: JsonSchema, value: unknown, pointer: string): string[] {
  if (Array.isArray(value) && schema.items && typeof schema.items === "object")
    return value.flatMap((item, i) => unknownProperties(schema.items as JsonSchema, item, `${pointer}/${i}`));
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (!properties || value === null || typeof value !== "object" || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key in properties ? unknownProperties(properties[key]!, child, `${pointer}/${key}`) : [`${pointer}/${key}`],
  );
}

/** Limits only this project's schemas state, which the documents do not: a service may not enforce them. */
const UNDOCUMENTED_LIMITS = new Set(["maxLength", "minLength", "pattern", "maximum", "minimum", "maxItems", "minItems", "format"]);

const SCALARS = new Set(["string", "number", "integer", "boolean"]);

/** A fault a lenient deserializer lets through: an undocumented limit, or a scalar it may coerce to the scalar type wanted ("12345" for 12345; never a null, an array or an object). */
function lenient(e: SchemaError, value: unknown): boolean {
  if (UNDOCUMENTED_LIMITS.has(e.keyword)) return true;
  if (e.keyword !== "type") return false;
  const given = valueAt(value, e.pointer);
  const wanted = [e.params.type].flat() as string[];
  return ["string", "number", "boolean"].includes(typeof given) && wanted.every((t) => SCALARS.has(t));
}

/** The place a schema error names, as a JSON pointer ("" for the body as a whole). */
export const placeOf = (e: SchemaError): string => (e.pointer === "/" ? "" : e.pointer);
