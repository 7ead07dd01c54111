import { defineCheck } from "./check.js";

/** What betrays the service's insides in an error meant for its caller, each with what it is called in a finding. */
const LEAKS: readonly { what: string; pattern: RegExp }[] = [
  // .NET "   at Ns.Type.Method(Args) in C:\src\File.cs:line 42", Java "at com.x.Y.m(Y.java:12)", Node "at fn (file.js:1:2)".
  { what: "a stack frame", pattern: /(?:^|\s)at [\w$.<>`[\]]+(?:\.[\w$<>`[\]]+)*\s?\([^)]*\)(?: in [^\n]*:line \d+)?/ },
  { what: "a stack frame", pattern: /(?:^|\s)at [\w$.<>`]+ \([^)]*:\d+:\d+\)/ },
  { what: "a .NET exception type", pattern: /\b(?:System|Microsoft)(?:\.[A-Z]\w*)+Exception\b/ },
  { what: "an exception type", pattern: /\b[A-Z]\w*(?:Reference|Argument|InvalidOperation|Sql|Timeout|Http|IO|Format|KeyNotFound|Aggregate|Null)Exception\b/ },
  { what: "a source file path", pattern: /\b[A-Za-z]:\\(?:[^\\\s"<>|]+\\)+[^\\\s"<>|]+\.(?:cs|vb|dll|exe|config|java|js|ts|py)\b/ },
  { what: "a source file path", pattern: /(?:^|[\s"'(])\/(?:home|usr|var|opt|src|app|build|agent)\/[\w.\-/]+\.(?:cs|dll|java|js|ts|py|go|rb)\b/ },
  // Upper-case keywords with SQL's shape (a star, a column list, TOP n): "Select a country from the list" is no SQL.
  {
    what: "an SQL fragment",
    pattern:
      /\b(?:SELECT\s+(?:\*|TOP\s+\d+|[\w.[\]]+(?:\s*,\s*[\w.[\]]+)+)\s+FROM\s+[\w.[\]]+|INSERT\s+INTO\s+[\w.[\]]+|UPDATE\s+[\w.[\]]+\s+SET\s+\w+\s*=|DELETE\s+FROM\s+[\w.[\]]+)/,
  },
  { what: "an SQL error", pattern: /\b(?:ORA-\d{5}|SQLSTATE\[\w+\]|Msg \d+, Level \d+, State \d+)/ },
  { what: "an internal host name", pattern: /\b[\w-]+(?:\.[\w-]+)*\.(?:corp\.microsoft\.com|internal|intranet|corp|local)\b/i },
  { what: "a private IP address", pattern: /\b(?:10\.\d{1,3}|192\.168|172\.(?:1[6-9]|2\d|3[01]))\.\d{1,3}\.\d{1,3}\b/ },
];

/** One pass over a text finds whether any leak is there at all (the usual answer is no): the case-sensitive patterns, then the others. */
const ANY_LEAK = [false, true].map(
  (insensitive) =>
    new RegExp(
      LEAKS.filter((l) => l.pattern.flags.includes("i") === insensitive)
        .map((l) => `(?:${l.pattern.source})`)
        .join("|"),
      insensitive ? "i" : "",
    ),
);
const mayLeak = (text: string) => ANY_LEAK.some((re) => re.test(text));

/** Every string in the body with its JSON pointer, walked without recursion: a hostile body is read only so deep and so far. */
function strings(root: unknown): { pointer: string; text: string }[] {
  const out: { pointer: string; text: string }[] = [];
  const stack: { value: unknown; pointer: string; depth: number }[] = [{ value: root, pointer: "", depth: 0 }];
  for (let nodes = 0; stack.length && nodes < 10_000; nodes++) {
    const { value, pointer, depth } = stack.pop()!;
    if (typeof value === "string") out.push({ pointer, text: value.slice(0, 16_384) });
    else if (depth >= 64 || !value || typeof value !== "object") continue;
    else if (Array.isArray(value)) value.forEach((item, i) => stack.push({ value: item, pointer: `${pointer}/${i}`, depth: depth + 1 }));
    else
      for (const [key, item] of Object.entries(value))
        stack.push({ value: item, pointer: `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`, depth: depth + 1 });
  }
  return out;
}

export const hygieneCheck = defineCheck({
  name: "hygiene",
  description:
    "An error tells its caller what went wrong, not how the service is built: no stack frame, exception type, source path, SQL or internal host name in any of its texts (OWASP error handling; EvoMaster and CATS check the same).",
  rules: {
    leak: {
      severity: "deviation",
      summary:
        "an error's texts carry no stack frame, exception type, source path, SQL fragment or internal host name (the pages document none; a deviation, quoting what matched)",
    },
  },
  appliesTo: { errorBody: true, json: true },
  run(_exchange, { body }, report) {
    // Popped last child first: the texts that may leak, sorted back, so the leak named is the first a reader meets.
    const suspects = strings(body.json)
      .filter((s) => mayLeak(s.text))
      .sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
    for (const { pointer, text } of suspects) {
      const leak = LEAKS.map((l) => ({ what: l.what, match: l.pattern.exec(text) })).find((l) => l.match);
      if (!leak) continue;
      report("leak", {
        title: `${pointer || "the body"} carries ${leak.what}`,
        expected: "a message for the caller, without the service's insides",
        received: JSON.stringify(leak.match![0].trim().slice(0, 120)),
        path: pointer || "/",
      });
      return;
    }
  },
});
