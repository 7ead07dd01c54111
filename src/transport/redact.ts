import type { HeaderMap } from "./exchange.js";

export const REDACTED = "[REDACTED]";

/** Headers whose values are credentials, whatever the target. */
const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie", "ocp-apim-subscription-key", "x-api-key"]);

/** Keeps the scheme ("Bearer") so a reader sees what kind of credential was sent, never the credential. */
export function redactHeaderValue(name: string, value: string): string {
  if (!SECRET_HEADERS.has(name.toLowerCase())) return value;
  const scheme = /^(\w+)\s+\S/.exec(value)?.[1];
  return scheme ? `${scheme} ${REDACTED}` : REDACTED;
}

export function redactHeaders(headers: HeaderMap): HeaderMap {
  const out: HeaderMap = Object.create(null) as HeaderMap;
  for (const name of Object.keys(headers)) out[name] = headers[name]!.map((v) => redactHeaderValue(name, v));
  return out;
}

/** The headers as lines of `name: value`, redacted: what evidence shows of a request or response. */
export function headerLines(headers: HeaderMap): string {
  let text = "";
  for (const name of Object.keys(headers)) for (const value of headers[name]!) text += `${text ? "\n" : ""}${name}: ${redactHeaderValue(name, value)}`;
  return text;
}

/**
 * Secrets known to this run (tokens, client secret, refresh token). Every text that leaves the harness
 * (messages, attachments, reports) passes through redactText, so a target that echoes a token back
 * cannot leak it either.
 */
const secrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) secrets.add(value);
}

export function redactText(text: string): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}
