import { inject } from "vitest";
import { enumerateCases } from "../src/requests/build-cases.js";
import { defineProbeSuite } from "../src/suite/define-probe-suite.js";

// Every (operation × mutation × location) of schemas/requests/, with bodies seeded by PC_SEED.
defineProbeSuite("generated", enumerateCases(inject("pcSeed")));
