import { headerValue } from "../transport/exchange.js";
import { defineCheck } from "./check.js";

const DELAY_SECONDS = /^\d+$/;
// IMF-fixdate, the form RFC 9110 §5.6.7 requires senders to generate.
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

export const isRetryAfter = (value: string): boolean => DELAY_SECONDS.test(value) || (IMF_FIXDATE.test(value) && !Number.isNaN(Date.parse(value)));

export const retryAfterCheck = defineCheck({
  name: "retry-after",
  description: "A 429 carries Retry-After, and wherever Retry-After appears it is delay-seconds or an HTTP-date.",
  rules: {
    missing: { severity: "violation", summary: "a 429 carries Retry-After (the throttling page)" },
    malformed: { severity: "violation", summary: "Retry-After is delay-seconds or an HTTP-date (RFC 9110 §10.2.3)" },
  },
  run({ response }, { contract }, report) {
    const rule = contract.headers.retryAfter;
    const value = headerValue(response.headers, rule.header);
    const path = `header:${rule.header}`;
    if (value === undefined) {
      if (rule.requiredOn.includes(response.status))
        report("missing", { title: `a ${response.status} without ${rule.header}`, expected: "delay-seconds or an HTTP-date", received: "no header", path });
    } else if (!isRetryAfter(value.trim())) {
      report("malformed", {
        title: `${rule.header} is malformed`,
        expected: "delay-seconds (e.g. 57) or an HTTP-date (e.g. Sun, 22 Nov 2026 10:00:00 GMT)",
        received: value,
        path,
      });
    }
  },
});
