import type { ApiName, BodyFault } from "../contract/api-profile.js";
import type { JsonSchema, Parameter } from "../contract/operations.js";
import { REMOVE, toPointer } from "../contract/json-pointer.js";

/** Where a kind of bad input goes: a value in the JSON body, the body's bytes or labelling, the query, the path, the headers. */
export type KindLocation = "body value" | "body bytes" | "query" | "path" | "header";

/**
 * How sure the expected answer is. documented: a page gives the status (and, where it gives one, the code).
 * inferred: the pages imply it (a limit they state, a type they give) without saying what a breach gets.
 * coercible: a value a .NET deserializer may accept: 400 naming the field, or a 2xx (a notice, never a violation).
 * edge: the pages give no status; never 2xx, never 5xx.
 */
export type Certainty = "documented" | "inferred" | "coercible" | "edge";

/** What every kind of bad input says of itself, for `pc-contract kinds` and the README's table. */
export interface KindInfo {
  location: KindLocation;
  certainty: Certainty;
  /** The page (and its sentence or table row) the expected answer rests on. */
  source: string;
}

const ERROR_CODES = "https://learn.microsoft.com/partner-center/developer/error-codes";
const REFERRAL_CODES = "https://learn.microsoft.com/partner-center/developer/referrals-api-response-codes";

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

const isStringEnum = (l: Location) => Array.isArray(l.schema.enum) && typeof (l.schema.enum as unknown[])[0] === "string";
const firstValue = (l: Location) => (l.schema.enum as string[])[0]!;
const insertMiddle = (text: string, insert: string) => `${text.slice(0, Math.ceil(text.length / 2))}${insert}${text.slice(Math.ceil(text.length / 2))}`;
const CYRILLIC: Record<string, string> = {
  a: "а",
  c: "с",
  e: "е",
  o: "о",
  p: "р",
  x: "х",
  y: "у",
  A: "А",
  E: "Е",
  O: "О",
  P: "Р",
  C: "С",
  X: "Х",
  B: "В",
  H: "Н",
  K: "К",
  M: "М",
  T: "Т",
};
const homoglyph = (text: string) => text.replace(/[aceopxyAEOPCXBHKMT]/, (c) => CYRILLIC[c]!);

/**
 * A named mutation turns one valid value into an invalid one at one location. `value` returns the replacement
 * (REMOVE deletes the property); `accepted` marks the one the contract says is ignored, not rejected.
 */
