import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { Exchange } from "../transport/exchange.js";
import { toHarEntry, type Har, type HarEntry, type RecordedCase } from "./har.js";

/** Workers append one entry a line here while the run goes; the global teardown assembles the HAR. */
export const partsFileOf = (harFile: string) => `${harFile}.parts.jsonl`;

export function recordExchange(harFile: string, exchange: Exchange, probe: RecordedCase): void {
  appendFileSync(partsFileOf(harFile), `${JSON.stringify(toHarEntry(exchange, probe))}\n`);
}

export function startRecording(harFile: string): void {
  rmSync(partsFileOf(harFile), { force: true });
  rmSync(harFile, { force: true });
}

export function finishRecording(harFile: string, meta: { seed: number; fuzzRuns: number; version: string }): number {
  const parts = partsFileOf(harFile);
  const entries: HarEntry[] = existsSync(parts)
    ? readFileSync(parts, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as HarEntry)
    : [];
  entries.sort((a, b) => a.startedDateTime.localeCompare(b.startedDateTime));
  const har: Har = {
    log: { version: "1.2", creator: { name: "pc-contract", version: meta.version }, entries, _pcSeed: meta.seed, _pcFuzzRuns: meta.fuzzRuns },
  };
  writeFileSync(harFile, `${JSON.stringify(har, null, 1)}\n`);
  rmSync(parts, { force: true });
  return entries.length;
}
