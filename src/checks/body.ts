import { defineCheck } from "./check.js";

export const bodyCheck = defineCheck({
  name: "body",
  description: "Every 4xx/5xx response carries a body that parses as JSON (a UTF-8 BOM is tolerated and reported).",
  rules: {
    undecodable: { severity: "violation", summary: "the error body's content coding can be undone" },
    empty: { severity: "violation", summary: "an error response carries a body" },
    "known-bodiless": { severity: "deviation", summary: "a status documented or known to come without a body (a 401: the MFA page, the Referrals edge)" },
    "not-json": { severity: "violation", summary: "the error body is JSON" },
    bom: { severity: "deviation", summary: "JSON text starts without a byte order mark (RFC 8259 §8.1)" },
  },
  appliesTo: { errorBody: true },
  run(exchange, { body, contract }, report) {
    const expected = "an error object in JSON";
    if (exchange.response.decodingProblem) {
      report("undecodable", {
        title: "the error body cannot be decoded",
        expected: `${expected}, with a content coding the client can undo`,
        received: exchange.response.decodingProblem,
        path: "header:Content-Encoding",
      });
    } else if (body.kind === "empty") {
      const size = exchange.response.body.byteLength;
      const received = size ? `${size} bytes of white space` : "an empty body";
      const known = contract.statuses.bodiless?.find((b) => b.status === exchange.response.status);
      if (known) report("known-bodiless", { title: `a ${known.status} without a body (${known.source})`, expected, received, path: "/" });
      else report("empty", { title: "the error response has no body", expected, received, path: "/" });
    } else if (body.kind === "not-json") {
      report("not-json", { title: "the error body is not JSON", expected, received: body.notJsonReason ?? "not JSON", path: "/" });
    } else if (body.bom) {
      report("bom", {
        title: "the body starts with a UTF-8 byte order mark",
        expected: "JSON text without a BOM (RFC 8259 §8.1)",
        received: "EF BB BF before the JSON",
        path: "/",
      });
    }
  },
});
