import type { ApiName, BodyFault } from "../contract/api-profile.js";
import type { JsonSchema, Parameter, RequestOperation } from "../contract/operations.js";
import { REMOVE, toPointer } from "../contract/json-pointer.js";
import { referenceOf } from "../contract/references.js";

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

/** A JSON number text JSON.stringify cannot write (1e400): the case's body is serialized around it (see serializeBody). */
const RAW_JSON = "pcContractRawJson";
export const rawJson = (text: string): Record<string, string> => ({ [RAW_JSON]: text });
const isRaw = (v: unknown): v is Record<string, string> =>
  v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && RAW_JSON in v;

/** The body's JSON text, raw numbers written as they are; undefined when it holds none (it is sent as JSON then). */
export function serializeBody(body: unknown): string | undefined {
  const raws: string[] = [];
  const text = JSON.stringify(body, (_, v: unknown) => (isRaw(v) ? `${RAW_JSON}${raws.push(v[RAW_JSON]!) - 1}` : v));
  if (!raws.length) return undefined;
  return text.replace(new RegExp(`"${RAW_JSON}(\\d+)"`, "g"), (_, i: string) => raws[Number(i)]!);
}

/** 2^63: no 64-bit integer holds it (long.MaxValue is 2^63 - 1). */
const TWO_TO_63 = 2 ** 63;
const isScalarType = (l: Location) => types(l.schema).some((t) => t === "integer" || t === "number" || t === "boolean");
const isNumeric = (l: Location) => types(l.schema).some((t) => t === "integer" || t === "number") && !Array.isArray(l.schema.enum);
const isBoolean = (l: Location) => types(l.schema).includes("boolean");
const COERCION = "a .NET deserializer may coerce it (Newtonsoft's JsonConvert), so 400 naming the field, or a 2xx: a deviation, never a violation";

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
  /** The statuses the fault gets, when not 400 (an id that names nothing: 404, or 400 where the table says so). */
  status?: readonly number[];
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

/**
 * A value Newtonsoft may read as the type the page gives ("5" for 5, 1 for true, [5] for 5): the service may
 * accept it, so 400 naming the field, or a 2xx as a deviation; never certain, so a write where it is accepted.
 */
