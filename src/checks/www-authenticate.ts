import { headerValue } from "../transport/exchange.js";
import { catalogPattern, defineCheck } from "./check.js";

export const wwwAuthenticateCheck = defineCheck({
  name: "www-authenticate",
  description: "Every 401 carries WWW-Authenticate (RFC 9110 §11.6.1), in the form the API documents where it documents one.",
  rules: {
    missing: { severity: "deviation", summary: "a 401 carries a WWW-Authenticate challenge (RFC 9110 MUST; the core page 'could', real Referrals 401s none)" },
    form: { severity: "deviation", summary: "the challenge has the documented form (core: OAuth realm=...)" },
  },
  appliesTo: { statuses: (rules) => rules.wwwAuthenticate.statuses },
  run({ response }, { contract }, report) {
    const rule = contract.headers.wwwAuthenticate;
    const value = headerValue(response.headers, rule.header);
    const path = `header:${rule.header}`;
    if (value === undefined || value.trim() === "") {
      report("missing", {
        title: `a ${response.status} without ${rule.header}`,
        expected: "a challenge, e.g. OAuth realm=urn:cpsvc:cpid:{cid}",
        received: "no header",
        path,
        severity: rule.missingSeverity,
      });
    } else if (rule.form && !catalogPattern(rule.form.pattern).test(value)) {
      report("form", {
        title: `${rule.header} is not in the documented form`,
        expected: `a value matching ${rule.form.pattern}`,
        received: value,
        path,
        severity: rule.form.severity,
      });
    }
  },
});
