import { codeKey } from "../contract/types.js";
import { finding, hasErrorBody, type Check, type Finding } from "./types.js";

/**
 * Codes the catalog knows must agree with the status. Unknown codes are not findings: both pages say new
 * codes appear. A core mismatch is a deviation because the core page contradicts itself (3000 is 400 in the
 * table and 404 in the worked example; 20002 is 403 in the table and 400 in real traffic).
 */
export const codeStatusCheck: Check = {
  name: "code-status",
  description: "Documented codes agree with the HTTP status (Referrals top-level and inner tables; core numeric table).",
  run(exchange, { body, catalog }) {
    if (!hasErrorBody(exchange)) return [];
    const status = exchange.response.status;
    const findings: Finding[] = [];
    if (body.shape === "referrals") {
      let level = (body.json as { error: Record<string, unknown> }).error;
      let pointer = "/error";
      const top = catalog.referralsTopLevel.get(String(level.code));
      if (top && top.status !== status) {
        findings.push(finding("code-status", "violation", `top-level code ${top.code} is documented for ${top.status}, not ${status}`, `${top.status} for ${top.code} (${top.description})`, `${status}`, `${pointer}/code`));
      }
      for (let depth = 1; depth <= 64; depth++) {
        const key = level.innerError ? "innerError" : level.innererror ? "innererror" : undefined;
        const next = key ? level[key] : undefined;
        if (!next || typeof next !== "object") break;
        level = next as Record<string, unknown>;
        pointer = `${pointer}/${key}`;
        const inner = catalog.referralsInner.get(String(level.code));
        if (inner && inner.status !== status) {
          findings.push(finding("code-status", "violation", `inner code ${inner.code} is documented for ${inner.status}, not ${status}`, `${inner.status} for ${inner.code} (${inner.description})`, `${status}`, `${pointer}/code`));
        }
      }
    } else if (body.shape === "core") {
      const code = (body.json as { code?: unknown }).code;
      if (typeof code !== "string" && typeof code !== "number") return [];
      const documented = catalog.coreCodesByCode.get(String(code)) ?? [];
      if (documented.length && !catalog.coreCodes.has(codeKey(status, code))) {
        const statuses = [...new Set(documented.map((r) => r.status))].join(" or ");
        findings.push(finding("code-status", "deviation", `core code ${code} is documented with ${statuses}, not ${status}`, `${statuses} for ${code} (${documented[0]!.description})`, `${status}`, "/code"));
      }
    }
    return findings;
  },
};
