import { profileOf } from "../contract/apis/registry.js";
import type { BodyFault } from "../contract/api-profile.js";
import type { Mutation, Probe } from "../probes/probe.js";
import { generateValidBody } from "./generate-valid-body.js";
import { getAt, overlaps, setAt } from "../contract/json-pointer.js";
import { bundledOperations, type RequestOperation } from "../contract/operations.js";
import { referenceOf, referencesIn } from "../contract/references.js";
import {
  bodyMutations,
  fieldMutations,
  locations,
  parameterMutations,
  requestMutations,
  invalidated,
  serializeBody,
  type BodyMutation,
  type RequestMutation,
  type FieldMutation,
  type Location,
  type ParameterMutation,
} from "./mutations.js";
import type { Parameter } from "../contract/operations.js";
import { deriveSeed, prng } from "./prng.js";

/** One mutation at one place of one operation's schema: the unit both the enumeration and the fuzzer draw from. */
interface Site {
  mutation: FieldMutation;
  location: Location;
  pointer: string;
}

const label = (pointer: string) => pointer || "(body)";

export function sitesOf(operation: RequestOperation): Site[] {
  return locations(operation.schema).flatMap((location) =>
    fieldMutations.filter((m) => m.appliesTo(location)).map((mutation) => ({ mutation, location, pointer: mutation.target?.(location) ?? location.pointer })),
  );
}

