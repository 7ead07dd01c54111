import type { ApiName } from "../contract/api-profile.js";
import type { StateRead } from "../contract/operations.js";
import { profileOf } from "../contract/apis/registry.js";

/** Contract areas, the suites' grouping: each has its suite file, suites/<area>.test.ts (a test holds that). */
export const areas = ["auth", "input", "resources", "methods", "negotiation", "concurrency", "throttling", "server", "generated"] as const;
export type Area = (typeof areas)[number];

/**
 * app / user: a token for the probe's API with that identity. app-only: an app-only token where the route wants
 * App + User (the identity is the fault). none: no Authorization header. not-bearer: a Basic credential.
 * forged: a JWT-shaped token nobody issued. other-audience: a valid token issued for the other API.
 */
export type ProbeAuth = "app" | "app-only" | "user" | "none" | "not-bearer" | "forged" | "other-audience";

export type ProbeBody =
  | { json: unknown }
  | { text: string; contentType?: string }
  /** That many bytes of "a": for size limits, reproducible with head -c. */
  | { filler: number; contentType?: string }
  /** Bytes no string holds (invalid UTF-8, UTF-16), base64-encoded. */
  | { base64: string; contentType?: string };

export interface Mutation {
  operation: string;
  kind: string;
  place?: string;
}

export interface Probe {
  /** `<operation>/<fault>`, unique: customers.get/no-auth */
  id: string;
  api: ApiName;
  area: Area;
  method: string;
  /** Path and query; `{name}` is a tenant id from the target, `{newGuid}` a fresh GUID, `{daysAgo:N}` an ISO date. */
  path: string;
  headers?: Record<string, string>;
  auth?: ProbeAuth;
  body?: ProbeBody;
  /** Send the body with Transfer-Encoding: chunked and no Content-Length. */
  chunked?: boolean;
  /**
   * Values of the body that name the target's resources (a user, a catalog item): the body holds the generated
   * `stand` in their place, and the request the target's id named `id` (the case is skipped where it has none).
   */
  references?: { id: string; stand: string }[];
  /**
   * status: what the case may get; pointers: the body locations a generated case made invalid (the error should
   * name one); tolerated: statuses that are a deviation when they come instead (a lenient service's 2xx);
   * edge: an input the pages give no status (a gateway may answer it): never 2xx where a refusal is expected,
   * never 5xx, any 4xx with the envelope or an empty body; reported in a class of its own.
   */
  expect: { status: number[]; pointers?: string[]; tolerated?: number[]; faultCodes?: string[]; edge?: true };
  /**
   * The documented read of what the write would change: sent before the case and, when the case is rejected,
   * after it; the state check fails the case when the two differ.
   */
  frame?: StateRead;
  /** Repeat the request until the expected status comes (throttling), at most `max` times. */
  repeat?: { max: number };
  /** mock: needs state or faults only the bundled mock (or a mock on loopback) has; never sent to a real tenant. */
  scope: "any" | "mock";
  /** What the request does to the tenant; derived from the method and the expectation when absent. */
  risk?: Risk;
  /** The contract text the expectation comes from. */
  source: string;
  /**
   * A fuzz case that stacks mutations: each mutation alone, as a case of its own. Built on demand, when the stack
   * fails, to name the culprit.
   */
  parts?: () => Probe[];
  /**
   * A generated case: the operation it makes wrong, its kind of bad input ("fuzz" for a stacked one) and the
   * place it went (a body pointer, `query.size`), as its id spells them: `<operation>/<kind>[:<place>]`.
   */
  mutation?: Mutation;
  /** Generated cases: the seed their body came from, and the command that replays exactly this case. */
  seed?: number;
  replay?: string;
}

/**
 * read: changes nothing. rejected-write: would change state, but the service must reject it first (every
 * expected status is an error). write: changes state when the service does what it should.
 */
export type Risk = "read" | "rejected-write" | "write";

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PROPFIND"]);

export function riskOf(probe: Probe): Risk {
  if (probe.risk) return probe.risk;
  if (READ_METHODS.has(probe.method.toUpperCase())) return "read";
  return probe.expect.status.every((s) => s >= 400) ? "rejected-write" : "write";
}

/** The identity a probe's token carries unless it says otherwise: its API's default (Referrals is App + User only). */
/** Requests a case sends at most, besides throttling retries: its repeats, and the two reads that frame a write. */
export const requestsOf = (probe: Probe): number => (probe.repeat?.max ?? 1) + (probe.frame ? 2 : 0);

export const defaultAuth = (probe: Probe): ProbeAuth => probe.auth ?? profileOf(probe.api).auth?.defaultIdentity ?? "none";
