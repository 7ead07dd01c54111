import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/**
 * Where an installed package lives, as Node would find it from here (a clone's node_modules, or the one
 * pc-contract itself is installed in); its package.json need not be exported.
 */
export function packageDir(name: string): string {
  const require = createRequire(import.meta.url);
  const found = (require.resolve.paths(name) ?? []).map((dir) => join(dir, name)).find((dir) => existsSync(join(dir, "package.json")));
  if (!found) throw new Error(`the package ${name} is not installed (npm ci installs it)`);
  return found;
}
