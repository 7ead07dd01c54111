import { createHash } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CapturedRequest } from "../transport/exchange.js";
import { bodyForm, renderCurl } from "../transport/render-curl.js";

/** Renders the curl line that sends a request again, byte for byte. */
export type Reproducer = (request: CapturedRequest) => string;

/**
 * A reproducer that writes a body too large for the command line into `dir` (named by its SHA-256, so the
 * same body is written once) and points the curl line at it. Without a folder, large bodies are printed by
 * printf in the line itself.
 */
export function reproducer(dir?: string): Reproducer {
  return (request) => {
    if (!dir || !request.body || bodyForm(request.body) !== "file") return renderCurl(request);
    const file = join(dir, `${createHash("sha256").update(request.body).digest("hex").slice(0, 16)}.body`);
    if (!existsSync(file)) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, request.body);
    }
    return renderCurl(request, { bodyFile: file });
  };
}
