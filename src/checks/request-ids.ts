import { headerValue } from "../transport/exchange.js";
import { defineCheck } from "./check.js";

export const requestIdsCheck = defineCheck({
  name: "request-ids",
  description:
    "The request ids the API echoes (core: MS-CorrelationId, MS-RequestId) come back unchanged; the trace id it answers with (Referrals: Request-ID) is there.",
  rules: {
    "not-echoed": { severity: "deviation", summary: "a request id that was sent comes back" },
    changed: { severity: "violation", summary: "a request id comes back as it was sent" },
    "trace-missing": { severity: "deviation", summary: "the trace id the API's examples answer with (Referrals: Request-ID) is there" },
  },
  run({ request, response }, { contract }, report) {
    const rule = contract.headers.requestIds;
    for (const name of rule.echoed) {
      const sent = headerValue(request.headers, name);
      if (sent === undefined) continue;
      const back = headerValue(response.headers, name);
      const path = `header:${name}`;
      if (back === undefined) report("not-echoed", { title: `${name} is not echoed`, expected: sent, received: "no header", path });
      else if (back.toLowerCase() !== sent.toLowerCase())
        report("changed", { title: `${name} comes back different from what was sent`, expected: sent, received: back, path });
    }
    for (const name of rule.present) {
      if (headerValue(response.headers, name) === undefined)
        report("trace-missing", { title: `no ${name} header`, expected: `a ${name} to trace the call by`, received: "no header", path: `header:${name}` });
    }
  },
});
