import { describe, expect, test } from "vitest";
import { toHeaderMap } from "../src/transport/exchange.js";
import { redactText, registerSecret, REDACTED } from "../src/transport/redact.js";
import { renderCurl } from "../src/transport/render-curl.js";

describe("curl reproduction", () => {
  test("replaces the bearer token with $PC_TOKEN and quotes the body", () => {
    const curl = renderCurl({
      method: "POST",
      url: "https://api.partnercenter.microsoft.com/v1/customers",
      headers: toHeaderMap({ Authorization: "Bearer secret.token.value", "Content-Type": "application/json", "Content-Length": "13" }),
      body: Buffer.from(`{"name":"it's"}`),
    });
    expect(curl).toBe(`curl -i -X POST 'https://api.partnercenter.microsoft.com/v1/customers' -H "authorization: Bearer $PC_TOKEN" -H 'content-type: application/json' --data-binary '{"name":"it'\\''s"}'`);
    expect(curl).not.toContain("secret.token.value");
  });

  test("redacts other credentials and renders large bodies by size", () => {
    const curl = renderCurl({ method: "POST", url: "https://x.test/", headers: toHeaderMap({ Authorization: "Basic dXNlcjpwYXNz", "Transfer-Encoding": "chunked" }), body: Buffer.alloc(10_000, "a") });
    expect(curl).toContain(`'authorization: Basic ${REDACTED}'`);
    expect(curl).toContain("--data-binary @<(head -c 10000 /dev/zero | tr '\\0' 'a')");
  });

  test("registered secrets are removed from any text", () => {
    registerSecret("canary-secret-1234");
    expect(redactText("echoed canary-secret-1234 back")).toBe(`echoed ${REDACTED} back`);
  });
});