function applySite(body: unknown, site: Site): unknown {
  const current = getAt(body, site.location.pointer);
  if (current === undefined && site.location.pointer !== "") throw new Error(`the valid body has nothing at ${site.location.pointer}`);
  return setAt(body, site.pointer, site.mutation.value(site.location, current));
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const regexEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function replayCommand(id: string, seed: number, file: string, extra = ""): string {
  return `PC_SEED=${seed}${extra} npx vitest run ${file} -t ${shellQuote(`${regexEscape(id)}$`)}`;
}

function baseProbe(operation: RequestOperation, id: string, source: string, mutation: Omit<Mutation, "operation">): Omit<Probe, "body" | "expect" | "scope"> {
  return {
    id,
    mutation: { operation: operation.id, ...mutation },
    api: operation.api,
    area: "generated",
    method: operation.method,
    path: operation.path,
    ...(operation.identity ? { auth: operation.identity } : {}),
    source: `${operation.schemaFile}: ${source}`,
  };
}

/** The inner codes the API's page gives for these faults, when it gives codes per fault (one fault a case: stacked ones are ambiguous). */
function faultCodesOf(operation: RequestOperation, faults: readonly BodyFault[]): { faultCodes?: string[] } {
  const codes = profileOf(operation.api).faultCodes;
  return codes && faults.length ? { faultCodes: [...new Set(faults.map((f) => codes[f]))] } : {};
}

/**
 * The values of the valid body that name the target's resources and are still in the case's body text: the
 * request carries the target's ids there (and needs them), so only the case's own fault is a fault.
 */
export function bodyReferences(operation: RequestOperation, valid: unknown, text: string | undefined): Pick<Probe, "references"> {
  if (text === undefined) return {};
  const stands = new Map(referencesIn(operation.schema, valid).flatMap((r) => (typeof r.value === "string" ? [[r.value, r.id] as const] : [])));
  const references = [...stands].filter(([stand]) => text.includes(JSON.stringify(stand))).map(([stand, id]) => ({ id, stand }));
  return references.length ? { references } : {};
}

/**
 * What a site's fault gets: 400, or the mutation's own statuses; at a place that names a resource, a value a
 * service does not judge by its form is looked up and names nothing, so 404 too (a removed one is missing, 400).
 */
const statusesOf = (site: Site): readonly number[] =>
  site.mutation.status ?? (referenceOf(site.location.schema) && site.mutation.name !== "remove-required" ? [400, 404] : [400]);

/** A case of one site is of that site's kind, at its place; a stack of them is a fuzz case. */
const siteKind = (sites: readonly Site[]): Omit<Mutation, "operation"> =>
  sites.length === 1 ? { kind: sites[0]!.mutation.name, place: label(sites[0]!.pointer) } : { kind: FUZZ_KIND };

function fieldCase(
  operation: RequestOperation,
  valid: unknown,
  sites: Site[],
  id: string,
  seed: number,
  replay: string,
  kind: Omit<Mutation, "operation"> = siteKind(sites),
): Probe {
  const body = sites.reduce(applySite, valid);
  const raw = serializeBody(body);
  const rejecting = sites.filter((s) => !s.mutation.accepted);
  // The body as a whole has no field name for an error to point at.
  const pointers = rejecting.map((s) => s.pointer).filter((p) => p !== "");
  return {
    ...baseProbe(operation, id, sites.map((s) => `${s.mutation.description} at ${label(s.pointer)}`).join("; "), kind),
    body: raw === undefined ? { json: body } : { text: raw, contentType: "application/json" },
    ...bodyReferences(operation, valid, raw ?? JSON.stringify(body)),
    // A body whose invalidity rests on no document (a coercible value, a limit only this project's schema states)
    // may be accepted by a lenient service: then a deviation, not a violation.
    expect: rejecting.length
      ? {
          status: [...new Set(rejecting.flatMap(statusesOf))].sort(),
          ...(pointers.length ? { pointers } : {}),
          ...faultCodesOf(operation, rejecting.length === 1 ? [rejecting[0]!.mutation.fault] : []),
          ...(rejecting.every((s) => s.mutation.certain(s.location)) ? {} : { tolerated: operation.success }),
        }
      : { status: operation.success },
    // A body that is or may be accepted changes state: its risk class keeps it off live tenants unless writes
    // are allowed. A validation-only operation changes nothing whatever it accepts.
    scope: "any",
    risk: operation.stateless || (rejecting.length === sites.length && rejecting.every((s) => s.mutation.certain(s.location))) ? "rejected-write" : "write",
    seed,
    replay,
  };
}

function bodyCase(
  operation: RequestOperation,
  valid: unknown,
  mutation: BodyMutation,
  id: string,
  seed: number,
  replay: string,
  kind: Omit<Mutation, "operation"> = { kind: mutation.name },
): Probe | undefined {
  const rendered = mutation.render(valid, (value) => operation.validate(value).length > 0);
  if (!rendered) return undefined;
  const unsupported = profileOf(operation.api).unsupportedMediaTypeStatuses;
  const statuses = mutation.unsupportedMediaType ? [...unsupported] : mutation.maybeUnsupportedMediaType ? [...new Set([400, ...unsupported])] : [400];
  return {
    ...baseProbe(operation, id, mutation.description, kind),
    body:
      "text" in rendered
        ? { text: rendered.text, contentType: rendered.contentType }
        : { base64: Buffer.from(rendered.bytes).toString("base64"), contentType: rendered.contentType },
    ...bodyReferences(operation, valid, "text" in rendered ? rendered.text : undefined),
    expect: { status: statuses, ...(rendered.pointer ? { pointers: [rendered.pointer] } : {}), ...faultCodesOf(operation, mutation.faults) },
    scope: "any",
    risk: "rejected-write",
    seed,
    replay,
  };
}

/** The query a valid request carries: each query parameter with a documented default, in the order the data lists them. */
function validQuery(operation: RequestOperation, change?: { parameter: Parameter; value: string | string[] | undefined }): string {
  const pairs = operation.parameters
    .filter((p) => p.in === "query")
    .flatMap((p): [string, string][] => {
      const value = change?.parameter === p ? change.value : p.schema.default !== undefined ? String(p.schema.default) : undefined;
      return [value ?? []].flat().map((v): [string, string] => [p.name, v]);
    });
  return pairs.length ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v.startsWith("{") ? v : encodeURIComponent(v)}`).join("&")}` : "";
}

/** A valid request's path and query (its {placeholders} for the target's ids). */
export const validPath = (operation: RequestOperation): string => `${operation.path}${validQuery(operation)}`;

