import { join } from "node:path";
import { projectRoot } from "../src/contract/paths.js";
import { writeOperationsList } from "../src/report/operations-doc.js";

// npm run docs: the README's generated parts, from the data (the operations list).
const changed = writeOperationsList(join(projectRoot, "README.md"));
process.stdout.write(changed ? "README.md: operations list rewritten\n" : "README.md: up to date\n");
