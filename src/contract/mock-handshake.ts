/**
 * How a target says it is pc-contract's own mock: `GET /_mock/fixtures` answers 200 with this marker and the
 * ids it seeded. Mock-only probes (bursts, injected faults) run only against a target that says so, never
 * merely because it is on loopback (a tunnel to a real tenant is on loopback too).
 */
export const MOCK_HANDSHAKE_PATH = "/_mock/fixtures";
export const MOCK_HANDSHAKE_MARKER = "pc-contract-mock";

export interface MockHandshake {
  mock: typeof MOCK_HANDSHAKE_MARKER;
  ids: Record<string, string>;
}

export const isMockHandshake = (value: unknown): value is MockHandshake =>
  value !== null &&
  typeof value === "object" &&
  (value as MockHandshake).mock === MOCK_HANDSHAKE_MARKER &&
  typeof (value as MockHandshake).ids === "object" &&
  (value as MockHandshake).ids !== null;
