import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../contract/paths.js";

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

export function mockOptions(overrides: Partial<MockOptions> = {}): MockOptions {
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
  };
}
