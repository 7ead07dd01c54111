import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../contract/paths.js";
import { defects } from "./defects.js";

export interface MockTenant {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  cid: string;
  ids: Record<string, string>;
}

export interface MockOptions extends MockTenant {
  host: string;
  port: number;
  defects: string[];
  /** Requests one caller may make to one path in one window before 429 (the core API documents 500 a minute). */
  throttleLimit: number;
  /** The same for the seeded resources of a tenant that is already near its limit (throttledCustomerId, throttledReferralId). */
  hotThrottleLimit: number;
  throttleWindowMs: number;
  tokenLifetimeSeconds: number;
  /** A bearer token accepted as-is, as an App + User token for either API (for runs with PC_TOKEN). */
  staticToken?: string;
  /**
   * A lenient service: bodies whose only faults a lenient deserializer lets through (coercible values, limits the
   * documents do not state) are accepted, and the resource is created. What a run must clean up after.
   */
  lenientWrites?: boolean;
  /** The defect applies-rejected-write: an invalid write is carried out, then answered with its 400. */
  appliesRejectedWrites?: boolean;
  /** The defect refuses-unknown-input: extraneous body properties and undocumented query parameters get a 400. */
  refusesUnknownInput?: boolean;
  /** The defect duplicate-parameter-500: a query parameter given twice gets a 500 (bound as "10,10" and thrown on). */
  duplicateParameter500?: boolean;
  /** The defect oversized-headers-500: a front end that answers headers past the server's limit with a bodiless 500. */
  oversizedHeaders500?: boolean;
  /** The defect invalid-header-500: a front end that answers a header value with CR, LF or NUL with a bodiless 500. */
  invalidHeader500?: boolean;
  /** The defect unknown-reference-500: an id in a body that names nothing gets a 500 (a lookup's null dereferenced). */
  unknownReference500?: boolean;
  /**
   * A production lookalike: the mock does not answer the handshake that tells a suite it is a mock, so a run
   * treats it as it treats Partner Center (no mock-only probes; on Partner Center's host names, through
   * PC_RESOLVE, writes only with the sandbox confirmation).
   */
  lookalike?: boolean;
  /** Sandbox-like throttling: requests one tenant may make, all paths together, per window (off when absent). */
  tenantThrottle?: { limit: number; windowMs: number };
  /** Largest request body accepted (413 beyond). */
  maxBodyBytes: number;
}

export function loadMockTenant(): MockTenant {
  const raw = JSON.parse(readFileSync(join(projectRoot, "fixtures", "mock-tenant.json"), "utf8")) as MockTenant & { $comment?: string };
  const { $comment: _, ...tenant } = raw;
  return tenant;
}

/** The options the defects in what the service does set (defects.ts names each one's). */
export type BehaviourOption =
  | "lenientWrites"
  | "appliesRejectedWrites"
  | "refusesUnknownInput"
  | "oversizedHeaders500"
  | "duplicateParameter500"
  | "unknownReference500"
  | "invalidHeader500";

export function mockOptions(overrides: Partial<MockOptions> = {}): MockOptions {
  const behaviours = defects.filter((d) => d.option && overrides.defects?.includes(d.name)).map((d) => [d.option!, true]);
  return {
    ...loadMockTenant(),
    host: "127.0.0.1",
    port: 0,
    defects: [],
    throttleLimit: 500,
    hotThrottleLimit: 20,
    throttleWindowMs: 60_000,
    tokenLifetimeSeconds: 3599,
    maxBodyBytes: 1024 * 1024,
    ...overrides,
    ...Object.fromEntries(behaviours),
  };
}
