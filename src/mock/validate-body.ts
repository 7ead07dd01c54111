import type { SchemaError } from "../contract/load-schemas.js";
import { dottedPath } from "../contract/json-pointer.js";
import { operationById } from "../contract/operations.js";
import { MockFailure } from "./mock-response.js";
import { coreError, referralsError } from "./templates.js";

/**
 * Validates a parsed body with the same request schema the generated cases come from, and answers the
 * documented error: core 400 with the fields in `data`; Referrals 400 invalidRequest with innerError 99903
 * (missing), 99909 (null) or 99901 (invalid) and `details` naming every field.
 */
export function requireValidBody(operationId: string, value: unknown): void {
  const operation = operationById(operationId);
  const errors = operation.validate(value);
  if (errors.length === 0) return;
  const response = operation.api === "core" ? coreFailure(errors) : referralsFailure(errors, value);
  throw new MockFailure({ ...response, invalidBodyWouldGet: operation.success[0]! });
}

const place = (e: SchemaError) => (e.pointer === "/" ? "" : e.pointer);

function coreFailure(errors: SchemaError[]) {
  const response = coreError("invalidProperty");
  const data = errors.map((e) => ({ field: place(e) || "/", message: e.message }));
  return { ...response, json: { ...(response.json as object), data } };
}

function valueAt(body: unknown, pointer: string): unknown {
  return pointer.split("/").slice(1).reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), body);
}

function referralsFailure(errors: SchemaError[], body: unknown) {
  const first = errors[0]!;
  const template =
    first.keyword === "required" ? "missingInput" : first.keyword === "type" && valueAt(body, place(first)) === null ? "notNullable" : "invalidInput";
  const details: Record<string, string[]>[] = [];
  for (const e of errors) {
    const key = dottedPath(place(e)) || "body";
    const entry = details.find((d) => key in d);
    if (entry) entry[key]!.push(e.message);
    else details.push({ [key]: [e.message] });
  }
  return referralsError(template, { details, target: dottedPath(place(first)) || "body" });
}
