import type { SchemaError } from "../contract/create-ajv.js";
import { operationById } from "../contract/operations.js";
import { MockFailure, type MockResponse } from "./mock-response.js";

/** How an API answers a body its request schema refuses. */
export type InvalidBodyAnswer = (errors: SchemaError[], value: unknown) => MockResponse;

/**
 * Validates a parsed body with the same request schema the generated cases come from, and answers with the
 * API's documented error for it (core 400 with the fields in `data`; Referrals 400 with the inner code for the
 * fault and `details` naming every field).
 */
export function requireValidBody(operationId: string, value: unknown, answer: InvalidBodyAnswer): void {
  const operation = operationById(operationId);
  const errors = operation.validate(value);
  if (errors.length === 0) return;
  throw new MockFailure({ ...answer(errors, value), invalidBodyWouldGet: operation.success[0]! });
}

/** The place a schema error names, as a JSON pointer ("" for the body as a whole). */
export const placeOf = (e: SchemaError): string => (e.pointer === "/" ? "" : e.pointer);
