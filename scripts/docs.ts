import { join } from "node:path";
import { projectRoot } from "../src/contract/paths.js";
import { writeGeneratedParts } from "../src/report/readme-parts.js";

// npm run docs: the README's generated parts, from the data (the operations list, the kinds table).
const changed = writeGeneratedParts(join(projectRoot, "README.md"));
process.stdout.write(changed ? "README.md: generated parts rewritten\n" : "README.md: up to date\n");
