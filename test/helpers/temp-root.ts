import { rmSync } from "node:fs";

/**
 * Global setup of `npm test`: every temporary folder the tests make lives under one root (TMPDIR, set by
 * test/vitest.config.ts before any worker starts), removed when the run ends, so the tests leave nothing behind.
 */
export default function setup(): () => void {
  const root = process.env.PCCONTRACT_TEST_TMP;
  return () => {
    if (root) rmSync(root, { recursive: true, force: true });
  };
}
