import { headerValue } from "../transport/exchange.js";
import { defineCheck } from "./check.js";

const DELAY_SECONDS = /^\d+$/;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const LONG_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
// RFC 9110 §5.6.7: IMF-fixdate, which senders must generate, and the two obsolete forms recipients must accept.
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC850 =
  /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

export interface HttpDate {
  form: "IMF-fixdate" | "rfc850-date" | "asctime-date";
  /** The date exists and falls on the weekday it names (31 February does not; Date.parse would roll it over). */
  real: boolean;
}

function real(weekday: number, day: number, month: number, year: number, h: number, m: number, s: number): boolean {
  const date = new Date(Date.UTC(year, month, day, h, m, s));
  return date.getUTCDate() === day && date.getUTCMonth() === month && date.getUTCDay() === weekday && h < 24 && m < 60 && s < 61;
}

/** Reads an HTTP-date in any of its three forms, or undefined when it is none. */
export function parseHttpDate(value: string): HttpDate | undefined {
  let m = IMF_FIXDATE.exec(value);
  if (m)
    return {
      form: "IMF-fixdate",
      real: real(DAYS.indexOf(m[1]!), Number(m[2]), MONTHS.indexOf(m[3]!), Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7])),
    };
  m = RFC850.exec(value);
  if (m) {
    // A two-digit year more than 50 years ahead is in the past century (RFC 9110 §5.6.7).
    const yy = Number(m[4]);
    const year = 2000 + yy > new Date().getUTCFullYear() + 50 ? 1900 + yy : 2000 + yy;
    return { form: "rfc850-date", real: real(LONG_DAYS.indexOf(m[1]!), Number(m[2]), MONTHS.indexOf(m[3]!), year, Number(m[5]), Number(m[6]), Number(m[7])) };
  }
  m = ASCTIME.exec(value);
  if (m)
    return {
      form: "asctime-date",
      real: real(DAYS.indexOf(m[1]!), Number(m[3]!.trim()), MONTHS.indexOf(m[2]!), Number(m[7]), Number(m[4]), Number(m[5]), Number(m[6])),
    };
  return undefined;
}

export const isRetryAfter = (value: string): boolean => DELAY_SECONDS.test(value) || parseHttpDate(value)?.real === true;

export const retryAfterCheck = defineCheck({
  name: "retry-after",
  description:
    "A 429 carries Retry-After (on the core API; the Referrals page names no header), and wherever Retry-After appears it is delay-seconds or an HTTP-date.",
  rules: {
    missing: { severity: "violation", summary: "a core 429 carries Retry-After (the throttling page); on Referrals its absence is a deviation" },
    malformed: { severity: "violation", summary: "Retry-After is delay-seconds or an HTTP-date (RFC 9110 §10.2.3)" },
    "obsolete-date": {
      severity: "deviation",
      summary: "an HTTP-date in an obsolete form (rfc850, asctime): recipients must accept it, senders must not send it",
    },
    "impossible-date": { severity: "violation", summary: "an HTTP-date that does not exist (31 February, a wrong weekday)" },
  },
  run({ response }, { contract }, report) {
    const rule = contract.headers.retryAfter;
    const raw = headerValue(response.headers, rule.header);
    const path = `header:${rule.header}`;
    if (raw === undefined) {
      if (rule.requiredOn.includes(response.status)) {
        report("missing", {
          title: `a ${response.status} without ${rule.header}`,
          expected: "delay-seconds or an HTTP-date",
          received: "no header",
          path,
          severity: rule.missingSeverity,
        });
      }
      return;
    }
    const value = raw.trim();
    if (DELAY_SECONDS.test(value)) return;
    const date = parseHttpDate(value);
    const expected = "delay-seconds (e.g. 57) or an IMF-fixdate (e.g. Sun, 22 Nov 2026 10:00:00 GMT)";
    if (!date) report("malformed", { title: `${rule.header} is malformed`, expected, received: raw, path });
    else if (!date.real) report("impossible-date", { title: `${rule.header} names a date that does not exist`, expected, received: raw, path });
    else if (date.form !== "IMF-fixdate")
      report("obsolete-date", { title: `${rule.header} is an HTTP-date in the obsolete ${date.form} form`, expected, received: raw, path });
  },
});
