import { defineCheck } from "./check.js";

export const MAX_MESSAGE_CHARACTERS = 1024;

const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });

/** Code points, not bytes: UTF-16 units less the second half of each surrogate pair (no string per character). */
export const characterCount = (text: string): number => {
  let pairs = 0;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        pairs++;
        i++;
      }
    }
  }
  return text.length - pairs;
};

/**
 * The pages say "1024 characters" without a unit, and the service is .NET, whose string length counts UTF-16
 * units. The three measures a reader might mean; they differ for astral characters (emoji) and combining marks.
 */
export function measures(text: string): { "UTF-16 units": number; "code points": number; graphemes: number } {
  const units = text.length;
  // Each measure is at most the one before: when the largest is within the bound, so are the others.
  if (units <= MAX_MESSAGE_CHARACTERS) return { "UTF-16 units": units, "code points": units, graphemes: units };
  return { "UTF-16 units": units, "code points": characterCount(text), graphemes: graphemeCount(text) };
}

/** Graphemes are counted up to this many; a longer message is "more than" it (the bound is 1024 either way). */
export const GRAPHEME_COUNT_CAP = 4096;
const CHUNK = 4096;

/**
 * Grapheme clusters, counted a chunk at a time: Intl.Segmenter slows down with the length of the whole string
 * (a 7 MB message would take minutes), so each chunk is segmented alone and its last cluster, which the cut
 * may have split, is carried into the next chunk. Stops past GRAPHEME_COUNT_CAP.
 */
export function graphemeCount(text: string): number {
  let count = 0;
  let start = 0;
  while (start < text.length && count <= GRAPHEME_COUNT_CAP) {
    const end = start + CHUNK;
    if (end >= text.length) {
      for (const _ of segmenter.segment(text.slice(start))) count++;
      break;
    }
    let last = 0;
    let inChunk = 0;
    for (const { index } of segmenter.segment(text.slice(start, end))) {
      last = index;
      inChunk++;
    }
    // Everything before the chunk's last cluster is whole; that cluster is counted with the next chunk.
    count += inChunk - 1;
    start += last > 0 ? last : end - start;
  }
  return count;
}

/** White space and the invisible characters that render as nothing (zero-width space, joiners, word joiner, BOM). */
const BLANK = /^[\s\u200b-\u200d\u2060\ufeff]*$/u;

export const messageCheck = defineCheck({
  name: "message",
  description: "The error message (core description, Referrals error.message) is non-empty and at most 1024 characters, by every measure of a character.",
  rules: {
    empty: { severity: "violation", summary: 'the message is non-empty ("Non-null, non-empty")' },
    blank: { severity: "deviation", summary: "the message is more than white space or invisible characters (non-empty by the letter, empty to a reader)" },
    "too-long": { severity: "violation", summary: `the message is at most ${MAX_MESSAGE_CHARACTERS} characters: a violation when every measure exceeds it` },
    "length-unit": { severity: "deviation", summary: `the measures of a character disagree on whether the message is within ${MAX_MESSAGE_CHARACTERS}` },
  },
  appliesTo: { errorBody: true, errorsInSuccess: true, envelope: true },
  run(_exchange, { body }, report) {
    const message = body.view!.message;
    // Absent or mistyped: the envelope check reports it.
    if (!message || typeof message.value !== "string") return;
    const { pointer: path, value: text } = message;
    if (text === "") {
      report("empty", { title: `${path} is empty`, expected: "a non-empty message", received: '""', path });
      return;
    }
    if (BLANK.test(text)) {
      report("blank", {
        title: `${path} holds only white space or invisible characters`,
        expected: "a message a reader can read",
        received: JSON.stringify(text.slice(0, 40)),
        path,
      });
      return;
    }
    const counted = measures(text);
    const over = Object.entries(counted).filter(([, n]) => n > MAX_MESSAGE_CHARACTERS);
    if (over.length === 0) return;
    const said = Object.entries(counted)
      .map(([unit, n]) => `${unit === "graphemes" && n > GRAPHEME_COUNT_CAP ? `more than ${GRAPHEME_COUNT_CAP}` : n} ${unit}`)
      .join(", ");
    const expected = `at most ${MAX_MESSAGE_CHARACTERS} characters`;
    if (over.length === 3)
      report("too-long", { title: `${path} is longer than ${MAX_MESSAGE_CHARACTERS} characters by every measure`, expected, received: said, path });
    else
      report("length-unit", {
        title: `${path} is over ${MAX_MESSAGE_CHARACTERS} in ${over.map(([u]) => u).join(" and ")} only`,
        expected,
        received: said,
        path,
      });
  },
});
