import type { ApiName, BodyFault } from "../contract/api-profile.js";
import type { JsonSchema, Parameter } from "../contract/operations.js";
import { REMOVE, toPointer } from "../contract/json-pointer.js";

/** A place in the body, found by walking the schema: objects by property, arrays by their first item. */
export interface Location {
  pointer: string;
  schema: JsonSchema;
  /** The property is in its parent's `required` list. */
  required: boolean;
}

export function locations(schema: JsonSchema): Location[] {
  const found: Location[] = [];
  const walk = (node: JsonSchema, segments: (string | number)[], required: boolean) => {
    found.push({ pointer: toPointer(segments), schema: node, required });
    const properties = node.properties as Record<string, JsonSchema> | undefined;
    const requiredList = (node.required as string[] | undefined) ?? [];
    for (const [name, child] of Object.entries(properties ?? {})) walk(child, [...segments, name], requiredList.includes(name));
    if (node.items && typeof node.items === "object") walk(node.items as JsonSchema, [...segments, 0], false);
  };
  walk(schema, [], true);
  return found;
}

const types = (schema: JsonSchema): string[] => (Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type as string] : []);

const OTHER_TYPE: Record<string, unknown> = {
  string: 12345,
  number: "pc-contract",
  integer: "pc-contract",
  boolean: "true",
  object: ["pc-contract"],
  array: { pcContract: true },
};

const BAD_FORMAT: Record<string, string> = { email: "not-an-email", uuid: "not-a-uuid", "date-time": "not-a-date-time", date: "31/02/2026" };

export const UNKNOWN_PROPERTY = "pcContractUnknownProperty";

/**
 * A named mutation turns one valid value into an invalid one at one location. `value` returns the replacement
 * (REMOVE deletes the property); `accepted` marks the one the contract says is ignored, not rejected.
 */
export interface FieldMutation {
  name: string;
  description: string;
  appliesTo(location: Location): boolean;
  value(location: Location, current: unknown): unknown;
  /** Where it writes, when that is not the location itself. */
  target?(location: Location): string;
  accepted?: boolean;
  /**
   * The documents themselves make the value invalid (a documented required property gone, a value outside a
   * documented enum, null for a required property), so a conformant service rejects it before changing
   * anything. Otherwise the limit is this project's schema's, or a lenient deserializer may coerce the value
   * (Newtonsoft turns 12345 into "12345"): the request may be accepted, and so counts as a write.
   */
  certain(location: Location): boolean;
  /** The fault it makes, as the APIs' codes tell faults apart. */
  fault: BodyFault;
}

export const fieldMutations: readonly FieldMutation[] = [
  {
    name: "remove-required",
    description: "a required property removed",
    appliesTo: (l) => l.pointer !== "" && l.required && !/\/\d+$/.test(l.pointer),
    value: () => REMOVE,
    certain: () => true,
    fault: "missing",
  },
  {
    name: "change-type",
    description: "a value of another JSON type",
    appliesTo: (l) => l.pointer !== "" && types(l.schema).some((t) => t in OTHER_TYPE),
    value: (l) => OTHER_TYPE[types(l.schema)[0]!],
    certain: () => false,
    fault: "invalid",
  },
  {
    name: "null-not-nullable",
    description: "null where the schema does not allow null",
    appliesTo: (l) => l.pointer !== "" && types(l.schema).length > 0 && !types(l.schema).includes("null"),
    value: () => null,
    certain: (l) => l.required,
    fault: "null",
  },
  {
    name: "enum-outside",
    description: "a value outside the enum",
    appliesTo: (l) => Array.isArray(l.schema.enum),
    value: () => "pc-contract-not-in-enum",
    certain: () => true,
    fault: "invalid",
  },
  {
    name: "too-long",
    description: "a string one character past maxLength",
    appliesTo: (l) => typeof l.schema.maxLength === "number",
    value: (l) => "a".repeat((l.schema.maxLength as number) + 1),
    certain: () => false,
    fault: "invalid",
  },
  {
    name: "too-short",
    description: "a string one character under minLength",
    appliesTo: (l) => typeof l.schema.minLength === "number" && (l.schema.minLength as number) > 0,
    value: (l) => "a".repeat((l.schema.minLength as number) - 1),
    certain: () => false,
    fault: "invalid",
  },
  {
    name: "pattern-mismatch",
    description: "a string the pattern refuses",
    appliesTo: (l) => typeof l.schema.pattern === "string" && !new RegExp(l.schema.pattern, "u").test("!!"),
    value: () => "!!",
    certain: () => false,
    fault: "invalid",
  },
  {
    name: "above-maximum",
    description: "a number past maximum",
    appliesTo: (l) => typeof l.schema.maximum === "number",
    value: (l) => (l.schema.maximum as number) + 1,
    certain: () => false,
    fault: "invalid",
  },
  {
    name: "below-minimum",
    description: "a number under minimum",
    appliesTo: (l) => typeof l.schema.minimum === "number",
    value: (l) => (l.schema.minimum as number) - 1,
    certain: () => false,
    fault: "invalid",
  },
  {
    name: "malformed-format",
    description: "a malformed GUID, email or date",
    appliesTo: (l) => typeof l.schema.format === "string" && l.schema.format in BAD_FORMAT,
    value: (l) => BAD_FORMAT[l.schema.format as string],
    certain: () => false,
    fault: "invalid",
  },
  {
    name: "too-many-items",
    description: "an array one item past maxItems",
    appliesTo: (l) => typeof l.schema.maxItems === "number",
    value: (l, current) => Array.from({ length: (l.schema.maxItems as number) + 1 }, () => structuredClone((current as unknown[])[0])),
    certain: () => false,
    fault: "invalid",
  },
  {
    name: "too-few-items",
    description: "an array one item under minItems",
    appliesTo: (l) => typeof l.schema.minItems === "number" && (l.schema.minItems as number) > 0,
    value: (l, current) => (current as unknown[]).slice(0, (l.schema.minItems as number) - 1),
    certain: () => false,
    fault: "invalid",
  },
  {
    name: "unknown-property",
    description: "an extraneous property (the documents: 'generally completely ignored', so not a 400)",
    appliesTo: (l) => types(l.schema).includes("object") && l.schema.additionalProperties !== false,
    target: (l) => `${l.pointer}/${UNKNOWN_PROPERTY}`,
    value: () => "ignored",
    accepted: true,
    certain: () => false,
    fault: "invalid",
  },
];

