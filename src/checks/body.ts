import { finding, hasErrorBody, type Check } from "./types.js";

export const bodyCheck: Check = {
  name: "body",
  description: "Every 4xx/5xx response carries a body that parses as JSON (a UTF-8 BOM is tolerated and reported).",
  run(exchange, { body }) {
    if (!hasErrorBody(exchange)) return [];
    if (exchange.response.decodingProblem) {
      return [finding("body", "violation", "the error body cannot be decoded", "an error object in JSON, with a content coding the client can undo", exchange.response.decodingProblem, "header:Content-Encoding")];
    }
    const size = exchange.response.body.byteLength;
    if (body.kind === "empty") {
      return [finding("body", "violation", "the error response has no body", "an error object in JSON", size ? `${size} bytes of white space` : "an empty body", "/")];
    }
    if (body.kind === "not-json") {
      return [finding("body", "violation", "the error body is not JSON", "an error object in JSON", body.notJsonReason ?? "not JSON", "/")];
    }
    if (body.bom) {
      return [finding("body", "deviation", "the body starts with a UTF-8 byte order mark", "JSON text without a BOM (RFC 8259 §8.1)", "EF BB BF before the JSON", "/")];
    }
    return [];
  },
};
