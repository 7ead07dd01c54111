import { inject } from "vitest";
import { enumerateCases } from "../src/generate/build-cases.js";
import { defineProbeSuite } from "../src/vitest/define-probe-suite.js";

// Every (operation × mutation × location) of schemas/requests/, with bodies seeded by PC_SEED.
defineProbeSuite("generated", enumerateCases(inject("pcRun").seed));
