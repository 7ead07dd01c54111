import { inject } from "vitest";
import { enumerateCases } from "../src/generate/build-cases.js";
import { byOperation, defineProbeSuite } from "../src/vitest/define-probe-suite.js";

// Every (operation × mutation × location) of schemas/requests/, with bodies seeded by PC_SEED; each operation's
// cases in order, the operations side by side against the bundled mock.
defineProbeSuite("generated", enumerateCases(inject("pcRun").seed), { groupBy: byOperation });
