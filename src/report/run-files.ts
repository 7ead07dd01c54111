import { spawnSync } from "node:child_process";
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, statfsSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ReportError } from "../errors.js";
import type { CaseRecord } from "../gating/case-record.js";
import { PROGRESS } from "./progress.js";

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
  /** target-unavailable: the run stopped sending when the target failed too often in a row; the rest is not judged. */
  state: "running" | "complete" | "interrupted" | "target-unavailable";
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

const LOCK = ".pc-contract.lock";
/** What the conformance reporter writes from the cases (src/report/conformance-files.ts). */
const CONFORMANCE_FILES = ["conformance.json", "conformance.md", "conformance.sarif", "cases.json"];
/** What a run created by accident and could not remove (src/probes/ledger.ts), and the workers' notes of it. */
export const LEDGER = "created.json";
export const LEDGER_PARTS = "created.parts.jsonl";
/** Free space a run needs in its reports folder (JUnit, Allure results, the matrix; a fuzz run writes tens of MB). */
export const MIN_FREE_BYTES = 64 * 1024 * 1024;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
};

/**
 * Creates `file` holding `content`, or returns false when it exists. The content is written first and linked into
 * place, so nobody reads a lock half written: with a create-then-write, a second run that read the empty file
 * took it for a dead run's, removed it, and both runs went on.
 */
function createWhole(file: string, content: string): boolean {
  const draft = `${file}.${process.pid}`;
  writeFileSync(draft, content);
  try {
    linkSync(draft, file);
    return true;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP") throw error;
    // A filesystem without hard links: created exclusively, then written.
    try {
      writeFileSync(file, content, { flag: "wx" });
      return true;
    } catch (second) {
      if ((second as { code?: string }).code === "EEXIST") return false;
      throw second;
    }
  } finally {
    rmSync(draft, { force: true });
  }
}

/**
 * Removes a dead run's lock, only if it is still the one judged dead: it is moved aside first, and a lock that
 * turns out to be another's (a run that took the dead one over meanwhile) is put back.
 */
function takeOver(file: string, judged: string): void {
  const aside = `${file}.dead.${process.pid}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return; // another run removed it first
    throw error;
  }
  try {
    if (readFileSync(aside, "utf8") !== judged) linkSync(aside, file);
  } catch {
    // another lock took its place meanwhile: that run holds the folder
  } finally {
    rmSync(aside, { force: true });
  }
}

/**
 * Takes the reports folder for this run: one run a folder, so two runs never mix their results. A second run
 * stops with one line naming the holder; a lock whose process is gone is taken over. Also proves the folder
 * can be written before anything is. Returns what gives the folder back.
 */
export function lockReports(dir: string): () => void {
  const file = join(dir, LOCK);
  try {
    if (existsSync(dir) && !statSync(dir).isDirectory()) throw new ReportError(`the reports folder ${dir} is a file: set PC_REPORTS_DIR to a folder`);
    mkdirSync(dir, { recursive: true });
    const { bavail, bsize } = statfsSync(dir);
    if (bavail * bsize < MIN_FREE_BYTES) {
      throw new ReportError(
        `the reports folder ${dir} has ${bavail * bsize} bytes free; a run needs ${MIN_FREE_BYTES} (make room, or set PC_REPORTS_DIR elsewhere)`,
      );
    }
    const mine = JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() });
    for (let attempt = 0; !createWhole(file, mine); attempt++) {
      // Each turn, the lock was there and then was not: only runs starting and dying together keep that up.
      if (attempt >= 5)
        throw new ReportError(`the reports folder ${dir} is being taken and given back by other runs: try again, or set PC_REPORTS_DIR to another folder`);
      let seen = "";
      let holder: { pid?: number; startedAt?: string } = {};
      try {
        seen = readFileSync(file, "utf8");
        holder = JSON.parse(seen) as typeof holder;
      } catch (error) {
        if ((error as { code?: string }).code === "ENOENT") continue; // given back meanwhile: try again
        // unreadable: a lock written by an older version, or one half written where hard links are missing (createWhole)
      }
      if (typeof holder.pid === "number" && holder.pid !== process.pid && alive(holder.pid)) {
        throw new ReportError(
          `the reports folder ${dir} is in use by the run of process ${holder.pid} (started ${holder.startedAt ?? "at an unknown time"}): wait for it, or set PC_REPORTS_DIR to another folder`,
        );
      }
      takeOver(file, seen);
    }
  } catch (error) {
    if (error instanceof ReportError) throw error;
    throw new ReportError(`the reports folder ${dir} cannot be written: ${(error as Error).message}`);
  }
  const release = () => {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  };
  process.once("exit", release);
  return release;
}

/**
 * Everything a run writes, removed before it starts (allure-vitest never clears its own folder). junit.xml is
 * not among them: vitest's JUnit reporter has it open, and truncated, by then.
 */
export function cleanReports(dir: string, keep?: string): void {
  // The progress file a run resumes from stays until the run writes the next one (PC_RESUME may name it here).
  const names = ["allure-results", ...CONFORMANCE_FILES, FINDINGS, RUN, REQUEST_BODIES, LEDGER, LEDGER_PARTS, PROGRESS].filter(
    (name) => !keep || resolve(join(dir, name)) !== resolve(keep),
  );
  const tracked = trackedFiles(dir, [...names, "junit.xml"]);
  if (tracked.length) {
    throw new ReportError(
      `the reports folder ${dir} holds files git tracks (${tracked.slice(0, 3).join(", ")}${tracked.length > 3 ? ", ..." : ""}), which a run would overwrite: set PC_REPORTS_DIR to a folder of its own`,
    );
  }
  for (const name of names) rmSync(join(dir, name), { recursive: true, force: true });
}

/** Which of these paths under `dir` git tracks, when `dir` is in a work tree (none when git is absent or it is not). */
function trackedFiles(dir: string, names: string[]): string[] {
  if (!existsSync(dir)) return [];
  const listed = spawnSync("git", ["ls-files", "-z", "--", ...names], { cwd: dir, encoding: "utf8", timeout: 10_000 });
  return listed.status === 0 ? listed.stdout.split("\0").filter(Boolean) : [];
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

/** Removes what a run that could not finish writing its reports left behind (its lock stays until it exits). */
export function abandonReports(dir: string): void {
  for (const name of ["junit.xml", "allure-results", ...CONFORMANCE_FILES, FINDINGS, RUN, REQUEST_BODIES]) {
    try {
      rmSync(join(dir, name), { recursive: true, force: true });
    } catch {
      // what cannot be removed says nothing more than what could
    }
  }
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
