import { headerValue } from "../transport/exchange.js";
import { catalogPattern, finding, type Check } from "./types.js";

export const wwwAuthenticateCheck: Check = {
  name: "www-authenticate",
  description: "Every 401 carries WWW-Authenticate (RFC 9110); on the core API in the documented 'OAuth realm=...' form.",
  run({ response }, { api, catalog }) {
    const rule = catalog.headers.wwwAuthenticate;
    if (!rule.statuses.includes(response.status)) return [];
    const value = headerValue(response.headers, rule.header);
    const path = `header:${rule.header}`;
    if (value === undefined || value.trim() === "") {
      return [finding("www-authenticate", "violation", `a ${response.status} without ${rule.header}`, "a challenge, e.g. OAuth realm=urn:cpsvc:cpid:{cid}", "no header", path)];
    }
    const form = rule.form[api];
    if (form && !catalogPattern(form.pattern).test(value)) {
      return [finding("www-authenticate", form.severity, `${rule.header} is not in the documented form`, "OAuth realm=urn:cpsvc:cpid:{cid}", value, path)];
    }
    return [];
  },
};