const coercible = (kind: Pick<FieldMutation, "name" | "description" | "appliesTo" | "value"> & { why: string }): FieldMutation => ({
  name: kind.name,
  location: "body value",
  certainty: "coercible",
  source: `${kind.why}: ${COERCION}`,
  description: kind.description,
  appliesTo: kind.appliesTo,
  value: kind.value,
  certain: () => false,
  fault: "invalid",
});

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
    name: "huge-integer",
    location: "body value",
    certainty: "inferred",
    source: `an integer the page types as such; 2^63 overflows every .NET integer type (${ERROR_CODES} 400 "malformed or incorrect")`,
    description: "2^63 where the page gives an integer",
    appliesTo: (l) => types(l.schema).includes("integer") && !Array.isArray(l.schema.enum),
    value: () => TWO_TO_63,
    certain: () => false,
    fault: "invalid",
  },
  {
    name: "number-overflow",
    location: "body value",
    certainty: "inferred",
    source: `the page gives a number; 1e400 is no IEEE 754 double (RFC 8259 §6: such numbers may not interoperate), though a lenient parser may read it as infinity: ${ERROR_CODES} 400`,
    description: "1e400 where the page gives a number",
    appliesTo: isNumeric,
    value: () => rawJson("1e400"),
    certain: () => false,
    fault: "invalid",
  },
  {
    name: "string-40000",
    location: "body value",
    certainty: "inferred",
    source: `a length the page states, 40 000 characters past it (${ERROR_CODES} 400); CATS' VeryLargeStrings`,
    description: "a 40 000-character string where the page states a shorter limit",
    appliesTo: (l) => typeof l.schema.maxLength === "number" && (l.schema.maxLength as number) < 40_000 && !l.schema.format,
    value: () => "a".repeat(40_000),
    certain: () => false,
    fault: "invalid",
  },
  coercible({
    name: "number-as-string",
    why: 'the page types the property a number; "5" for 5',
    description: "a number written as a JSON string",
    appliesTo: isNumeric,
    value: (_, current) => String(current),
  }),
  coercible({
    name: "padded-number",
    why: 'the page types the property a number; " 5 " for 5',
    description: "a number written as a string padded with spaces",
    appliesTo: isNumeric,
    value: (_, current) => ` ${String(current)} `,
  }),
  coercible({
    name: "boolean-as-string",
    why: 'the page types the property a boolean; "true" for true',
    description: "a boolean written as a JSON string",
    appliesTo: isBoolean,
    value: (_, current) => String(current),
  }),
  coercible({
    name: "boolean-as-number",
    why: "the page types the property a boolean; 1 for true, 0 for false",
    description: "a boolean written as 1 or 0",
    appliesTo: isBoolean,
    value: (_, current) => (current ? 1 : 0),
  }),
  coercible({
    name: "scalar-in-array",
    why: "the page gives one value; [value] in its place",
    description: "a number, boolean or supported value inside a one-element array",
    appliesTo: (l) => l.pointer !== "" && (isScalarType(l) || isStringEnum(l)),
    value: (_, current) => [current],
  }),
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
  {
    name: "reference-names-nothing",
    location: "body value",
    certainty: "inferred",
    source:
      `${ERROR_CODES} in its first draft (2017): 404 "also applies to cases where request properties are Ids or URIs that do not map to known objects"; ` +
      `the page's table today answers one such id with 400 (800004 "Invalid offer ID"), so either; ` +
      `a cart's line items carry an error "applied after cart is created" (create-a-cart), so a 2xx is a deviation`,
    description: "an id of the right form that names no resource of the target (a user, a catalog item)",
    appliesTo: (l) => referenceOf(l.schema) !== undefined,
    value: (l) => referenceOf(l.schema)!.nothing,
    status: [400, 404],
    certain: () => false,
    fault: "invalid",
  },
];

/** Mutations of the body as a whole: they change the bytes or the labelling, not one value. */
export interface BodyMutation extends KindInfo {
  name: string;
  description: string;
  /** `invalid` says whether the operation's schema refuses a value: a mutation that must stay invalid checks with it. */
  render(valid: unknown, invalid: (value: unknown) => boolean): RenderedBody | undefined;
  /** The API profile's status for an unsupported media type (415 on Referrals; the core page documents no 415, so 400). */
  unsupportedMediaType?: boolean;
  /** That status or 400: a service may read the body (and refuse what it says) or refuse its encoding. */
  maybeUnsupportedMediaType?: boolean;
  /** The faults a service may read it as (an empty body is missing input; a key given twice, wrong then null, either). */
  faults: readonly BodyFault[];
}

/** A body as text, or as bytes no string holds (invalid UTF-8, UTF-16). */
export type RenderedBody = ({ text: string } | { bytes: Uint8Array }) & { contentType: string; pointer?: string };

const NESTING = 10_000;