/** One parameter of a valid request made invalid; the body, when the operation has one, stays valid (or, where the path may name another route, is one no service accepts). */
function parameterCase(operation: RequestOperation, valid: unknown, parameter: Parameter, mutation: ParameterMutation, seed: number): Probe {
  const id = `${operation.id}/${mutation.name}:${parameter.in}.${parameter.name}`;
  const value = mutation.value(parameter);
  const path = parameter.in === "path" ? operation.path.replace(`{${parameter.name}}`, [value ?? ""].flat().join("")) : operation.path;
  const expected = mutation.expect(parameter, operation);
  const tolerated = expected.tolerated ? operation.success : undefined;
  const body = expected.refusedBody ? refused(operation, valid) : valid;
  return {
    ...baseProbe(operation, id, `${mutation.description} (${parameter.in} ${parameter.name}): ${expected.source}`, {
      kind: mutation.name,
      place: `${parameter.in}.${parameter.name}`,
    }),
    path: `${path}${validQuery(operation, parameter.in === "query" ? { parameter, value } : undefined)}`,
    ...(operation.hasBody ? { body: { json: body }, ...bodyReferences(operation, valid, JSON.stringify(body)) } : {}),
    expect: { status: expected.status, ...(tolerated ? { tolerated } : {}), ...(expected.edge ? { edge: true as const } : {}) },
    scope: "any",
    // A valid body the service may accept (a tolerated success) changes state; otherwise the request is refused first.
    ...(operation.hasBody && (tolerated || expected.status.some((s) => s < 400)) && !operation.stateless ? { risk: "write" as const } : {}),
    seed,
    replay: replayCommand(id, seed, GENERATED_SUITE),
  };
}

/** A body no schema-abiding service accepts, made from the valid one. */
const refused = (operation: RequestOperation, valid: unknown): unknown => invalidated(valid, (v) => operation.validate(v).length > 0);

/** The request made wrong as a whole (a header, the credential, the query, an oversized body), with a body no service accepts, so nothing is created whatever the change does. */
function requestCase(operation: RequestOperation, valid: unknown, mutation: RequestMutation, seed: number): Probe {
  const id = `${operation.id}/${mutation.name}`;
  // With a refused body the answer is its 400 (or the change's own status); a read may answer as usual.
  const status = [...new Set([...mutation.expect.status, ...(operation.hasBody ? [400] : mutation.expect.success ? operation.success : [])])].sort();
  const path = validPath(operation);
  const body =
    mutation.filler !== undefined
      ? { filler: mutation.filler, contentType: "application/json" }
      : operation.hasBody
        ? { json: refused(operation, valid) }
        : undefined;
  return {
    ...baseProbe(operation, id, `${mutation.description}: ${mutation.source}`, { kind: mutation.name }),
    path: mutation.query ? `${path}${path.includes("?") ? "&" : "?"}${mutation.query}` : path,
    ...(mutation.auth ? { auth: mutation.auth } : {}),
    ...(mutation.headers ? { headers: mutation.headers } : {}),
    ...(body ? { body } : {}),
    ...(body && "json" in body ? bodyReferences(operation, valid, JSON.stringify(body.json)) : {}),
    ...(mutation.chunked ? { chunked: true } : {}),
    expect: {
      status,
      // A tolerated refusal matters only where the usual answer is expected: a refused body's 400 stands anyway.
      ...(mutation.expect.tolerated && !operation.hasBody ? { tolerated: mutation.expect.tolerated } : {}),
      ...(mutation.expect.edge ? { edge: true as const } : {}),
    },
    scope: "any",
    seed,
    replay: replayCommand(id, seed, GENERATED_SUITE),
  };
}

/** Every parameter mutation that applies to one of the operation's parameters. */
const parameterCases = (operation: RequestOperation, valid: unknown, seed: number): Probe[] =>
  operation.parameters.flatMap((p) => parameterMutations.filter((m) => m.appliesTo(p, operation)).map((m) => parameterCase(operation, valid, p, m, seed)));

/** Whether a request mutation applies to the operation (`host`: the first operation with a body of its API). */
function requestApplies(mutation: RequestMutation, operation: RequestOperation, operations: readonly RequestOperation[]): boolean {
  if (mutation.appliesTo === "all") return true;
  if (mutation.appliesTo === "body") return operation.hasBody;
  return operations.find((o) => o.api === operation.api && o.hasBody)?.id === operation.id;
}

