import { headerValues } from "../transport/exchange.js";
import { catalogPattern, defineCheck } from "./check.js";

/** Judged only when the body is JSON: a body that is not JSON is the body check's finding, and its label is then truthful. */
export const contentTypeCheck = defineCheck({
  name: "content-type",
  description: "A JSON error body is labelled with a JSON media type, once.",
  rules: {
    repeated: { severity: "violation", summary: "Content-Type is sent once (a singleton field, RFC 9110 §8.3)" },
    "not-json": { severity: "violation", summary: "a JSON error body is labelled with the API's JSON media type" },
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
    if (value !== undefined && catalogPattern(rule.pattern).test(value)) return;
    report("not-json", {
      title: "a JSON error body is not labelled as JSON",
      expected: "application/json; charset=utf-8",
      received: value ?? "no Content-Type header",
      path,
    });
  },
});