export interface FieldMutation extends KindInfo {
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
    location: "body value",
    certainty: "documented",
    source: `the operation's page marks the property required; ${ERROR_CODES} 400 "malformed or incorrect"; ${REFERRAL_CODES} 99903 missing input`,
    description: "a required property removed",
    appliesTo: (l) => l.pointer !== "" && l.required && !/\/\d+$/.test(l.pointer),
    value: () => REMOVE,
    certain: () => true,
    fault: "missing",
  },
  {
    name: "change-type",
    location: "body value",
    certainty: "coercible",
    source: `the page types the property; a .NET deserializer may coerce a scalar (${ERROR_CODES} 400 otherwise)`,
    description: "a value of another JSON type",
    appliesTo: (l) => l.pointer !== "" && types(l.schema).some((t) => t in OTHER_TYPE),
    value: (l) => OTHER_TYPE[types(l.schema)[0]!],
    certain: () => false,
    fault: "invalid",
  },
  {
    name: "null-not-nullable",
    location: "body value",
    certainty: "documented",
    source: `${REFERRAL_CODES} 99909 property is not nullable; required properties per the operation's page`,
    description: "null where the schema does not allow null",
    appliesTo: (l) => l.pointer !== "" && types(l.schema).length > 0 && !types(l.schema).includes("null"),
    value: () => null,
    certain: (l) => l.required,
    fault: "null",
  },
  {
    name: "enum-outside",
    location: "body value",
    certainty: "documented",
    source: `the page lists the supported values; ${REFERRAL_CODES} 99901 invalid input`,
    description: "a value outside the enum",
    appliesTo: (l) => Array.isArray(l.schema.enum),
    value: () => "pc-contract-not-in-enum",
    certain: () => true,
    fault: "invalid",
  },
  {
    name: "too-long",
    location: "body value",
    certainty: "inferred",
    source: `a length the page states; what a breach gets is not said`,
    description: "a string one character past maxLength",
    appliesTo: (l) => typeof l.schema.maxLength === "number",
    value: (l) => "a".repeat((l.schema.maxLength as number) + 1),
    certain: () => false,
    fault: "invalid",
  },
  {
    name: "too-short",
    location: "body value",
    certainty: "inferred",
    source: `a length the page states; what a breach gets is not said`,
    description: "a string one character under minLength",
    appliesTo: (l) => typeof l.schema.minLength === "number" && (l.schema.minLength as number) > 0,
    value: (l) => "a".repeat((l.schema.minLength as number) - 1),
    certain: () => false,
    fault: "invalid",
  },
  {
    name: "pattern-mismatch",
    location: "body value",
    certainty: "inferred",
    source: `a form the page states (a country code, a currency); what a breach gets is not said`,
    description: "a string the pattern refuses",
    appliesTo: (l) => typeof l.schema.pattern === "string" && !new RegExp(l.schema.pattern, "u").test("!!"),
    value: () => "!!",
    certain: () => false,
    fault: "invalid",
  },
  {
    name: "above-maximum",
    location: "body value",
    certainty: "inferred",
    source: `a range the page states; what a breach gets is not said`,
    description: "a number past maximum",
    appliesTo: (l) => typeof l.schema.maximum === "number",
    value: (l) => (l.schema.maximum as number) + 1,
    certain: () => false,
    fault: "invalid",
  },
  {
    name: "below-minimum",
    location: "body value",
    certainty: "inferred",
    source: `a range the page states; what a breach gets is not said`,
    description: "a number under minimum",
    appliesTo: (l) => typeof l.schema.minimum === "number",
    value: (l) => (l.schema.minimum as number) - 1,
    certain: () => false,
    fault: "invalid",
  },
  {
    name: "malformed-format",
    location: "body value",
    certainty: "inferred",
    source: `a GUID, email or date the page asks for; a lenient service may accept one`,
    description: "a malformed GUID, email or date",
    appliesTo: (l) => typeof l.schema.format === "string" && l.schema.format in BAD_FORMAT,
    value: (l) => BAD_FORMAT[l.schema.format as string],
    certain: () => false,
    fault: "invalid",
  },
  {
    name: "too-many-items",
    location: "body value",
    certainty: "inferred",
    source: `an item count the page states`,
    description: "an array one item past maxItems",
    appliesTo: (l) => typeof l.schema.maxItems === "number",
    value: (l, current) => Array.from({ length: (l.schema.maxItems as number) + 1 }, () => structuredClone((current as unknown[])[0])),
    certain: () => false,
    fault: "invalid",
  },
  {
    name: "too-few-items",
    location: "body value",
    certainty: "inferred",
    source: `an item count the page states (at least one line item)`,
    description: "an array one item under minItems",
    appliesTo: (l) => typeof l.schema.minItems === "number" && (l.schema.minItems as number) > 0,
    value: (l, current) => (current as unknown[]).slice(0, (l.schema.minItems as number) - 1),
    certain: () => false,
    fault: "invalid",
  },
  {
    name: "enum-zero-width",
    location: "body value",
    certainty: "documented",
    source: `the page lists the supported values; a zero-width space makes the value another (${REFERRAL_CODES} 99901)`,
    description: "a supported value with a zero-width space inside it",
    appliesTo: isStringEnum,
    value: (l) => insertMiddle(firstValue(l), "\u200b"),
    certain: () => true,
    fault: "invalid",
  },
  {
    name: "enum-homoglyph",
    location: "body value",
    certainty: "documented",
    source: `the page lists the supported values; a Cyrillic letter that looks Latin makes the value another (${REFERRAL_CODES} 99901)`,
    description: "a supported value with one letter replaced by its Cyrillic look-alike",
    appliesTo: (l) => isStringEnum(l) && /[aceopxyAEOPCXBHKMT]/.test(firstValue(l)),
    value: (l) => homoglyph(firstValue(l)),
    certain: () => true,
    fault: "invalid",
  },
  {
    name: "enum-bidi-override",
    location: "body value",
    certainty: "documented",
    source: `the page lists the supported values; a right-to-left override before it makes the value another (${REFERRAL_CODES} 99901)`,
    description: "a supported value behind a right-to-left override (U+202E)",
    appliesTo: isStringEnum,
    value: (l) => `\u202e${firstValue(l)}`,
    certain: () => true,
    fault: "invalid",
  },
  {
    name: "enum-padded",
    location: "body value",
    certainty: "coercible",
    source: "the page lists the supported values; .NET's Enum.Parse trims white space, so a 2xx is a deviation, not a violation",
    description: "a supported value padded with spaces",
    appliesTo: isStringEnum,
    value: (l) => ` ${firstValue(l)} `,
    certain: () => false,
    fault: "invalid",
  },
  {
    name: "enum-case-changed",
    location: "body value",
    certainty: "coercible",
    source: "the page lists the supported values; Newtonsoft's StringEnumConverter reads names case-insensitively, so a 2xx is a deviation",
    description: "a supported value in another letter case",
    appliesTo: (l) => isStringEnum(l) && firstValue(l).toUpperCase() !== firstValue(l).toLowerCase(),
    value: (l) => (firstValue(l) === firstValue(l).toUpperCase() ? firstValue(l).toLowerCase() : firstValue(l).toUpperCase()),
    certain: () => false,
    fault: "invalid",
  },
  {
    name: "unknown-property",
    location: "body value",
    certainty: "documented",
    source: `${ERROR_CODES}: extraneous properties are "generally completely ignored", so accepted`,
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
export interface BodyMutation extends KindInfo {
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

/** The valid body made invalid by its first property removed, or, where nothing is required, put inside an array. */
export const invalidated = (v: unknown, invalid: (value: unknown) => boolean): unknown => {
  const trimmed = withoutFirstProperty(v);
  return invalid(trimmed) ? trimmed : [v];
};

export const bodyMutations: readonly BodyMutation[] = [
  {
    faults: ["invalid"],
    name: "malformed-json",
    location: "body bytes",
    certainty: "documented",
    source: `${ERROR_CODES} 400 "malformed or incorrect"; ${REFERRAL_CODES} 99901`,
    description: "JSON text cut short",
    render: (v) => ({ text: JSON.stringify(v).slice(0, -1), contentType: "application/json" }),
  },
  {
    faults: ["missing"],
    name: "empty-body",
    location: "body bytes",
    certainty: "documented",
    source: `${ERROR_CODES} 400; ${REFERRAL_CODES} 99903 missing input`,
    description: "no body at all",
    render: () => ({ text: "", contentType: "application/json" }),
  },
  {
    faults: ["missing", "invalid"],
    name: "wrong-content-type",
    location: "body bytes",
    certainty: "documented",
    source: `${REFERRAL_CODES} 415; the core page lists no 415, so 400 (${ERROR_CODES})`,
    description:
      "a JSON body labelled text/plain, made invalid as well (its first property removed, or, where nothing is required, the body inside an array), so a service that ignores the label still rejects it",
    render: (v, invalid) => {
      return { text: JSON.stringify(invalidated(v, invalid)), contentType: "text/plain" };
    },
    unsupportedMediaType: true,
  },
  {
    faults: ["invalid"],
    name: "deeply-nested",
    location: "body bytes",
    certainty: "inferred",
    source: `a body of the wrong shape: ${ERROR_CODES} 400`,
    description: `arrays nested ${NESTING} deep instead of the body`,
    render: () => ({ text: "[".repeat(NESTING) + "]".repeat(NESTING), contentType: "application/json" }),
  },
  {
    faults: ["invalid", "null"],
    name: "duplicate-keys",
    location: "body bytes",
    certainty: "inferred",
    source: `a property given twice, both invalid: ${ERROR_CODES} 400 either way`,
    description: "a property given twice, the second time with the wrong type",
    render: (v) => {
      const d = duplicateKey(v);
      return d && { text: d.text, contentType: "application/json", pointer: d.pointer };
    },
  },
  {
    name: "utf8-bom",
    location: "body bytes",
    certainty: "inferred",
    source: `a byte order mark before an invalid body: ${ERROR_CODES} 400 whether the parser takes the mark or not`,
    description: "an invalid body preceded by a UTF-8 byte order mark (so a parser that refuses the mark and one that skips it must both say 400)",
    faults: ["missing", "invalid"],
    render: (v, invalid) => ({ text: `\ufeff${JSON.stringify(invalidated(v, invalid))}`, contentType: "application/json" }),
  },
  {
    name: "top-level-scalar",
    location: "body bytes",
    certainty: "inferred",
    source: `a number where the page's body is an object or array: ${ERROR_CODES} 400 "malformed or incorrect"`,
    description: "a JSON number as the whole body",
    faults: ["invalid"],
    render: () => ({ text: "42", contentType: "application/json" }),
  },
  {
    name: "null-body",
    location: "body bytes",
    certainty: "inferred",
    source: `null where the page's body is an object or array: ${ERROR_CODES} 400`,
    description: "the JSON literal null as the whole body",
    faults: ["missing", "invalid", "null"],
    render: () => ({ text: "null", contentType: "application/json" }),
  },
  {
    name: "wrapped-in-array",
    location: "body bytes",
    certainty: "inferred",
    source: `the body inside an array, a shape the page does not give: ${ERROR_CODES} 400`,
    description: "the valid body wrapped in an array",
    faults: ["invalid"],
    render: (v) => ({ text: JSON.stringify([v]), contentType: "application/json" }),
  },
];

/** A documented parameter made invalid: a query value of the wrong type or out of its range, a path id that is no GUID or names nothing. */
export interface ParameterMutation extends KindInfo {
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
    location: "query",
    certainty: "documented",
    source: `the operation's page marks the parameter required (a 2xx is a deviation: list pages default paging)`,
    description: "a query parameter the page marks required left out",
    appliesTo: (p) => p.in === "query" && p.required,
    value: () => undefined,
    // Many list pages mark paging parameters required that the service defaults: a 2xx is a deviation, not a violation.
    expect: () => ({ status: [400], tolerated: "success", source: "the page marks it required" }),
  },
  {
    name: "query-wrong-type",
    location: "query",
    certainty: "inferred",
    source: `the page types the parameter; ${ERROR_CODES} 400`,
    description: "a query value that is not of the documented type",
    appliesTo: (p) => p.in === "query" && ["integer", "number", "boolean"].includes(scalar(p) ?? ""),
    value: () => "pc-contract",
    expect: (p) => ({ status: [400], source: `the page types it ${scalar(p)}` }),
  },
  {
    name: "query-below-minimum",
    location: "query",
    certainty: "documented",
    source: `a minimum the page states; ${ERROR_CODES} 400`,
    description: "a query number under its documented minimum",
    appliesTo: (p) => p.in === "query" && typeof p.schema.minimum === "number",
    value: (p) => String((p.schema.minimum as number) - 1),
    expect: (p) => ({ status: [400], source: `the page's minimum ${p.schema.minimum}` }),
  },
  {
    name: "query-above-maximum",
    location: "query",
    certainty: "documented",
    source: `a maximum the page states ("100 is the maximum"); ${ERROR_CODES} 400`,
    description: "a query number past its documented maximum",
    appliesTo: (p) => p.in === "query" && typeof p.schema.maximum === "number",
    value: (p) => String((p.schema.maximum as number) + 1),
    expect: (p) => ({ status: [400], source: `the page's maximum ${p.schema.maximum}` }),
  },
  {
    name: "query-enum-outside",
    location: "query",
    certainty: "documented",
    source: `the page lists the supported values; ${ERROR_CODES} 400`,
    description: "a query value outside its documented values",
    appliesTo: (p) => p.in === "query" && Array.isArray(p.schema.enum),
    value: () => "pc-contract-not-in-enum",
    expect: () => ({ status: [400], source: "the page lists the supported values" }),
  },
  {
    name: "query-malformed-date",
    location: "query",
    certainty: "documented",
    source: `the page gives the date's form (yyyy-mm-dd); ${ERROR_CODES} 400`,
    description: "a query date that is not yyyy-mm-dd",
    appliesTo: (p) => p.in === "query" && (p.schema.format === "date" || p.schema.format === "date-time"),
    value: () => "31/02/2026",
    expect: () => ({ status: [400], source: "the page gives the date's format" }),
  },
  {
    name: "path-not-a-guid",
    location: "path",
    certainty: "documented",
    source: `${ERROR_CODES} table 400/800002 (customer id should have GUID format); other ids 400 or 404`,
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
    location: "path",
    certainty: "documented",
    source: `${ERROR_CODES} 403/20002 (no relationship with the customer) or 404 (not found)`,
    description: "a path id that is a GUID naming nothing",
    appliesTo: isGuidParameter,
    value: () => "{newGuid}",
    expect: (p, api) =>
      isCustomer(p, api)
        ? { status: [403, 404], source: "error-codes 403/20002 (no relationship with the customer; some builds 404)" }
        : { status: [404], source: "error-codes 404 (the resource was not found)" },
  },
];

/** Every kind of bad input the generated cases send, with where it goes, how sure its expected answer is and why. */
export const kinds = (): (KindInfo & { kind: string; description: string })[] =>
  [...fieldMutations, ...bodyMutations, ...parameterMutations, ...headerMutations].map((m) => ({
    kind: m.name,
    location: m.location,
    certainty: m.certainty,
    source: m.source,
    description: m.description,
  }));

/**
 * A request header made wrong, or the credential's form: sent with the operation's valid path, and, for an
 * operation with a body, a body no service accepts (so whatever the header does, nothing is created).
 */
export interface HeaderMutation extends KindInfo {
  name: string;
  description: string;
  /** Operations it applies to: `body` ones only send a body. */
  appliesTo: "all" | "body";
  /** Headers set (over the usual ones). */
  headers?: Record<string, string>;
  /** The credential sent instead of the token. */
  auth?: "none" | "not-bearer";
  /** The statuses the answer may have; `success`: the operation's success statuses too (a read may ignore the header). */
  expect: { status: number[]; success?: true };
}

const HEADERS_PAGE = "https://learn.microsoft.com/partner-center/developer/headers";

export const headerMutations: readonly HeaderMutation[] = [
  {
    name: "header-no-authorization",
    location: "header",
    certainty: "documented",
    source: `${ERROR_CODES} 401 "The request requires user authentication"; every call carries Authorization (${HEADERS_PAGE})`,
    description: "no Authorization header",
    appliesTo: "all",
    auth: "none",
    expect: { status: [401] },
  },
  {
    name: "header-not-bearer",
    location: "header",
    certainty: "documented",
    source: `${ERROR_CODES} 401; Authorization is "Bearer <token>" (${HEADERS_PAGE})`,
    description: "an Authorization header with a Basic credential",
    appliesTo: "all",
    auth: "not-bearer",
    expect: { status: [401] },
  },
  {
    name: "header-accept-xml",
    location: "header",
    certainty: "documented",
    source: `${ERROR_CODES} 406 "Not acceptable": the API answers JSON`,
    description: "Accept: application/xml",
    appliesTo: "all",
    headers: { Accept: "application/xml" },
    expect: { status: [406] },
  },
  {
    name: "header-malformed-request-id",
    location: "header",
    certainty: "inferred",
    source: `MS-RequestId is a GUID (${HEADERS_PAGE}); the page does not say what a malformed one gets: a 400 or the usual answer, never a 5xx`,
    description: "MS-RequestId that is not a GUID",
    appliesTo: "all",
    headers: { "MS-RequestId": "not-a-guid" },
    expect: { status: [400], success: true },
  },
  {
    name: "header-malformed-correlation-id",
    location: "header",
    certainty: "inferred",
    source: `MS-CorrelationId is a GUID (${HEADERS_PAGE}); the page does not say what a malformed one gets: a 400 or the usual answer, never a 5xx`,
    description: "MS-CorrelationId that is not a GUID",
    appliesTo: "all",
    headers: { "MS-CorrelationId": "not-a-guid" },
    expect: { status: [400], success: true },
  },
  {
    name: "header-two-content-types",
    location: "header",
    certainty: "inferred",
    source: "Content-Type takes one media type (RFC 9110 §8.3); two are not JSON: 415 on Referrals, 400 on the core API",
    description: "Content-Type naming two media types (application/json, text/plain)",
    appliesTo: "body",
    headers: { "Content-Type": "application/json, text/plain" },
    expect: { status: [400, 415] },
  },
];
