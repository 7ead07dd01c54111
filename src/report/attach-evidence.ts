import * as allure from "allure-js-commons";
import type { ProbeOutcome } from "../probes/run-probe.js";
import type { Target } from "../probes/target.js";
import type { Exchange, HeaderMap } from "../transport/exchange.js";
import { redactHeaders, redactText } from "../transport/redact.js";
import { renderCurl } from "../transport/render-curl.js";
import { responseSummary, traceIds } from "./format-outcome.js";

const renderHeaders = (headers: HeaderMap) =>
  Object.entries(redactHeaders(headers))
    .flatMap(([name, values]) => values.map((v) => `${name}: ${v}`))
    .join("\n");

function renderBody(bytes: Uint8Array | undefined, limit = 64 * 1024): string {
  if (!bytes || bytes.byteLength === 0) return "(no body)";
  const text = Buffer.from(bytes.subarray(0, limit)).toString("utf8");
  const more = bytes.byteLength > limit ? `\n… ${bytes.byteLength - limit} more bytes` : "";
  try {
    return JSON.stringify(JSON.parse(text), null, 2) + more;
  } catch {
    return text + more;
  }
}

function renderExchange(exchange: Exchange): { request: string; response: string } {
  const { request, response } = exchange;
  return {
    request: redactText(`${request.method} ${request.url}\n${renderHeaders(request.headers)}\n\n${renderBody(request.body, 4096)}`),
    response: redactText(`${response.status}\n${renderHeaders(response.headers)}\n\n${renderBody(response.body)}`),
  };
}

/** The documented section each API's cases are judged by. */
const DOCUMENTED = {
  core: { url: "https://learn.microsoft.com/partner-center/developer/error-codes", name: "Partner Center REST error codes" },
  referrals: { url: "https://learn.microsoft.com/partner-center/developer/referrals-api-response-codes", name: "Referrals API response codes" },
} as const;

export interface Attachment {
  name: string;
  content: string;
  type: "text/plain" | "application/json";
}

/**
 * The attachments of one checked exchange, redacted: a passing case gets one (exchange and curl line), a case
 * with findings four (request, response, findings, reproduce). On a slow disk every file the reporter opens costs.
 */
export function renderEvidence(outcome: Extract<ProbeOutcome, { kind: "checked" }>): Attachment[] {
  const { request, response } = renderExchange(outcome.exchange);
  const reproduce = redactText(`${renderCurl(outcome.exchange.request)}\n\n# ${traceIds(outcome.exchange)}\n`);
  const summary = responseSummary(outcome.exchange);
  if (outcome.findings.length === 0) {
    return [{ name: `exchange ${summary}`, content: `${request}\n\n---\n\n${response}\n\n---\n\n${reproduce}`, type: "text/plain" }];
  }
  return [
    { name: "request", content: request, type: "text/plain" },
    { name: `response ${summary}`, content: response, type: "text/plain" },
    { name: "findings", content: redactText(JSON.stringify(outcome.findings, null, 2)), type: "application/json" },
    { name: "reproduce", content: reproduce, type: "text/plain" },
  ];
}

/** Labels, parameters and attachments for the Allure report: which API, which area, which response, how to reproduce it. */
export async function attachEvidence(outcome: ProbeOutcome, target: Target, attachments = true): Promise<void> {
  const { probe } = outcome;
  await allure.epic(probe.api === "core" ? "Core API" : "Referrals API");
  await allure.feature(probe.area);
  await allure.story(probe.id);
  await allure.parameter("probe", probe.id);
  await allure.parameter("target", target.origins[probe.api]);
  await allure.parameter("expected status", probe.expect.status.join(" or "));
  if (probe.seed !== undefined) await allure.parameter("seed", String(probe.seed));
  await allure.description(`${probe.method} ${probe.path}\n\nSource: ${probe.source}`);
  await allure.link(DOCUMENTED[probe.api].url, DOCUMENTED[probe.api].name);
  if (outcome.kind !== "checked") return;
  const severity = outcome.findings.some((f) => f.severity === "violation") ? "critical" : outcome.findings.length ? "minor" : "normal";
  await allure.severity(severity);
  if (!attachments) return;
  for (const a of renderEvidence(outcome)) await allure.attachment(a.name, a.content, a.type);
}
