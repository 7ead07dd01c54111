import type {} from "vitest";
import type { CaseRecord } from "../gating/case-record.js";
import type { TargetSpec } from "../probes/target.js";

/** What the global setup hands every worker: plain data, read once in the main process. */
export interface RunContext {
  target: TargetSpec;
  seed: number;
  fuzzRuns: number;
  strict: boolean;
  /** Only these checks' findings are judged (PC_CHECKS). */
  checks?: readonly string[];
  /** The baseline file, read and checked by the global setup; each worker compiles it once (it may hold a million entries). */
  baseline: string;
  reportsDir: string;
  /** Cases a resumed run does not send: done in earlier parts of the progress file `resume`. */
  done?: readonly string[];
  resume?: string;
  /** Cases the budget leaves for a later run, and the reason each is skipped with. */
  deferred?: { ids: readonly string[]; reason: string };
}

declare module "vitest" {
  export interface ProvidedContext {
    pcRun: RunContext;
  }
  interface TaskMeta {
    /** The case's record, carried from the worker to the conformance reporter. */
    pcContract?: CaseRecord;
  }
}
