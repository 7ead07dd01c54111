import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ConfigError, ReportError } from "../errors.js";
import type { CaseRecord } from "../gating/case-record.js";
import type { StoredCase } from "./sarif.js";

/** What every run leaves in its reports folder for a later run to resume from (PC_RESUME). */
export const PROGRESS = "progress.json";

export interface ProgressFile {
  pcContract: "progress";
  /** The pc-contract that wrote it. */
  version: string;
  /** Generated bodies depend on it: a resumed run uses it again. */
  seed: number;
  fuzzRuns: number;
  target: string;
  /** One entry per run that added to it, the first first. */
  parts: { startedAt: string; finishedAt: string; judged: number }[];
  /** The cases judged so far, across the parts: their records, as cases.json holds them. */
  done: StoredCase[];
  /** Cases collected but not judged yet: left by the budget, not judged while the target was unavailable, or never reached. */
  left: string[];
}

/**
 * A case is done when it has its verdict, or a skip no later run would change (a write not allowed, a token
 * missing). Not done: a case the budget left, one not sent because the target was unavailable or failed.
 */
export const isDone = (r: CaseRecord): boolean => r.outcome === "checked" || (r.outcome === "skipped" && !r.deferred);

/** The progress file a resumed run starts from; anything else in its place is one line naming it (exit 2). */
export function readProgress(file: string): ProgressFile {
  if (!existsSync(file)) throw new ConfigError(`PC_RESUME=${file}: no such file (every run writes progress.json in its reports folder)`);
  let json: Partial<ProgressFile>;
  try {
    json = JSON.parse(readFileSync(file, "utf8")) as Partial<ProgressFile>;
  } catch (error) {
    throw new ConfigError(`PC_RESUME=${file} is not JSON (${(error as Error).message})`);
  }
  if (
    json?.pcContract !== "progress" ||
    !Number.isInteger(json.seed) ||
    !Number.isInteger(json.fuzzRuns) ||
    !Array.isArray(json.done) ||
    !Array.isArray(json.left) ||
    !Array.isArray(json.parts) ||
    json.done.some((r) => typeof r?.id !== "string" || !Array.isArray(r.findings)) ||
    json.left.some((id) => typeof id !== "string")
  ) {
    throw new ConfigError(`PC_RESUME=${file} is not a progress file of pc-contract (seed, fuzzRuns, parts, done and left)`);
  }
  return json as ProgressFile;
}

/** Written whole to a temporary file and renamed over the old one: a run killed mid-write leaves the last good one. */
export function writeProgress(dir: string, progress: ProgressFile): string {
  const file = join(dir, PROGRESS);
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, `${JSON.stringify(progress)}\n`);
    renameSync(`${file}.tmp`, file);
  } catch (error) {
    rmSync(`${file}.tmp`, { force: true });
    throw new ReportError(`${file} cannot be written: ${(error as Error).message}`);
  }
  return file;
}

/**
 * This run's records on top of the parts before it: the cases done (earlier parts' and this run's), and those
 * left (this run's not done, and earlier leftovers this run did not collect, as when it was narrowed).
 */
export function mergeProgress(
  previous: ProgressFile | undefined,
  records: readonly StoredCase[],
  notReached: readonly string[],
): { done: StoredCase[]; left: string[] } {
  const now = new Map(records.map((r) => [r.id, r]));
  const done = [...(previous?.done ?? []).filter((r) => !now.has(r.id)), ...records.filter(isDone)];
  const doneIds = new Set(done.map((r) => r.id));
  const left = [...new Set([...(previous?.left ?? []), ...records.filter((r) => !isDone(r)).map((r) => r.id), ...notReached])].filter((id) => !doneIds.has(id));
  return { done, left };
}
