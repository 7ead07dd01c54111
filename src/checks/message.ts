import { defineCheck } from "./check.js";

export const MAX_MESSAGE_CHARACTERS = 1024;

/** Counted in Unicode characters (code points), not bytes or UTF-16 units: 1024 CJK characters are within the limit. */
export const characterCount = (text: string): number => {
  let count = 0;
  for (const _ of text) count++;
  return count;
};

export const messageCheck = defineCheck({
  name: "message",
  description: "The error message (core description, Referrals error.message) is non-empty and at most 1024 characters.",
  rules: {
    empty: { severity: "violation", summary: "the message is non-empty" },
    "too-long": { severity: "violation", summary: `the message is at most ${MAX_MESSAGE_CHARACTERS} characters` },
  },
  appliesTo: { errorBody: true, envelope: true },
  run(_exchange, { body }, report) {
    const message = body.view!.message;
    // Absent or mistyped: the envelope check reports it.
    if (!message || typeof message.value !== "string") return;
    const { pointer: path, value: text } = message;
    const count = characterCount(text);
    if (text.trim() === "") {
      report("empty", { title: `${path} is empty`, expected: "a non-empty message", received: count ? `${count} white-space characters` : '""', path });
    } else if (count > MAX_MESSAGE_CHARACTERS) {
      report("too-long", {
        title: `${path} is longer than ${MAX_MESSAGE_CHARACTERS} characters`,
        expected: `at most ${MAX_MESSAGE_CHARACTERS} characters`,
        received: `${count} characters`,
        path,
      });
    }
  },
});