/** The kinds of bad input that apply to an operation: a place of its body, its body, a parameter, or the request as a whole. */
export function applicableKinds(operation: RequestOperation, operations: readonly RequestOperation[] = bundledOperations()): Set<string> {
  return new Set([
    ...sitesOf(operation).map((s) => s.mutation.name),
    ...(operation.hasBody ? bodyMutations.map((m) => m.name) : []),
    ...parameterMutations.filter((m) => operation.parameters.some((p) => m.appliesTo(p, operation))).map((m) => m.name),
    ...requestMutations.filter((m) => requestApplies(m, operation, operations)).map((m) => m.name),
  ]);
}

/** The kind of a random case, whatever it stacks. */
export const FUZZ_KIND = "fuzz";

/** Fixed, so an id does not change with the run count it is replayed with. */
const FUZZ_ID_WIDTH = 4;

export const GENERATED_SUITE = "suites/generated.test.ts";
export const FUZZ_SUITE = "suites/fuzz.test.ts";

/** Every (operation × mutation × location) case. Ids depend on the schemas alone; bodies on the seed too. */
export function enumerateCases(seed: number, operations: readonly RequestOperation[] = bundledOperations()): Probe[] {
  return operations.flatMap((operation) => {
    const valid = operation.hasBody ? generateValidBody(operation, seed) : undefined;
    const withQuery = (c: Probe): Probe => ({ ...c, path: `${c.path}${validQuery(operation)}` });
    const fields = sitesOf(operation).map((site) => {
      const id = `${operation.id}/${site.mutation.name}:${label(site.pointer)}`;
      return fieldCase(operation, valid, [site], id, seed, replayCommand(id, seed, GENERATED_SUITE));
    });
    const bodies = operation.hasBody
      ? bodyMutations.flatMap((mutation) => {
          const id = `${operation.id}/${mutation.name}`;
          return bodyCase(operation, valid, mutation, id, seed, replayCommand(id, seed, GENERATED_SUITE)) ?? [];
        })
      : [];
    // Each case of the enumeration is framed by the operation's documented read, when it has one: a rejection
    // must change nothing. Fuzz cases are not: thousands of reads of one list would prove nothing more.
    const framed = (c: Probe): Probe => (operation.read ? { ...c, frame: operation.read } : c);
    const requests = requestMutations.filter((m) => requestApplies(m, operation, operations)).map((m) => requestCase(operation, valid, m, seed));
    return [...[...fields, ...bodies].map(withQuery).map(framed), ...parameterCases(operation, valid, seed), ...requests];
  });
}

/**
 * `runs` random cases per operation: one to three field mutations stacked at unrelated places, or now and then
 * one body mutation. Case i depends on (seed, operation, i) only, so it replays with any run count above i.
 */
export function fuzzCases(seed: number, runs: number, operations: readonly RequestOperation[] = bundledOperations()): Probe[] {
  return operations
    .filter((o) => o.hasBody)
    .flatMap((operation) => {
      const valid = generateValidBody(operation, seed);
      const sites = sitesOf(operation);
      return Array.from({ length: runs }, (_, i) => {
        const id = `${operation.id}/fuzz-${String(i).padStart(FUZZ_ID_WIDTH, "0")}`;
        const replay = replayCommand(id, seed, FUZZ_SUITE, ` PC_FUZZ_RUNS=${i + 1}`);
        const random = prng(deriveSeed(seed, id));
        const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
        if (random() < 0.1) {
          const built = bodyCase(operation, valid, pick(bodyMutations), id, seed, replay, { kind: FUZZ_KIND });
          if (built) return built;
        }
        const stack: Site[] = [];
        const wanted = 1 + Math.floor(random() * 3);
        for (let tries = 0; stack.length < wanted && tries < 20; tries++) {
          const site = pick(sites);
          if (stack.every((s) => !overlaps(s.pointer, site.pointer) && !overlaps(s.location.pointer, site.location.pointer))) stack.push(site);
        }
        const stacked = fieldCase(operation, valid, stack, id, seed, replay, { kind: FUZZ_KIND });
        if (stack.length < 2) return stacked;
        const parts = () => stack.map((site) => fieldCase(operation, valid, [site], `${id}~${site.mutation.name}:${label(site.pointer)}`, seed, replay));
        return { ...stacked, parts };
      });
    });
}
