import { defineProbeSuite } from "../src/suite/define-probe-suite.js";
import { probes } from "./probes/index.js";

defineProbeSuite("server", probes);
