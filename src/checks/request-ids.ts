import { headerValue } from "../transport/exchange.js";
import { finding, type Check, type Finding } from "./types.js";

export const requestIdsCheck: Check = {
  name: "request-ids",
  description: "The MS-CorrelationId and MS-RequestId the request sent come back unchanged.",
  run({ request, response }, { catalog }) {
    const findings: Finding[] = [];
    for (const name of catalog.headers.requestIds.headers) {
      const sent = headerValue(request.headers, name);
      if (sent === undefined) continue;
      const back = headerValue(response.headers, name);
      if (back === undefined) {
        findings.push(finding("request-ids", "deviation", `${name} is not echoed`, sent, "no header", `header:${name}`));
      } else if (back.toLowerCase() !== sent.toLowerCase()) {
        findings.push(finding("request-ids", "violation", `${name} comes back different from what was sent`, sent, back, `header:${name}`));
      }
    }
    return findings;
  },
};
