import type { ApiName } from "../contract/api-profile.js";
import { toHeaderMap, type Exchange, type HeaderMap } from "../transport/exchange.js";
import { redactHeaders, redactText } from "../transport/redact.js";

/** HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), with the harness's own fields prefixed by "_pc". */
export interface HarHeader {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    headers: HarHeader[];
    queryString: HarHeader[];
    cookies: unknown[];
    headersSize: number;
    bodySize: number;
    postData?: { mimeType: string; text: string; encoding?: string; _pcRepeat?: { byte: number; count: number } };
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    headers: HarHeader[];
    cookies: unknown[];
    /** `_pcDecodingProblem`: why the Content-Encoding could not be undone (the text is then the bytes as received). */
    content: { size: number; mimeType: string; text?: string; encoding?: string; _pcDecodingProblem?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  /** The case that sent it, the API that judged it and the statuses the case expected. */
  _pcProbe?: string;
  _pcApi?: ApiName;
  _pcExpected?: number[];
  /** Statuses that are a deviation when they come instead (a lenient service's 2xx). */
  _pcTolerated?: number[];
  /** An edge case (an input the pages give no status): judged by the edge contract. */
  _pcEdge?: true;
}

export interface Har {
  log: {
    version: string;
    creator: { name: string; version: string };
    entries: HarEntry[];
    _pcSeed?: number;
    _pcFuzzRuns?: number;
  };
}

const decoder = new TextDecoder("utf-8", { fatal: true });
/** Request bodies above this are stored by size when they repeat one byte (the 413 probe's filler). */
const REPEAT_THRESHOLD = 64 * 1024;

const harHeaders = (headers: HeaderMap): HarHeader[] =>
  Object.entries(redactHeaders(headers)).flatMap(([name, values]) => values.map((value) => ({ name, value: redactText(value) })));

function bodyText(bytes: Uint8Array): { text: string; encoding?: string } {
  try {
    return { text: redactText(decoder.decode(bytes)) };
  } catch {
    return { text: Buffer.from(bytes).toString("base64"), encoding: "base64" };
  }
}

function requestBody(bytes: Uint8Array, mimeType: string): NonNullable<HarEntry["request"]["postData"]> {
  if (bytes.byteLength > REPEAT_THRESHOLD && bytes.every((b) => b === bytes[0])) {
    return { mimeType, text: "", _pcRepeat: { byte: bytes[0]!, count: bytes.byteLength } };
  }
  return { mimeType, ...bodyText(bytes) };
}

/** What a HAR entry records of the case that sent it. */
export interface RecordedCase {
  id: string;
  api: ApiName;
  expect: { status: readonly number[]; tolerated?: readonly number[]; edge?: true };
}

/** An exchange as a HAR entry, credentials and registered secrets redacted. */
export function toHarEntry(exchange: Exchange, probe?: RecordedCase): HarEntry {
  const { request, response, timing } = exchange;
  const url = new URL(request.url);
  const mime = (headers: HeaderMap) => headers["content-type"]?.[0] ?? "";
  return {
    startedDateTime: timing.startedAt,
    time: timing.durationMs,
    request: {
      method: request.method,
      url: request.url,
      httpVersion: "HTTP/1.1",
      headers: harHeaders(request.headers),
      queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
      cookies: [],
      headersSize: -1,
      bodySize: request.body?.byteLength ?? 0,
      ...(request.body ? { postData: requestBody(request.body, mime(request.headers)) } : {}),
    },
    response: {
      status: response.status,
      statusText: "",
      httpVersion: "HTTP/1.1",
      headers: harHeaders(response.headers),
      cookies: [],
      content: {
        size: response.body.byteLength,
        mimeType: mime(response.headers),
        ...bodyText(response.body),
        ...(response.decodingProblem ? { _pcDecodingProblem: response.decodingProblem } : {}),
      },
      redirectURL: "",
      headersSize: -1,
      bodySize: response.body.byteLength,
    },
    cache: {},
    timings: { send: 0, wait: timing.durationMs, receive: 0 },
    ...(probe
      ? {
          _pcProbe: probe.id,
          _pcApi: probe.api,
          _pcExpected: [...probe.expect.status],
          ...(probe.expect.tolerated ? { _pcTolerated: [...probe.expect.tolerated] } : {}),
          ...(probe.expect.edge ? { _pcEdge: true as const } : {}),
        }
      : {}),
  };
}

const bytesOf = (text: string | undefined, encoding: string | undefined): Uint8Array =>
  text === undefined || text === "" ? new Uint8Array() : new Uint8Array(Buffer.from(text, encoding === "base64" ? "base64" : "utf8"));

/** A HAR entry back as the exchange it recorded. */
export function fromHarEntry(entry: HarEntry): Exchange {
  const post = entry.request.postData;
  const requestBody = post?._pcRepeat ? new Uint8Array(post._pcRepeat.count).fill(post._pcRepeat.byte) : post ? bytesOf(post.text, post.encoding) : undefined;
  return {
    request: {
      method: entry.request.method,
      url: entry.request.url,
      headers: toHeaderMap(entry.request.headers.map((h) => [h.name, h.value] as [string, string])),
      ...(requestBody ? { body: requestBody } : {}),
    },
    response: {
      status: entry.response.status,
      headers: toHeaderMap(entry.response.headers.map((h) => [h.name, h.value] as [string, string])),
      body: bytesOf(entry.response.content.text, entry.response.content.encoding),
      ...(entry.response.content._pcDecodingProblem ? { decodingProblem: entry.response.content._pcDecodingProblem } : {}),
    },
    timing: { startedAt: entry.startedDateTime, durationMs: entry.time },
  };
}