/** The JSON text with one string holding bytes that are no UTF-8 (C3 28: a lead byte without its continuation). */
function withInvalidUtf8(text: string): Uint8Array {
  const bad = Buffer.from([0x22, 0xc3, 0x28, 0x22]);
  const [open, rest] = [text.slice(0, 1), text.slice(1)];
  const empty = rest === "}" || rest === "]";
  const prefix = open === "{" ? `{"${UNKNOWN_PROPERTY}":` : "[";
  return Buffer.concat([Buffer.from(prefix), bad, Buffer.from(empty ? rest : `,${rest}`)]);
}

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
    name: "invalid-utf8",
    location: "body bytes",
    certainty: "inferred",
    source: `JSON is UTF-8 (RFC 8259 §8.1); an invalid body with bytes that are no UTF-8: ${ERROR_CODES} 400 whether the parser refuses the bytes or the body`,
    description: "an invalid body holding a string whose bytes are no UTF-8 (C3 28)",
    faults: ["missing", "invalid"],
    render: (v, invalid) => ({ bytes: withInvalidUtf8(JSON.stringify(invalidated(v, invalid))), contentType: "application/json" }),
  },
  {
    name: "utf16-body",
    location: "body bytes",
    certainty: "inferred",
    source: `JSON exchanged between systems is UTF-8 (RFC 8259 §8.1); an invalid body in UTF-16: 400, or the unsupported-media-type status (${REFERRAL_CODES} 415)`,
    description: "an invalid body encoded as UTF-16LE with its byte order mark, labelled charset=utf-16",
    faults: ["missing", "invalid"],
    maybeUnsupportedMediaType: true,
    render: (v, invalid) => ({
      bytes: Buffer.from(`\ufeff${JSON.stringify(invalidated(v, invalid))}`, "utf16le"),
      contentType: "application/json; charset=utf-16",
    }),
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
  appliesTo(parameter: Parameter, operation: OperationShape): boolean;
  /**
   * The text sent instead of a valid value (a list: the parameter given once for each); undefined leaves the
   * parameter out. In a path, `{name}` is the valid id and `{newGuid}` a fresh GUID.
   */
  value(parameter: Parameter): string | string[] | undefined;
  /** What the service must answer (a status the service may give instead without breaking the contract: tolerated), and why. */
  expect(parameter: Parameter, operation: OperationShape): ParameterAnswer;
}

/** What a parameter mutation needs to know of its operation. */
export type OperationShape = Pick<RequestOperation, "api" | "success" | "hasBody" | "path">;

export interface ParameterAnswer {
  status: number[];
  /** The operation's success statuses are a deviation, not a violation. */
  tolerated?: "success";
  source: string;
  /** An edge case: never 2xx where a refusal is expected, never 5xx; any 4xx, with the envelope or an empty body. */
  edge?: true;
  /** Send a body no service accepts (the request may reach another route whatever it names). */
  refusedBody?: true;
}

const scalar = (p: Parameter) => p.schema.type as string | undefined;
const isGuidParameter = (p: Parameter) => p.in === "path" && p.schema.format === "uuid";
/** The core API answers a customer id that is no GUID with 400/800002, and one the partner has no relationship with with 403/20002. */
const isCustomer = (p: Parameter, api: ApiName) => api === "core" && p.name === "customerId";
const isInteger = (p: Parameter) => p.in === "query" && scalar(p) === "integer";
const RESTLER = "RESTler's InvalidDynamicObject checker (microsoft/restler-fuzzer docs/user-guide/Checkers.md)";
/** A path id changed so the path names no documented resource: 400 (not an id) or 404 (names nothing). */
const namesNothing = (source: string): ParameterAnswer => ({ status: [400, 404], source });
/**
 * A path id followed by a query or a slash: the rest of the path moves into the query, so the URL may name another
 * resource. A read may answer as usual; a write, sent with a body no service accepts, never succeeds. The pages give
 * no status (edge).
 */
