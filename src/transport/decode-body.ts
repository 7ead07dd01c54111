import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from "node:zlib";
import { TransportError } from "../errors.js";

const DECODERS: Record<string, (bytes: Buffer, max: number) => Buffer> = {
  gzip: (b, max) => gunzipSync(b, { maxOutputLength: max }),
  "x-gzip": (b, max) => gunzipSync(b, { maxOutputLength: max }),
  // RFC 9110 says zlib-wrapped; some servers send raw deflate: try both.
  deflate: (b, max) => {
    try {
      return inflateSync(b, { maxOutputLength: max });
    } catch (error) {
      if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw error;
      return inflateRawSync(b, { maxOutputLength: max });
    }
  },
  br: (b, max) => brotliDecompressSync(b, { maxOutputLength: max }),
};

export interface Decoded {
  body: Uint8Array;
  /** Why the body could not be decoded; the raw bytes are kept and the body check reports it. */
  problem?: string;
}

/**
 * Undoes Content-Encoding, bounded: decoding stops at `max` bytes, so a compression bomb is a typed
 * oversize failure, not an exhausted heap.
 */
export function decodeBody(raw: Uint8Array, encoding: string | undefined, max: number, method: string, url: string): Decoded {
  if (encoding === undefined) return { body: raw };
  const codings = encoding
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== "identity");
  let body: Buffer = Buffer.from(raw);
  for (const coding of codings.reverse()) {
    const decoder = DECODERS[coding];
    if (!decoder) return { body: raw, problem: `Content-Encoding ${coding} is not one the harness can decode` };
    try {
      body = decoder(body, max);
    } catch (error) {
      if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
        throw new TransportError(
          "oversize",
          method,
          url,
          `the ${coding} body decodes to more than ${max} bytes (${raw.byteLength} bytes on the wire): a compression bomb?`,
        );
      }
      return { body: raw, problem: `the ${coding} body does not decode: ${(error as Error).message}` };
    }
  }
  return { body: new Uint8Array(body) };
}
