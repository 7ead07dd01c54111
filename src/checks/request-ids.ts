import { headerValue } from "../transport/exchange.js";
import { defineCheck } from "./check.js";

export const requestIdsCheck = defineCheck({
  name: "request-ids",
  description: "The request ids the request sent (MS-CorrelationId, MS-RequestId) come back unchanged.",
  rules: {
    "not-echoed": { severity: "deviation", summary: "a request id that was sent comes back" },
    changed: { severity: "violation", summary: "a request id comes back as it was sent" },
  },
  run({ request, response }, { contract }, report) {
    for (const name of contract.headers.requestIds.headers) {
      const sent = headerValue(request.headers, name);
      if (sent === undefined) continue;
      const back = headerValue(response.headers, name);
      const path = `header:${name}`;
      if (back === undefined) report("not-echoed", { title: `${name} is not echoed`, expected: sent, received: "no header", path });
      else if (back.toLowerCase() !== sent.toLowerCase())
        report("changed", { title: `${name} comes back different from what was sent`, expected: sent, received: back, path });
    }
  },
});
