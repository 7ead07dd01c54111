/**
 * Text from a target, a HAR file or a baseline, made safe for a terminal or a log: the console shows it, never
 * obeys it. C0 and C1 control characters (ESC, NUL, backspace, carriage return ...), DEL, and the bidi overrides
 * and isolates that reorder what a reader sees are written as escapes (\x1b, \u202e). Line breaks are kept only
 * where the harness itself breaks lines: pass one line at a time.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export const printable = (text: string): string =>
  text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });

/** Whether the text holds anything printable() would escape, line breaks (\n) and tabs aside. */
export function hasUnsafe(text: string): boolean {
  const kept = text.replace(/[\n\t]/g, "");
  return printable(kept) !== kept;
}

/** A message of several lines of the harness's own, each line made printable. */
export const printableLines = (text: string): string => text.split("\n").map(printable).join("\n");
