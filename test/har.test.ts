import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { finishRecording, recordExchange, startRecording } from "../src/har/har-recorder.js";
import { fromHarEntry, toHarEntry } from "../src/har/har.js";
import { readHar } from "../src/har/read-har.js";
import { ReplayStore } from "../src/har/replay-store.js";
import { registerSecret } from "../src/transport/redact.js";
import { exchange } from "./helpers/exchange.js";

const dir = () => mkdtempSync(join(tmpdir(), "pc-har-"));

describe("HAR entries", () => {
  test("carry the exchange and come back as it, credentials redacted", () => {
    const ex = exchange({ status: 404, body: { code: "1000" }, requestHeaders: { Authorization: "Bearer secret.jwt.value", "MS-RequestId": "r1" } });
    const entry = toHarEntry(ex, { id: "customers.get/x", api: "core", expect: { status: [404] } });
    expect(entry).toMatchObject({ _pcProbe: "customers.get/x", request: { method: "GET" }, response: { status: 404, content: { text: '{"code":"1000"}' } } });
    expect(JSON.stringify(entry)).not.toContain("secret.jwt.value");
    const back = fromHarEntry(entry);
    expect(back.response.status).toBe(404);
    expect(Buffer.from(back.response.body).toString()).toBe('{"code":"1000"}');
    expect(back.request.headers.authorization).toEqual(["Bearer [REDACTED]"]);
  });

  test("keep bytes that are not UTF-8 as base64, and a large one-byte filler by size", () => {
    const ex = exchange({ status: 400, raw: new Uint8Array([0xff, 0xfe, 0x00]) });
    ex.request.body = new Uint8Array(100_000).fill(0x61);
    const entry = toHarEntry(ex);
    expect(entry.response.content).toMatchObject({ encoding: "base64", text: "//4A" });
    expect(entry.request.postData).toMatchObject({ text: "", _pcRepeat: { byte: 0x61, count: 100_000 } });
    const back = fromHarEntry(entry);
    expect([...back.response.body]).toEqual([0xff, 0xfe, 0x00]);
    expect(back.request.body?.byteLength).toBe(100_000);
  });

  test("a secret a target echoes back is redacted in the body too", () => {
    registerSecret("echoed-canary-token-123");
    const entry = toHarEntry(exchange({ status: 400, body: { description: "bad token echoed-canary-token-123" } }));
    expect(entry.response.content.text).not.toContain("echoed-canary-token-123");
  });
});

describe("recording and replay", () => {
  test("parts appended by workers become one HAR 1.2 file the replay store serves in order", () => {
    const har = join(dir(), "run.har");
    startRecording(har);
    for (const status of [200, 429, 404])
      recordExchange(har, exchange({ status, body: {} }), { id: status === 404 ? "b" : "a", api: "core", expect: { status: [200] } });
    expect(finishRecording(har, { seed: 7, fuzzRuns: 0, version: "0.1.0" })).toBe(3);
    const log = JSON.parse(readFileSync(har, "utf8")).log;
    expect(log).toMatchObject({ version: "1.2", creator: { name: "pc-contract" }, _pcSeed: 7 });
    const store = new ReplayStore(har);
    expect([store.next("a")?.response.status, store.next("a")?.response.status, store.next("a")]).toEqual([200, 429, undefined]);
    expect(store.has("b")).toBe(true);
  });

  test.each([
    ["not JSON", "{", /run\.har: file: is not JSON/],
    ["not a HAR", "{}", /run\.har: log: is missing: not a HAR file/],
    ["entries not an array", '{"log":{"entries":{}}}', /run\.har: log\.entries: is not an array/],
    [
      "an entry without a status",
      '{"log":{"entries":[{"request":{"method":"GET","url":"https://x.test/","headers":[]},"response":{"headers":[]}}]}}',
      /run\.har: log\.entries\[0\]\.response: needs a numeric status/,
    ],
    [
      "a relative URL",
      '{"log":{"entries":[{"request":{"method":"GET","url":"/v1","headers":[]},"response":{"status":200,"headers":[],"content":{}}}]}}',
      /log\.entries\[0\]\.request\.url: "\/v1" is not an absolute URL/,
    ],
  ])("a malformed file is refused with its place: %s", (_, text, message) => {
    const file = join(dir(), "run.har");
    writeFileSync(file, text);
    expect(() => readHar(file)).toThrow(message);
  });
});
