import { readFileSync } from "node:fs";
import { HarError } from "../errors.js";
import type { Har, HarEntry } from "./har.js";

function validEntry(entry: unknown, file: string, index: number): HarEntry {
  const place = `log.entries[${index}]`;
  const e = entry as Partial<HarEntry> | null;
  if (e === null || typeof e !== "object") throw new HarError(file, place, "is not an object");
  if (!e.request || typeof e.request.method !== "string" || typeof e.request.url !== "string")
    throw new HarError(file, `${place}.request`, "needs method and url");
  if (!Array.isArray(e.request.headers)) throw new HarError(file, `${place}.request.headers`, "is not an array");
  if (!e.response || typeof e.response.status !== "number") throw new HarError(file, `${place}.response`, "needs a numeric status");
  if (!Array.isArray(e.response.headers)) throw new HarError(file, `${place}.response.headers`, "is not an array");
  if (!e.response.content || typeof e.response.content !== "object") throw new HarError(file, `${place}.response.content`, "is missing");
  try {
    new URL(e.request.url);
  } catch {
    throw new HarError(file, `${place}.request.url`, `"${e.request.url}" is not an absolute URL`);
  }
  return e as HarEntry;
}

export function readHar(file: string): Har {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new HarError(file, "file", `cannot be read (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new HarError(file, "file", `is not JSON (${(error as Error).message})`);
  }
  const log = (json as { log?: Har["log"] } | null)?.log;
  if (!log || typeof log !== "object") throw new HarError(file, "log", "is missing: not a HAR file");
  if (!Array.isArray(log.entries)) throw new HarError(file, "log.entries", "is not an array");
  return { log: { ...log, entries: log.entries.map((e, i) => validEntry(e, file, i)) } };
}