const cutPath = (operation: OperationShape): ParameterAnswer =>
  operation.hasBody
    ? { status: [400, 404, 405], edge: true, refusedBody: true, source: `${RESTLER}; the pages give no status: a refusal, never 2xx, never 5xx` }
    : { status: [400, 404, ...operation.success], edge: true, source: `${RESTLER}; the cut URL may name another resource a read returns: never 5xx` };

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
    name: "query-huge-integer",
    location: "query",
    certainty: "inferred",
    source: `the page types the parameter an integer; 2^63 overflows every .NET integer type: ${ERROR_CODES} 400`,
    description: "2^63 as a query integer",
    appliesTo: isInteger,
    value: () => "9223372036854775808",
    expect: () => ({ status: [400], source: "2^63 is no 64-bit integer" }),
  },
  {
    name: "query-number-overflow",
    location: "query",
    certainty: "inferred",
    source: `the page types the parameter a number; 1e400 is no double and no integer: ${ERROR_CODES} 400`,
    description: "1e400 as a query number",
    appliesTo: (p) => p.in === "query" && ["integer", "number"].includes(scalar(p) ?? ""),
    value: () => "1e400",
    expect: () => ({ status: [400], source: "1e400 is no number a service holds" }),
  },
  {
    name: "query-negative",
    location: "query",
    certainty: "inferred",
    source: `a negative page size or offset means nothing; ${ERROR_CODES} 400 (where the page states no minimum, a service that clamps it is a deviation)`,
    description: "a negative query count or offset (-1)",
    appliesTo: (p) => isInteger(p) && (typeof p.schema.minimum !== "number" || (p.schema.minimum as number) >= 0),
    value: () => "-1",
    expect: (p) =>
      typeof p.schema.minimum === "number"
        ? { status: [400], source: `the page's minimum ${p.schema.minimum}` }
        : { status: [400], tolerated: "success", source: "the page states no minimum: a clamped -1 is a deviation" },
  },
  {
    name: "query-duplicated",
    location: "query",
    certainty: "edge",
    source: "a parameter the page gives once, given twice: the pages give no status (a service may take one value): never 5xx",
    description: "a query parameter given twice",
    appliesTo: (p) => p.in === "query" && p.schema.default !== undefined,
    value: (p) => [String(p.schema.default), String(p.schema.default)],
    expect: (_, operation) => ({ status: [400, ...operation.success], edge: true, source: "a parameter given twice: 400, or the usual answer" }),
  },
  {
    name: "query-odata-unknown-operator",
    location: "query",
    certainty: "documented",
    source: `the page's $filter examples use OData operators (eq, and); OData 4.01 URL conventions §5.1.1 lists them all: zz is none, 400 (${ERROR_CODES})`,
    description: "an OData $filter with an operator OData does not have (status zz 'New')",
    appliesTo: (p) => p.in === "query" && p.name === "$filter",
    value: () => "status zz 'New'",
    expect: () => ({ status: [400], source: "an OData $filter with no such operator" }),
  },
  {
    name: "path-not-a-guid",
    location: "path",
    certainty: "documented",
    source: `${ERROR_CODES} table 400/800002 (customer id should have GUID format); other ids 400 or 404`,
    description: "a path id that is not a GUID",
    appliesTo: isGuidParameter,
    value: () => "not-a-guid",
    expect: (p, { api }) =>
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
    expect: (p, { api }) =>
      isCustomer(p, api)
        ? { status: [403, 404], source: "error-codes 403/20002 (no relationship with the customer; some builds 404)" }
        : { status: [404], source: "error-codes 404 (the resource was not found)" },
  },
  {
    name: "path-id-repeated",
    location: "path",
    certainty: "inferred",
    source: `${RESTLER} (id/id); a path no page documents: ${ERROR_CODES} 404 (not found), or 400`,
    description: "a path id given twice (id/id)",
    appliesTo: (p) => p.in === "path",
    value: (p) => `{${p.name}}/{${p.name}}`,
    expect: () => namesNothing("a path no page documents"),
  },
  {
    name: "path-empty-object",
    location: "path",
    certainty: "inferred",
    source: `${RESTLER} ({}); not an id: ${ERROR_CODES} 400 (800002 for a customer) or 404`,
    description: "{} (percent-encoded) in place of a path id",
    appliesTo: (p) => p.in === "path",
    value: () => "%7B%7D",
    expect: () => namesNothing("{} is no id"),
  },
  {
    name: "path-encoded-slash",
    location: "path",
    certainty: "inferred",
    source: `an id with an encoded slash (%2F) is no id, whether the service decodes it (a path no page documents: 404) or not (400): ${ERROR_CODES}`,
    description: "a path id followed by an encoded slash (id%2Fpc-contract)",
    appliesTo: (p) => p.in === "path",
    value: (p) => `{${p.name}}%2Fpc-contract`,
    expect: () => namesNothing("an encoded slash in an id"),
  },
  {
    name: "path-injected-query",
    location: "path",
    certainty: "edge",
    source: `${RESTLER} (id?injected_query_string=123)`,
    description: "a path id followed by ?injected_query_string=123",
    appliesTo: (p) => p.in === "path",
    value: (p) => `{${p.name}}?injected_query_string=123`,
    expect: (_, operation) => cutPath(operation),
  },
  {
    name: "path-double-question",
    location: "path",
    certainty: "edge",
    source: `${RESTLER} (id??)`,
    description: "a path id followed by ??",
    appliesTo: (p) => p.in === "path",
    value: (p) => `{${p.name}}??`,
    expect: (_, operation) => cutPath(operation),
  },
  {
    name: "path-slash-question",
    location: "path",
    certainty: "edge",
    source: `${RESTLER} (id/?/)`,
    description: "a path id followed by /?/",
    appliesTo: (p) => p.in === "path",
    value: (p) => `{${p.name}}/?/`,
    expect: (_, operation) => cutPath(operation),
  },
];