/** Mutations of the body as a whole: they change the bytes or the labelling, not one value. */
export interface BodyMutation {
  name: string;
  description: string;
  /** `invalid` says whether the operation's schema refuses a value: a mutation that must stay invalid checks with it. */
  render(valid: unknown, invalid: (value: unknown) => boolean): { text: string; contentType: string; pointer?: string } | undefined;
  /** The API profile's status for an unsupported media type (415 on Referrals; the core page documents no 415, so 400). */
  unsupportedMediaType?: boolean;
  /** The faults a service may read it as (an empty body is missing input; a key given twice, wrong then null, either). */
  faults: readonly BodyFault[];
}

const NESTING = 10_000;

function withoutFirstProperty(valid: unknown): unknown {
  const target = Array.isArray(valid) ? valid[0] : valid;
  if (target === null || typeof target !== "object") return valid;
  const [key] = Object.keys(target);
  if (key === undefined) return valid;
  const { [key]: _, ...rest } = target as Record<string, unknown>;
  return Array.isArray(valid) ? [rest, ...valid.slice(1)] : rest;
}

/**
 * Serializes `valid` with its first object's first property given twice, both times invalid (a wrong type,
 * then null): whether a parser keeps the first or the last, the body must be rejected, never accepted.
 */
function duplicateKey(valid: unknown): { text: string; pointer: string } | undefined {
  const inArray = Array.isArray(valid);
  const first = inArray ? (valid as unknown[])[0] : valid;
  if (first === null || typeof first !== "object" || Array.isArray(first)) return undefined;
  const [key, value] = Object.entries(first)[0] ?? [];
  if (key === undefined) return undefined;
  const wrongType = typeof value === "string" ? { pcContract: 12345 } : "pc-contract";
  const object = `${JSON.stringify({ ...first, [key]: wrongType }).slice(0, -1)},${JSON.stringify(key)}:null}`;
  const text = inArray ? `[${[object, ...(valid as unknown[]).slice(1).map((v) => JSON.stringify(v))].join(",")}]` : object;
  return { text, pointer: toPointer(inArray ? [0, key] : [key]) };
}

