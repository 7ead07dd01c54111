import { headerValues } from "../transport/exchange.js";
import { catalogPattern, defineCheck } from "./check.js";

/** Judged only when the body is JSON: a body that is not JSON is the body check's finding, and its label is then truthful. */
export const contentTypeCheck = defineCheck({
  name: "content-type",
  description: "A JSON error body is labelled with a JSON media type, once.",
  rules: {
    repeated: { severity: "violation", summary: "Content-Type is sent once (a singleton field, RFC 9110 §8.3)" },
    "not-json": { severity: "violation", summary: "a JSON error body is labelled with the API's JSON media type" },
    "known-type": { severity: "deviation", summary: "a media type some routes declare for JSON (text/json)" },
    charset: { severity: "deviation", summary: "the declared charset is UTF-8, which the body is read as" },
  },
  appliesTo: { errorBody: true, json: true },
  run(exchange, { contract }, report) {
    const rule = contract.headers.contentType;
    const values = headerValues(exchange.response.headers, rule.header);
    const path = `header:${rule.header}`;
    if (values.length > 1) {
      report("repeated", { title: `${rule.header} is sent ${values.length} times`, expected: "one Content-Type", received: values.join(" | "), path });
      return;
    }
    const value = values[0];
    const expected = `application/json; charset=${rule.charset ?? "utf-8"}`;
    if (value === undefined || !catalogPattern(rule.pattern).test(value)) {
      const known = value !== undefined ? rule.tolerated?.find((t) => catalogPattern(t.pattern).test(value)) : undefined;
      if (known) report("known-type", { title: `a JSON error body labelled ${value} (${known.source})`, expected, received: value!, path });
      else report("not-json", { title: "a JSON error body is not labelled as JSON", expected, received: value ?? "no Content-Type header", path });
    }
    const charset = value === undefined ? undefined : /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(value)?.[1];
    if (charset && rule.charset && charset.toLowerCase().replace(/^utf8$/, "utf-8") !== rule.charset.toLowerCase()) {
      report("charset", { title: `the body is declared ${charset}, but read as ${rule.charset.toUpperCase()}`, expected, received: value!, path });
    }
  },
});
