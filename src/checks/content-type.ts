import { headerValues } from "../transport/exchange.js";
import { catalogPattern, finding, hasErrorBody, type Check } from "./types.js";

/** Judged only when the body is JSON: a body that is not JSON is the body check's finding, and its label is then truthful. */
export const contentTypeCheck: Check = {
  name: "content-type",
  description: "A JSON error body is labelled with a JSON media type.",
  run(exchange, { body, catalog }) {
    if (!hasErrorBody(exchange) || body.kind !== "json") return [];
    const rule = catalog.headers.contentType;
    const values = headerValues(exchange.response.headers, rule.header);
    if (values.length > 1) {
      // A singleton field (RFC 9110 §8.3): two values leave the client to guess.
      return [finding("content-type", "violation", `${rule.header} is sent ${values.length} times`, "one Content-Type", values.join(" | "), `header:${rule.header}`)];
    }
    const value = values[0];
    if (value !== undefined && catalogPattern(rule.pattern).test(value)) return [];
    return [
      finding("content-type", "violation", "a JSON error body is not labelled as JSON", "application/json; charset=utf-8", value === undefined ? "no Content-Type header" : value, `header:${rule.header}`),
    ];
  },
};
