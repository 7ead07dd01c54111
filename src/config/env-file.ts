import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { ConfigError } from "../errors.js";

const LINE = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/;

/**
 * Parses a .env file with Node's own parser (util.parseEnv: quotes, `# comments`, `export`), after holding
 * every line to KEY=VALUE, so a malformed line is named by file and line, and its content, which may hold a
 * secret, is never echoed. A key given twice is a notice (the last wins, as util.parseEnv has it).
 */
export function parseEnvFile(text: string, file: string): { values: Record<string, string>; notices: string[] } {
  const seen = new Map<string, number>();
  const notices: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const key = LINE.exec(line)?.[1];
    if (!key) throw new ConfigError(`${file}:${index + 1}: expected KEY=VALUE (one a line; the line is not shown, it may hold a secret)`);
    const first = seen.get(key);
    if (first !== undefined) notices.push(`${file}:${index + 1}: ${key} is set again (first on line ${first}); the last one counts`);
    seen.set(key, index + 1);
  });
  return { values: parseEnv(text) as Record<string, string>, notices };
}

/** Sets from `.env` the variables the environment does not already set (the environment wins); returns its notices. */
export function loadEnvFile(file = ".env", env: NodeJS.ProcessEnv = process.env): string[] {
  if (!existsSync(file)) return [];
  const { values, notices } = parseEnvFile(readFileSync(file, "utf8"), file);
  for (const [key, value] of Object.entries(values)) env[key] ??= value;
  return notices;
}

/** The environment a command reads its settings from: the process's, with `.env` filled in beneath it. */
export function loadEnvironment(env: NodeJS.ProcessEnv = process.env): { env: NodeJS.ProcessEnv; notices: string[] } {
  return { env, notices: loadEnvFile(".env", env) };
}
