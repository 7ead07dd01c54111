import { headerValue } from "../transport/exchange.js";
import { finding, type Check } from "./types.js";

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const allowCheck: Check = {
  name: "allow",
  description: "Every 405 carries Allow (RFC 9110 §15.5.6), listing methods, and not the method it refused.",
  run({ request, response }, { catalog }) {
    const rule = catalog.headers.allow;
    if (!rule.statuses.includes(response.status)) return [];
    const path = `header:${rule.header}`;
    const value = headerValue(response.headers, rule.header);
    if (value === undefined) return [finding("allow", "violation", `a ${response.status} without ${rule.header}`, "the methods the resource supports, e.g. GET, PATCH", "no header", path)];
    const methods = value.split(",").map((m) => m.trim()).filter(Boolean);
    if (methods.some((m) => !TOKEN.test(m))) return [finding("allow", "violation", `${rule.header} is not a list of methods`, "#method (RFC 9110 §10.2.1)", value, path)];
    if (methods.some((m) => m.toUpperCase() === request.method.toUpperCase())) {
      return [finding("allow", "violation", `${rule.header} lists the method that was refused`, `methods other than ${request.method}`, value, path)];
    }
    return [];
  },
};
