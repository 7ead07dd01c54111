import { describe, expect, test } from "vitest";
import { runChecks } from "../src/checks/run-checks.js";
import { profileOf } from "../src/contract/apis/registry.js";
import { createAjv, validatorOf } from "../src/contract/create-ajv.js";
import { getAt } from "../src/contract/json-pointer.js";
import type { JsonSchema, RequestOperation } from "../src/contract/operations.js";
import { enumerateCases } from "../src/generate/build-cases.js";
import { fieldMutations, kinds } from "../src/generate/mutations.js";
import { judge } from "../src/gating/judge.js";
import { riskOf, type Probe } from "../src/probes/probe.js";
import { exchange } from "./helpers/exchange.js";

/**
 * Values a .NET service's deserializer may accept for the type a page gives (Newtonsoft's JsonConvert reads "5" as
 * 5, " Active " and "ACTIVE" as Active, 1 as true): the cases that send them must never fail a lenient service, nor a
 * strict one. Each pair is a field of that type with its valid value, and the value the kind sends instead.
 */
const PAIRS: { kind: string; schema: JsonSchema; valid: unknown; coerced: unknown }[] = [
  { kind: "number-as-string", schema: { type: "integer" }, valid: 5, coerced: "5" },
  { kind: "number-as-string", schema: { type: "integer" }, valid: -3, coerced: "-3" },
  { kind: "number-as-string", schema: { type: "number" }, valid: 2.5, coerced: "2.5" },
  { kind: "padded-number", schema: { type: "integer" }, valid: 5, coerced: " 5 " },
  { kind: "padded-number", schema: { type: "integer" }, valid: 0, coerced: " 0 " },
  { kind: "padded-number", schema: { type: "number" }, valid: 2.5, coerced: " 2.5 " },
  { kind: "boolean-as-string", schema: { type: "boolean" }, valid: true, coerced: "true" },
  { kind: "boolean-as-string", schema: { type: "boolean" }, valid: false, coerced: "false" },
  { kind: "boolean-as-number", schema: { type: "boolean" }, valid: true, coerced: 1 },
  { kind: "boolean-as-number", schema: { type: "boolean" }, valid: false, coerced: 0 },
  { kind: "scalar-in-array", schema: { type: "integer" }, valid: 5, coerced: [5] },
  { kind: "scalar-in-array", schema: { type: "number" }, valid: 2.5, coerced: [2.5] },
  { kind: "scalar-in-array", schema: { type: "boolean" }, valid: true, coerced: [true] },
  { kind: "scalar-in-array", schema: { type: "string", enum: ["Active", "Inactive"] }, valid: "Active", coerced: ["Active"] },
  { kind: "change-type", schema: { type: "string" }, valid: "Contoso", coerced: 12345 },
  { kind: "change-type", schema: { type: "boolean" }, valid: false, coerced: "true" },
  { kind: "enum-padded", schema: { type: "string", enum: ["Active", "Inactive"] }, valid: "Active", coerced: " Active " },
  { kind: "enum-padded", schema: { type: "string", enum: ["New"] }, valid: "New", coerced: " New " },
  { kind: "enum-case-changed", schema: { type: "string", enum: ["Active", "Inactive"] }, valid: "Active", coerced: "ACTIVE" },
  { kind: "enum-case-changed", schema: { type: "string", enum: ["incoming", "outgoing"] }, valid: "incoming", coerced: "INCOMING" },
  { kind: "enum-case-changed", schema: { type: "string", enum: ["USD"] }, valid: "USD", coerced: "usd" },
  { kind: "enum-case-changed", schema: { type: "string", enum: ["Lost", "Won"] }, valid: "Lost", coerced: "LOST" },
];

const ajv = createAjv();

/** An operation whose body is one required field of the pair's type, with the pair's valid value as its default. */
function operationFor(schema: JsonSchema, valid: unknown): RequestOperation {
  const body: JsonSchema = { type: "object", required: ["f"], properties: { f: { ...schema, default: valid } } };
  return {
    id: "pairs.create",
    api: "core",
    method: "POST",
    path: "/v1/pairs",
    success: [201],
    stateless: false,
    creates: true,
    parameters: [],
    hasBody: true,
    schemaFile: "pairs.schema.json",
    schema: body,
    validate: validatorOf(ajv.compile(body)),
  };
}

/** The case the suite generates for the pair: its kind at /f of a body whose valid value is the pair's. */
function caseOf(pair: (typeof PAIRS)[number]): { probe: Probe; operation: RequestOperation } {
  const operation = operationFor(pair.schema, pair.valid);
  const probe = enumerateCases(1, [operation]).find((c) => c.id === `pairs.create/${pair.kind}:/f`);
  if (!probe) throw new Error(`no ${pair.kind} case at /f for ${JSON.stringify(pair.schema)}`);
  return { probe, operation };
}

const judged = (probe: Probe, status: number, body: unknown) => {
  const ex = exchange({ status, body });
  const { findings, body: analysis } = runChecks(ex, probe.api, {
    statuses: probe.expect.status,
    ...(probe.expect.pointers ? { pointers: probe.expect.pointers } : {}),
    ...(probe.expect.tolerated ? { tolerated: probe.expect.tolerated } : {}),
  });
  return judge({ kind: "checked", probe, exchange: ex, body: analysis, findings }, { strict: false, today: "2026-12-07" });
};

describe("coercible values: 400 naming the field, or a 2xx reported as a deviation, never a violation", () => {
  test("at least 20 pairs, every coercible kind among them", () => {
    expect(PAIRS.length).toBeGreaterThanOrEqual(20);
    const coercible = kinds()
      .filter((k) => k.certainty === "coercible")
      .map((k) => k.kind);
    expect([...new Set(PAIRS.map((p) => p.kind))].sort()).toEqual([...coercible].sort());
  });

  test.each(PAIRS.map((p) => [`${p.kind}: ${JSON.stringify(p.valid)} → ${JSON.stringify(p.coerced)}`, p] as const))("%s", (_, pair) => {
    const { probe, operation } = caseOf(pair);
    // The value the case sends is the pair's, and a strict service's schema refuses it at the field.
    const body = "json" in probe.body! ? probe.body.json : undefined;
    expect(getAt(body, "/f")).toEqual(pair.coerced);
    expect(operation.validate(body).some((e) => e.pointer === "/f")).toBe(true);
    // Expected: 400 naming the field, a lenient service's 2xx tolerated; sent only where writes are allowed.
    expect(probe.expect).toMatchObject({ status: [400], pointers: ["/f"], tolerated: [201] });
    expect(riskOf(probe)).toBe("write");
    expect(fieldMutations.find((m) => m.name === pair.kind)!.certainty).toBe("coercible");
    // A lenient service that takes it: a deviation with its rule, never a failure.
    const lenient = judged(probe, 201, { id: "00000000-0000-0000-0000-000000000000" });
    expect(lenient.verdict).toBe("deviation");
    expect(lenient.judged.map((f) => f.rule)).toEqual(["status/accepted-uncertain"]);
    // A strict one that refuses it naming the field: a pass.
    const strict = profileOf("core").renderError({ code: "3000", message: "The value is not valid.", places: [{ field: "/f", problem: "type" }] });
    expect(judged(probe, 400, strict).verdict).toBe("pass");
    // A 5xx is still a failure: a coercible value is no licence to crash.
    expect(judged(probe, 500, strict).verdict).toBe("fail");
  });
});
