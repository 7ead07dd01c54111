import { ConfigError } from "../errors.js";

/**
 * The parsers of every PC_* value, shared by the light settings reader and the full configuration, so a value
 * means the same wherever it is read (PC_FUZZ_RUNS=00 is 0 everywhere).
 */

/** An http(s) origin; a path is refused (the probes add /v1/... themselves), user info is dropped, never echoed. */
export function origin(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a URL; expected an origin such as https://api.partnercenter.microsoft.com`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new ConfigError(`${name} must be an http(s) URL, got ${url.protocol}`);
  if (url.pathname !== "/" && url.pathname !== "") {
    throw new ConfigError(`${name} must be an origin without a path (the probes add /v1/... themselves), got ${url.origin}${url.pathname}`);
  }
  return url.origin;
}

export function wholeNumber(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > max) throw new ConfigError(`${name} must be a whole number from 0 to ${max}, got "${value}"`);
  return Number(value);
}

export function positiveNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n <= 0) throw new ConfigError(`${name} must be a number above 0, got "${value}"`);
  return n;
}

export function flag(name: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (!["0", "1", "true", "false"].includes(value)) throw new ConfigError(`${name} must be 1 or 0, got "${value}"`);
  return value === "1" || value === "true";
}
