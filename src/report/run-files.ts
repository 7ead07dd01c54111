import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ReportError } from "../errors.js";
import type { CaseRecord } from "../gating/case-record.js";

/**
 * What a run writes beside its reports to say which run they belong to: `run.json` when it starts (seed,
 * target, start time), completed when it ends; `findings.json` stamped with the same start. A run that stops
 * before its first case leaves neither, so nothing of an earlier run passes as its own.
 */
export interface RunStamp {
  startedAt: string;
  seed: number;
  target: string;
}

export interface RunManifest extends RunStamp {
  state: "running" | "complete" | "interrupted";
  finishedAt?: string;
}

export interface FindingsFile {
  run: RunStamp;
  cases: Pick<CaseRecord, "id" | "verdict" | "findings">[];
}

const RUN = "run.json";
const FINDINGS = "findings.json";
/** Request bodies too large for a curl line, written when a case's reproduction needs them. */
export const REQUEST_BODIES = "request-bodies";

/** Everything a run writes, removed before it starts (allure-vitest never clears its own folder). */
export function cleanReports(dir: string): void {
  for (const name of ["allure-results", "junit.xml", "conformance.json", "conformance.md", FINDINGS, RUN, REQUEST_BODIES])
    rmSync(join(dir, name), { recursive: true, force: true });
}

function writeJson(file: string, value: unknown): void {
  try {
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  } catch (error) {
    throw new ReportError(`${file} cannot be written: ${(error as Error).message}`);
  }
}

export const startRun = (dir: string, stamp: RunStamp): void => writeJson(join(dir, RUN), { ...stamp, state: "running" } satisfies RunManifest);

export function readRun(dir: string): RunManifest | undefined {
  const file = join(dir, RUN);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as RunManifest;
  } catch (error) {
    throw new ReportError(`${file} is not JSON (${(error as Error).message})`);
  }
}

/** Ends the run's record: its findings, stamped, and the manifest's state. */
export function finishRun(dir: string, state: RunManifest["state"], records: readonly CaseRecord[]): void {
  const run = readRun(dir);
  if (!run) return;
  const stamp: RunStamp = { startedAt: run.startedAt, seed: run.seed, target: run.target };
  const cases = records.filter((r) => r.findings.length).map((r) => ({ id: r.id, ...(r.verdict ? { verdict: r.verdict } : {}), findings: r.findings }));
  writeJson(join(dir, FINDINGS), { run: stamp, cases } satisfies FindingsFile);
  writeJson(join(dir, RUN), { ...run, state, finishedAt: new Date().toISOString() } satisfies RunManifest);
}

/** The findings of the last run, refused unless that run completed and wrote them itself. */
export function readCompletedFindings(dir: string): FindingsFile {
  const run = readRun(dir);
  const file = join(dir, FINDINGS);
  if (!run) throw new ReportError(`${join(dir, RUN)} does not exist: no run has completed into ${dir} (run npx vitest run first)`);
  if (run.state !== "complete")
    throw new ReportError(`the last run into ${dir} (started ${run.startedAt}) is ${run.state}, not complete: its findings are no baseline`);
  if (!existsSync(file)) throw new ReportError(`${file} does not exist: the last run into ${dir} wrote no findings`);
  let findings: FindingsFile;
  try {
    findings = JSON.parse(readFileSync(file, "utf8")) as FindingsFile;
  } catch (error) {
    throw new ReportError(`${file} is not JSON (${(error as Error).message})`);
  }
  if (findings.run?.startedAt !== run.startedAt) {
    throw new ReportError(
      `${file} belongs to the run started ${findings.run?.startedAt ?? "at an unknown time"}, not to the last one (started ${run.startedAt}): stale`,
    );
  }
  return findings;
}
