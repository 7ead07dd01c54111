import { defineCheck } from "./check.js";

export const bodyCheck = defineCheck({
  name: "body",
  description: "Every 4xx/5xx response carries a body that parses as JSON (a UTF-8 BOM is tolerated and reported).",
  rules: {
    undecodable: { severity: "violation", summary: "the error body's content coding can be undone" },
    empty: { severity: "violation", summary: "an error response carries a body" },
    "not-json": { severity: "violation", summary: "the error body is JSON" },
    bom: { severity: "deviation", summary: "JSON text starts without a byte order mark (RFC 8259 §8.1)" },
  },
  appliesTo: { errorBody: true },
  run(exchange, { body }, report) {
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
      report("empty", { title: "the error response has no body", expected, received: size ? `${size} bytes of white space` : "an empty body", path: "/" });
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
