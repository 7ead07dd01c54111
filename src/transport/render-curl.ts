import type { CapturedRequest } from "./exchange.js";
import { redactHeaderValue } from "./redact.js";

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
const INLINE_BODY_LIMIT = 4096;

/** A curl command that sends the same request, with credentials replaced by an environment variable. */
export function renderCurl(request: CapturedRequest): string {
  const parts = ["curl", "-i"];
  const method = request.method.toUpperCase();
  if (method === "HEAD") parts.push("-I");
  else if (method !== "GET" || request.body) parts.push("-X", method);
  parts.push(quote(request.url));
  for (const [name, values] of Object.entries(request.headers)) {
    if (name === "content-length") continue;
    for (const value of values) {
      const shown = name === "authorization" && /^bearer\s/i.test(value) ? 'Bearer $PC_TOKEN' : redactHeaderValue(name, value);
      parts.push("-H", name === "authorization" && shown.includes("$") ? `"${name}: ${shown}"` : quote(`${name}: ${shown}`));
    }
  }
  if (request.body) {
    const text = Buffer.from(request.body).toString("utf8");
    const printable = request.body.byteLength <= INLINE_BODY_LIMIT && !/[\u0000-\u0008\u000e-\u001f]/.test(text);
    parts.push("--data-binary", printable ? quote(text) : `@<(head -c ${request.body.byteLength} /dev/zero | tr '\\0' 'a')`);
  }
  return parts.join(" ");
}
