import { existsSync, readFileSync } from "node:fs";
import { ConfigError } from "../errors.js";

/** Parses a .env file: KEY=VALUE lines, # comments, optional single or double quotes. A malformed line is named. */
export function parseEnvFile(text: string, file: string): Record<string, string> {
  const values: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new ConfigError(`${file}:${index + 1}: expected KEY=VALUE, got "${line.slice(0, 40)}"`);
    let value = m[2]!;
    const quoted = /^(["'])(.*)\1$/.exec(value);
    value = quoted ? quoted[2]! : value.replace(/\s+#.*$/, "");
    values[m[1]!] = value;
  });
  return values;
}

/** Variables from `.env` that the environment does not already set (the environment wins). */
export function loadEnvFile(file = ".env", env: NodeJS.ProcessEnv = process.env): void {
  if (!existsSync(file)) return;
  for (const [key, value] of Object.entries(parseEnvFile(readFileSync(file, "utf8"), file))) env[key] ??= value;
}

/** The environment a command reads its settings from: the process's, with `.env` filled in beneath it. */
export function loadEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  loadEnvFile(".env", env);
  return env;
}
