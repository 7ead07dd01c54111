import type { Probe } from "../probes/probe.js";
import type { Judgement } from "./judge.js";

/** What one single-mutation part of a stacked case got when run alone. */
export interface PartVerdict {
  verdict: Judgement["verdict"];
  /** The rules its judged findings broke. */
  rules: string[];
}

export interface Culprits {
  /** The parts that fail alone, by their source (the mutation and where). */
  culprits: string[];
  /** What the failure message says: each culprit with its rules, or that only the combination fails. */
  lines: string[];
}

/**
 * One culprit per stacked failure: a fuzz case that stacks several mutations and fails is re-run one mutation at a
 * time (Schemathesis shrinks; CATS mutates one field a case). The parts that fail alone are the culprits; when none
 * does, the failure needs the combination, and says so.
 */
export async function findCulprits(parts: readonly Probe[], run: (part: Probe) => Promise<PartVerdict>): Promise<Culprits> {
  const results: { part: Probe; result: PartVerdict }[] = [];
  for (const part of parts) results.push({ part, result: await run(part) });
  const failing = results.filter((r) => r.result.verdict === "fail");
  const where = (p: Probe) => p.source.slice(p.source.indexOf(": ") + 2);
  if (failing.length === 0) {
    const unjudged = results.filter((r) => !["pass", "deviation"].includes(r.result.verdict));
    return {
      culprits: [],
      lines: [
        unjudged.length
          ? `culprit: not found: ${unjudged.length} of the ${parts.length} mutations alone could not be judged (${unjudged.map((r) => r.result.verdict).join(", ")})`
          : `culprit: only in combination: each of the ${parts.length} mutations alone passes (${results.map((r) => where(r.part)).join("; ")})`,
      ],
    };
  }
  return {
    culprits: failing.map((r) => where(r.part)),
    lines: failing.map((r) => `culprit: ${where(r.part)} fails alone [${r.result.rules.join(", ")}] (replay: ${r.part.id})`),
  };
}
