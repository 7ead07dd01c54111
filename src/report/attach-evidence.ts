import * as allure from "allure-js-commons";
import { getGlobalTestRuntime } from "allure-js-commons/sdk/runtime";
import type { BodyAnalysis } from "../checks/analyze-body.js";
import type { Finding } from "../checks/check.js";
import { profileOf } from "../contract/apis/registry.js";
import type { Judgement } from "../gating/judge.js";
import type { ProbeOutcome } from "../probes/run-probe.js";
import type { Exchange } from "../transport/exchange.js";
import { headerLines, redactText } from "../transport/redact.js";
import { responseSummary, traceIds } from "./format-outcome.js";
import { reproducer, type Reproducer } from "./reproduce.js";

function renderBytes(bytes: Uint8Array | undefined, limit: number): string {
  if (!bytes || bytes.byteLength === 0) return "(no body)";
  const more = bytes.byteLength > limit ? `\n… ${bytes.byteLength - limit} more bytes` : "";
  return Buffer.from(bytes.subarray(0, limit)).toString("utf8") + more;
}

/**
 * The response body as the checks read it: JSON pretty-printed from the parse they made, anything else as text; at
 * most 16 KiB of it (an error body is rarely 1 KiB; vitest keeps every attachment of a run until it ends, so 64 KiB
 * a case took a 1 900-case run whose every error was 7 MB past 512 MB).
 */
function renderResponseBody(bytes: Uint8Array, body: BodyAnalysis, limit = 16 * 1024): string {
  if (body.kind === "json" && bytes.byteLength <= limit) {
    try {
      return JSON.stringify(body.json, null, 2);
    } catch {
      // nested too deep to print again: show the bytes
    }
  }
  return renderBytes(bytes, limit);
}

function renderExchange(exchange: Exchange, body: BodyAnalysis): { request: string; response: string } {
  const { request, response } = exchange;
  return {
    request: redactText(`${request.method} ${request.url}\n${headerLines(request.headers)}\n\n${renderBytes(request.body, 4096)}`),
    response: redactText(`${response.status}\n${headerLines(response.headers)}\n\n${renderResponseBody(response.body, body)}`),
  };
}

export interface Attachment {
  name: string;
  content: string;
  type: "text/plain" | "application/json";
}

/**
 * The attachments of one checked exchange, redacted: a passing case gets one (exchange and curl line), a case
 * with findings four (request, response, findings, reproduce). On a slow disk every file the reporter opens costs.
 */
export function renderEvidence(
  outcome: Extract<ProbeOutcome, { kind: "checked" }>,
  findings: readonly Finding[] = outcome.findings,
  reproduce: Reproducer = reproducer(),
): Attachment[] {
  const { request, response } = renderExchange(outcome.exchange, outcome.body);
  const curl = redactText(`${reproduce(outcome.exchange.request)}\n\n# ${traceIds(outcome.exchange)}\n`);
  const summary = responseSummary(outcome.exchange);
  if (findings.length === 0) {
    return [{ name: `exchange ${summary}`, content: `${request}\n\n---\n\n${response}\n\n---\n\n${curl}`, type: "text/plain" }];
  }
  return [
    { name: "request", content: request, type: "text/plain" },
    { name: `response ${summary}`, content: response, type: "text/plain" },
    { name: "findings", content: redactText(JSON.stringify(findings, null, 2)), type: "application/json" },
    { name: "reproduce", content: curl, type: "text/plain" },
  ];
}

export interface EvidenceOptions {
  /** The origin the case was sent to. */
  origin: string;
  /** Attach the exchange (false: labels only, for the passing cases of a fuzz run). */
  attachments: boolean;
  reproduce?: Reproducer;
}

/** Allure metadata of one case, sent as one message where the runtime takes messages (allure-vitest's does). */
interface Metadata {
  labels: { name: string; value: string }[];
  parameters: { name: string; value: string; excluded?: boolean }[];
  links: { url: string; name: string }[];
  description: string;
}

/**
 * One runtime message instead of a dozen: each allure.* call is a message of its own, and at 1 900 cases a run
 * those cost more than the judging. Where the runtime is another (a noop outside vitest), the calls one by one.
 */
async function sendMetadata(data: Metadata): Promise<void> {
  const runtime = getGlobalTestRuntime() as { sendMessage?: (message: { type: "metadata"; data: Metadata }) => Promise<void> };
  if (typeof runtime.sendMessage === "function") return runtime.sendMessage({ type: "metadata", data });
  await allure.labels(...data.labels);
  for (const p of data.parameters) await allure.parameter(p.name, p.value, p.excluded ? { excluded: true } : undefined);
  for (const l of data.links) await allure.link(l.url, l.name);
  await allure.description(data.description);
}

/** Labels, parameters and attachments for the Allure report: which API, which area, which response, how to reproduce it. */
export async function attachEvidence(outcome: ProbeOutcome, judgement: Judgement, options: EvidenceOptions): Promise<void> {
  const { probe } = outcome;
  const profile = profileOf(probe.api);
  // A case that was not judged says why where the report shows it: the parameters and the description.
  const notRun = outcome.kind === "skipped" || outcome.kind === "unavailable" ? outcome.reason : undefined;
  const severity =
    outcome.kind !== "checked"
      ? []
      : [
          {
            name: "severity",
            value: judgement.judged.some((f) => f.severity === "violation") ? "critical" : judgement.judged.length ? "minor" : "normal",
          },
        ];
  await sendMetadata({
    labels: [{ name: "epic", value: profile.title }, { name: "feature", value: probe.area }, { name: "story", value: probe.id }, ...severity],
    parameters: [
      { name: "probe", value: probe.id },
      // Shown, but not part of the case's identity: the bundled mock's port changes every run, and history must not.
      { name: "target", value: options.origin, excluded: true },
      { name: "expected status", value: probe.expect.status.join(" or ") },
      ...(probe.seed !== undefined ? [{ name: "seed", value: String(probe.seed), excluded: true }] : []),
      ...(notRun ? [{ name: "skipped because", value: notRun }] : []),
    ],
    links: [{ url: profile.doc.url, name: profile.doc.name }],
    description: `${probe.method} ${probe.path}\n\nSource: ${probe.source}${notRun ? `\n\nSkipped: ${notRun}` : ""}`,
  });
  if (outcome.kind !== "checked" || !options.attachments) return;
  for (const a of renderEvidence(outcome, outcome.findings, options.reproduce)) await allure.attachment(a.name, a.content, a.type);
}
