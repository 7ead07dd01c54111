import { headerValue } from "../transport/exchange.js";
import { finding, type Check } from "./types.js";

const DELAY_SECONDS = /^\d+$/;
// IMF-fixdate, the form RFC 9110 §5.6.7 requires senders to generate.
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

export const isRetryAfter = (value: string): boolean =>
  DELAY_SECONDS.test(value) || (IMF_FIXDATE.test(value) && !Number.isNaN(Date.parse(value)));

export const retryAfterCheck: Check = {
  name: "retry-after",
  description: "A 429 carries Retry-After, and wherever Retry-After appears it is delay-seconds or an HTTP-date.",
  run({ response }, { catalog }) {
    const rule = catalog.headers.retryAfter;
    const value = headerValue(response.headers, rule.header);
    const path = `header:${rule.header}`;
    if (value === undefined) {
      return rule.requiredOn.includes(response.status)
        ? [finding("retry-after", "violation", `a ${response.status} without ${rule.header}`, "delay-seconds or an HTTP-date", "no header", path)]
        : [];
    }
    if (!isRetryAfter(value.trim())) {
      return [finding("retry-after", "violation", `${rule.header} is malformed`, "delay-seconds (e.g. 57) or an HTTP-date (e.g. Sun, 22 Nov 2026 10:00:00 GMT)", value, path)];
    }
    return [];
  },
};
