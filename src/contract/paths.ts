import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

export const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
export const schemasDir = join(projectRoot, "schemas");

/** This pc-contract's version, from its package.json (reports, HAR files and SARIF name it). */
export const packageVersion = (): string => (JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { version: string }).version;
