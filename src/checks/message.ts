import { finding, hasErrorBody, type Check } from "./types.js";

export const MAX_MESSAGE_CHARACTERS = 1024;

/** Counted in Unicode characters (code points), not bytes or UTF-16 units: 1024 CJK characters are within the limit. */
export const characterCount = (text: string): number => {
  let count = 0;
  for (const _ of text) count++;
  return count;
};

export const messageCheck: Check = {
  name: "message",
  description: "description (core) / error.message (Referrals) is non-empty and at most 1024 characters.",
  run(exchange, { body }) {
    if (!hasErrorBody(exchange) || (body.shape !== "core" && body.shape !== "referrals")) return [];
    const json = body.json as Record<string, unknown>;
    const [path, text] = body.shape === "core" ? ["/description", json.description] : ["/error/message", (json.error as Record<string, unknown>).message];
    if (typeof text !== "string") return []; // absent or mistyped: the envelope check reports it
    const count = characterCount(text);
    if (text.trim() === "") {
      return [finding("message", "violation", `${path} is empty`, "a non-empty message", count ? `${count} white-space characters` : '""', path)];
    }
    if (count > MAX_MESSAGE_CHARACTERS) {
      return [finding("message", "violation", `${path} is longer than ${MAX_MESSAGE_CHARACTERS} characters`, `at most ${MAX_MESSAGE_CHARACTERS} characters`, `${count} characters`, path)];
    }
    return [];
  },
};