/** Every kind of bad input the generated cases send, with where it goes, how sure its expected answer is and why. */
export const kinds = (): (KindInfo & { kind: string; description: string })[] =>
  [...fieldMutations, ...bodyMutations, ...parameterMutations, ...requestMutations].map((m) => ({
    kind: m.name,
    location: m.location,
    certainty: m.certainty,
    source: m.source,
    description: m.description,
  }));

/**
 * The request made wrong as a whole: a header, the credential's form, something added to the query, an oversized
 * body. Sent with the operation's valid path, and, for an operation with a body, a body no service accepts (so
 * whatever the change does, nothing is created).
 */
export interface RequestMutation extends KindInfo {
  name: string;
  description: string;
  /**
   * Operations it applies to: `body` ones only send a body; `host` the first operation with a body of each API, for
   * what the API's host judges on every route alike (a body size, a header's bytes), where one case an API says all.
   */
  appliesTo: "all" | "body" | "host";
  /** Headers set (over the usual ones). */
  headers?: Record<string, string>;
  /** Appended to the valid query. */
  query?: string;
  /** Sent instead of the refused body: that many bytes of "a", labelled JSON. */
  filler?: number;
  /** The body sent with Transfer-Encoding: chunked and no Content-Length. */
  chunked?: true;
  /** The credential sent instead of the token. */
  auth?: "none" | "not-bearer";
  /**
   * The statuses the answer may have; `success`: the operation's success statuses too (a read may ignore the
   * change); `edge`: the pages give no status: never 2xx where a refusal is expected, never 5xx, any 4xx with the
   * envelope or an empty body (a gateway may answer).
   */
  expect: { status: number[]; success?: true; edge?: true; tolerated?: number[] };
}

const HEADERS_PAGE = "https://learn.microsoft.com/partner-center/developer/headers";

/**
 * A header whose value holds CR, LF or NUL (sent over a socket of its own, as clients refuse to write it): edge, once
 * an API (the front end parses headers, not a route), refused with 400 or read as usual.
 */
const controlInHeader = (kind: { name: string; why: string; what: string; header: string; value: string }): RequestMutation => ({
  name: kind.name,
  location: "header",
  certainty: "edge",
  source: `${kind.why}, once an API`,
  description: `${kind.what}, over a socket of its own`,
  appliesTo: "host",
  headers: { [kind.header]: kind.value },
  expect: { status: [400], success: true, edge: true },
});

