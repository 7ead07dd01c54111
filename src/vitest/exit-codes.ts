/**
 * Exit codes a CI job can tell apart. vitest itself exits 0 (every case passed) or 1 (a case failed: a
 * contract finding, or an environment problem met by one probe); the run stops earlier with 2 or 3.
 */
export const EXIT = {
  conformant: 0,
  contractFailures: 1,
  /** The harness cannot run: configuration, a catalog or recording it cannot read. */
  harness: 2,
  /** The target cannot be used: unreachable, TLS, refused credentials. */
  environment: 3,
} as const;
