import { inject } from "vitest";
import { fuzzCases } from "../src/generate/build-cases.js";
import { byOperation, defineProbeSuite } from "../src/vitest/define-probe-suite.js";

// PC_FUZZ_RUNS random, stacked mutations per operation (vitest.config.ts includes this file only then); each
// operation's cases in order, the operations side by side against the bundled mock.
const { seed, fuzzRuns } = inject("pcRun");
defineProbeSuite("generated", fuzzCases(seed, fuzzRuns), { evidence: "findings", groupBy: byOperation });