export const requestMutations: readonly RequestMutation[] = [
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
  {
    name: "query-unknown-parameter",
    location: "query",
    certainty: "inferred",
    source: `a parameter no page lists is ignored, as extraneous body properties are "generally completely ignored" (${ERROR_CODES}): the usual answer`,
    description: "a query parameter no page lists (pcContractUnknown=1)",
    appliesTo: "all",
    query: "pcContractUnknown=1",
    // The pages do not say an unknown parameter is ignored: a 400 for one is a deviation, not a violation.
    expect: { status: [], success: true, tolerated: [400] },
  },
  {
    name: "url-past-8-kib",
    location: "query",
    certainty: "edge",
    source:
      "a URL longer than 8 KiB (RFC 9112 §3 recommends servers take 8000 octets; IIS refuses 4 KiB by default): the pages give no status, a gateway may answer 414 or 404 with no envelope",
    description: "a query parameter that makes the URL longer than 8 KiB",
    appliesTo: "all",
    query: `pcContractFiller=${"a".repeat(8 * 1024)}`,
    expect: { status: [400, 404, 414], success: true, edge: true },
  },
  {
    name: "header-16-kib",
    location: "header",
    certainty: "edge",
    source:
      "a 16 KiB header value (CATS VeryLargeStringsInHeaders; HTTP.sys and Node refuse 16 KiB of headers by default): the pages give no status, a gateway may answer 400 or 431",
    description: "an unknown header of 16 KiB",
    appliesTo: "all",
    headers: { "X-PC-Contract-Filler": "a".repeat(16 * 1024) },
    expect: { status: [400, 431], success: true, edge: true },
  },
  {
    name: "header-64-kib",
    location: "header",
    certainty: "edge",
    source: "a 64 KiB header value (CATS VeryLargeStringsInHeaders): the pages give no status, a gateway may answer 400 or 431",
    description: "an unknown header of 64 KiB",
    appliesTo: "all",
    headers: { "X-PC-Contract-Filler": "a".repeat(64 * 1024) },
    expect: { status: [400, 431], success: true, edge: true },
  },
  controlInHeader({
    name: "header-folded-line",
    why: 'a header value folded onto a second line (CR LF and a space; RFC 9112 §5.2: a server "MUST either reject the message by sending a 400 (Bad Request) ... or replace each received obs-fold with one or more SP octets"): the pages give no status; a front end answers it',
    what: "an unknown header whose value is folded onto a second line (obsolete line folding)",
    header: "X-PC-Contract-Folded",
    value: "pc\r\n contract",
  }),
  controlInHeader({
    name: "header-bare-cr",
    why: 'a CR alone inside a header value (RFC 9110 §5.5: "a recipient of CR, LF, or NUL within a field value MUST either reject the message or replace each of those characters with SP"; CATS sends such control characters in headers): the pages give no status',
    what: "an unknown header with a carriage return inside its value",
    header: "X-PC-Contract-CR",
    value: "pc\rcontract",
  }),
  controlInHeader({
    name: "header-nul",
    why: 'a NUL byte inside a header value (RFC 9110 §5.5: "MUST either reject the message or replace each of those characters with SP"): the pages give no status',
    what: "an unknown header with a NUL byte inside its value",
    header: "X-PC-Contract-NUL",
    value: "pc\u0000contract",
  }),
  {
    name: "header-many",
    location: "header",
    certainty: "edge",
    source:
      "a hundred unknown headers (CATS LargeNumberOfRandomHeaders): the pages give no status; unknown headers are ignored, or a gateway answers 400 or 431",
    description: "a hundred unknown headers",
    appliesTo: "all",
    headers: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`X-PC-Contract-${i}`, "pc-contract"])),
    expect: { status: [400, 431], success: true, edge: true },
  },
  {
    name: "body-over-10-mib",
    location: "body bytes",
    certainty: "edge",
    source: `a body past 10 MiB (the Referrals page's 413 "Request entity too large"; the core page names no limit): never 2xx, never 5xx, 413 or 400`,
    description: "10 MiB + 1 bytes of 'a' labelled JSON, once an API (the limit is the host's, not a route's)",
    appliesTo: "host",
    filler: 10 * 1024 * 1024 + 1,
    expect: { status: [400, 413], edge: true },
  },
  {
    name: "body-chunked",
    location: "body bytes",
    certainty: "edge",
    source:
      "a refused body framed with Transfer-Encoding: chunked and no Content-Length (RFC 9112 §6.1; the Referrals page lists 411 Length required): never 2xx, never 5xx, 400 or 411",
    description: "a refused body sent chunked, without Content-Length",
    appliesTo: "body",
    chunked: true,
    expect: { status: [400, 411], edge: true },
  },
  {
    name: "query-crlf",
    location: "query",
    certainty: "edge",
    source: "CR LF percent-encoded in a query value (CATS CRLF fuzzers, header injection through a reflected value): the pages give no status; never 5xx",
    description: "a query parameter holding %0D%0A and a header line after it",
    appliesTo: "all",
    query: "pcContract=a%0D%0AX-Injected:%20pc-contract",
    expect: { status: [400], success: true, edge: true },
  },
];
