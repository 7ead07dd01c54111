import { defineProbeSuite } from "../src/vitest/define-probe-suite.js";
import { probes } from "./probes/index.js";

defineProbeSuite("resources", probes);
