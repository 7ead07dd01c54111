import { ConfigError } from "../errors.js";

/**
 * The parsers of every PC_* value, shared by the light settings reader and the full configuration, so a value
 * means the same wherever it is read (PC_FUZZ_RUNS=00 is 0 everywhere). An error names the variable and what
 * it must be, never the value: a mistyped variable may hold a secret.
 */

/**
 * An http(s) origin; a path is refused (the probes add /v1/... themselves). User info (`https://user:secret@host`)
 * is dropped here, so no consumer ever sees it, and `notices` says so.
 */
export function origin(name: string, value: string | undefined, notices: string[] = []): string | undefined {
  if (value === undefined || value === "") return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a URL; expected an origin such as https://api.partnercenter.microsoft.com`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new ConfigError(`${name} must be an http(s) URL (https://...)`);
  if (url.pathname !== "/" && url.pathname !== "") throw new ConfigError(`${name} must be an origin without a path (the probes add /v1/... themselves)`);
  if (url.username || url.password) notices.push(`${name} carried user info, which is dropped: credentials go in the token or client-credential variables`);
  return url.origin;
}

export function wholeNumber(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > max) throw new ConfigError(`${name} must be a whole number from 0 to ${max}`);
  return Number(value);
}

export function positiveNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n <= 0) throw new ConfigError(`${name} must be a number above 0`);
  return n;
}

export function flag(name: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (!["0", "1", "true", "false"].includes(value)) throw new ConfigError(`${name} must be 1 or 0`);
  return value === "1" || value === "true";
}

/** A share from 0 to 1, written as a fraction (0.8) or a percentage (80%). */
export function share(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(value);
  const n = percent ? Number(percent[1]) / 100 : /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n <= 1)) throw new ConfigError(`${name} must be a share from 0 to 1, or a percentage from 0% to 100%`);
  return n;
}

/**
 * curl's --resolve, as a list: `HOST:PORT:ADDRESS[,HOST:PORT:ADDRESS...]`. Connections to HOST on PORT go to
 * ADDRESS instead of what DNS says; the Host header, TLS server name and certificate check keep HOST. The keys
 * are `host:port`, lower case.
 */
export function resolveList(name: string, value: string | undefined): Record<string, string> | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const entries: Record<string, string> = {};
  for (const entry of value.split(",").map((e) => e.trim())) {
    const m = /^([A-Za-z0-9.-]+):(\d{1,5}):(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]+)$/.exec(entry);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535)
      throw new ConfigError(
        `${name} must be HOST:PORT:ADDRESS entries separated by commas, as curl's --resolve (api.partnercenter.microsoft.com:443:127.0.0.1)`,
      );
    entries[`${m[1]!.toLowerCase()}:${Number(m[2])}`] = m[3]!.replace(/^\[|\]$/g, "");
  }
  return entries;
}