export const bodyMutations: readonly BodyMutation[] = [
  {
    faults: ["invalid"],
    name: "malformed-json",
    description: "JSON text cut short",
    render: (v) => ({ text: JSON.stringify(v).slice(0, -1), contentType: "application/json" }),
  },
  { faults: ["missing"], name: "empty-body", description: "no body at all", render: () => ({ text: "", contentType: "application/json" }) },
  {
    faults: ["missing", "invalid"],
    name: "wrong-content-type",
    description:
      "a JSON body labelled text/plain, made invalid as well (its first property removed, or, where nothing is required, the body inside an array), so a service that ignores the label still rejects it",
    render: (v, invalid) => {
      const trimmed = withoutFirstProperty(v);
      return { text: JSON.stringify(invalid(trimmed) ? trimmed : [v]), contentType: "text/plain" };
    },
    unsupportedMediaType: true,
  },
  {
    faults: ["invalid"],
    name: "deeply-nested",
    description: `arrays nested ${NESTING} deep instead of the body`,
    render: () => ({ text: "[".repeat(NESTING) + "]".repeat(NESTING), contentType: "application/json" }),
  },
  {
    faults: ["invalid", "null"],
    name: "duplicate-keys",
    description: "a property given twice, the second time with the wrong type",
    render: (v) => {
      const d = duplicateKey(v);
      return d && { text: d.text, contentType: "application/json", pointer: d.pointer };
    },
  },
];

/** A documented parameter made invalid: a query value of the wrong type or out of its range, a path id that is no GUID or names nothing. */
export interface ParameterMutation {
  name: string;
  description: string;
  appliesTo(parameter: Parameter): boolean;
  /** The text sent instead of a valid value; undefined leaves the parameter out. `{newGuid}` is a fresh GUID. */
  value(parameter: Parameter): string | undefined;
  /** What the service must answer (a status the service may give instead without breaking the contract: tolerated), and why. */
  expect(parameter: Parameter, api: ApiName): { status: number[]; tolerated?: "success"; source: string };
}

const scalar = (p: Parameter) => p.schema.type as string | undefined;
const isGuidParameter = (p: Parameter) => p.in === "path" && p.schema.format === "uuid";
/** The core API answers a customer id that is no GUID with 400/800002, and one the partner has no relationship with with 403/20002. */
const isCustomer = (p: Parameter, api: ApiName) => api === "core" && p.name === "customerId";

export const parameterMutations: readonly ParameterMutation[] = [
  {
    name: "query-missing-required",
    description: "a query parameter the page marks required left out",
    appliesTo: (p) => p.in === "query" && p.required,
    value: () => undefined,
    // Many list pages mark paging parameters required that the service defaults: a 2xx is a deviation, not a violation.
    expect: () => ({ status: [400], tolerated: "success", source: "the page marks it required" }),
  },
  {
    name: "query-wrong-type",
    description: "a query value that is not of the documented type",
    appliesTo: (p) => p.in === "query" && ["integer", "number", "boolean"].includes(scalar(p) ?? ""),
    value: () => "pc-contract",
    expect: (p) => ({ status: [400], source: `the page types it ${scalar(p)}` }),
  },
  {
    name: "query-below-minimum",
    description: "a query number under its documented minimum",
    appliesTo: (p) => p.in === "query" && typeof p.schema.minimum === "number",
    value: (p) => String((p.schema.minimum as number) - 1),
    expect: (p) => ({ status: [400], source: `the page's minimum ${p.schema.minimum}` }),
  },
  {
    name: "query-above-maximum",
    description: "a query number past its documented maximum",
    appliesTo: (p) => p.in === "query" && typeof p.schema.maximum === "number",
    value: (p) => String((p.schema.maximum as number) + 1),
    expect: (p) => ({ status: [400], source: `the page's maximum ${p.schema.maximum}` }),
  },
  {
    name: "query-enum-outside",
    description: "a query value outside its documented values",
    appliesTo: (p) => p.in === "query" && Array.isArray(p.schema.enum),
    value: () => "pc-contract-not-in-enum",
    expect: () => ({ status: [400], source: "the page lists the supported values" }),
  },
  {
    name: "query-malformed-date",
    description: "a query date that is not yyyy-mm-dd",
    appliesTo: (p) => p.in === "query" && (p.schema.format === "date" || p.schema.format === "date-time"),
    value: () => "31/02/2026",
    expect: () => ({ status: [400], source: "the page gives the date's format" }),
  },
  {
    name: "path-not-a-guid",
    description: "a path id that is not a GUID",
    appliesTo: isGuidParameter,
    value: () => "not-a-guid",
    expect: (p, api) =>
      isCustomer(p, api)
        ? { status: [400], source: "error-codes table 400/800002 (customer id should have GUID format)" }
        : { status: [400, 404], source: "a GUID-formatted id (the page); the pages do not say whether a malformed one is a 400 or names nothing (404)" },
  },
  {
    name: "path-unknown-id",
    description: "a path id that is a GUID naming nothing",
    appliesTo: isGuidParameter,
    value: () => "{newGuid}",
    expect: (p, api) =>
      isCustomer(p, api)
        ? { status: [403, 404], source: "error-codes 403/20002 (no relationship with the customer; some builds 404)" }
        : { status: [404], source: "error-codes 404 (the resource was not found)" },
  },
];
