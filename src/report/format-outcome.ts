import type { Finding } from "../checks/check.js";
import type { ProbeOutcome } from "../probes/run-probe.js";
import { headerValue, type Exchange } from "../transport/exchange.js";
import { printableLines } from "../transport/printable.js";
import { redactText } from "../transport/redact.js";
import { reproducer, type Reproducer } from "./reproduce.js";

const MARK = { violation: "✗", deviation: "~" } as const;

function renderFinding(f: Finding): string {
  return [
    `  ${MARK[f.severity]} [${f.rule}] ${f.title}${f.severity === "deviation" ? " (deviation)" : ""}`,
    `      at:       ${f.path}`,
    `      expected: ${f.expected}`,
    `      received: ${f.received}`,
  ].join("\n");
}

/** The ids a service owner searches their logs for. */
export function traceIds(exchange: Exchange): string {
  const sent = ["MS-CorrelationId", "MS-RequestId"].map((n) => `${n}=${headerValue(exchange.request.headers, n) ?? "-"}`);
  const server = ["MS-CV", "Request-ID", "MS-ServerId"].flatMap((n) => {
    const v = headerValue(exchange.response.headers, n);
    return v ? [`${n}=${v}`] : [];
  });
  return [...sent, ...server].join(" ");
}

export function responseSummary(exchange: Exchange): string {
  const r = exchange.response;
  const type = headerValue(r.headers, "content-type") ?? "no Content-Type";
  return `${r.status}, ${r.body.byteLength} bytes, ${type}, ${exchange.timing.durationMs} ms`;
}

/** One message that answers: what was expected, what came back, how to reproduce it. Redacted, and made printable. */
export function formatOutcome(outcome: Extract<ProbeOutcome, { kind: "checked" }>, findings: readonly Finding[], reproduce: Reproducer = reproducer()): string {
  const violations = findings.filter((f) => f.severity === "violation").length;
  const deviations = findings.length - violations;
  const { exchange } = outcome;
  const counts = [
    violations ? `${violations} violation${violations > 1 ? "s" : ""}` : "",
    deviations ? `${deviations} deviation${deviations > 1 ? "s" : ""}` : "",
  ]
    .filter(Boolean)
    .join(", ");
  const body = Buffer.from(exchange.response.body.subarray(0, 600)).toString("utf8");
  return printableLines(
    redactText(
      [
        `${outcome.probe.id}: ${counts} (${outcome.probe.source})`,
        ...findings.map(renderFinding),
        `  response: ${responseSummary(exchange)}${outcome.attempts > 1 ? ` (after ${outcome.attempts} requests)` : ""}`,
        body ? `  body:     ${body.replace(/\s+/g, " ")}${exchange.response.body.byteLength > 600 ? "…" : ""}` : "  body:     (empty)",
        `  trace:    ${traceIds(exchange)}`,
        "Reproduce with:",
        `  ${reproduce(exchange.request)}`,
        ...(outcome.probe.replay ? [`Replay this case (seed ${outcome.probe.seed}):`, `  ${outcome.probe.replay}`] : []),
      ].join("\n"),
    ),
  );
}
