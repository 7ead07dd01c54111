import { headerValue } from "../transport/exchange.js";
import { defineCheck } from "./check.js";

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const allowCheck = defineCheck({
  name: "allow",
  description: "Every 405 carries Allow (RFC 9110 §15.5.6), listing methods, and not the method it refused.",
  rules: {
    missing: { severity: "violation", summary: "a 405 carries Allow" },
    empty: { severity: "violation", summary: "Allow names the methods the resource supports (the 405 text: 'a list of valid methods')" },
    "not-methods": { severity: "violation", summary: "Allow is a list of methods (RFC 9110 §10.2.1)" },
    "lists-refused": { severity: "violation", summary: "Allow does not list the method that was refused" },
  },
  appliesTo: { statuses: (rules) => rules.allow.statuses },
  run({ request, response }, { contract }, report) {
    const rule = contract.headers.allow;
    const path = `header:${rule.header}`;
    const value = headerValue(response.headers, rule.header);
    if (value === undefined) {
      report("missing", {
        title: `a ${response.status} without ${rule.header}`,
        expected: "the methods the resource supports, e.g. GET, PATCH",
        received: "no header",
        path,
      });
      return;
    }
    const methods = value
      .split(",")
      .map((m) => m.trim())
      .filter(Boolean);
    if (methods.length === 0) {
      report("empty", {
        title: `${rule.header} lists no method`,
        expected: "the methods the resource supports, e.g. GET, PATCH",
        received: JSON.stringify(value),
        path,
      });
    } else if (methods.some((m) => !TOKEN.test(m))) {
      report("not-methods", { title: `${rule.header} is not a list of methods`, expected: "#method (RFC 9110 §10.2.1)", received: value, path });
    } else if (methods.some((m) => m.toUpperCase() === request.method.toUpperCase())) {
      report("lists-refused", {
        title: `${rule.header} lists the method that was refused`,
        expected: `methods other than ${request.method}`,
        received: value,
        path,
      });
    }
  },
});
