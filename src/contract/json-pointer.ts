/** RFC 6901 JSON pointers over plain JSON values: the one reader and writer of pointers in the project. */
export const pointerSegments = (pointer: string): string[] =>
  pointer === ""
    ? []
    : pointer
        .slice(1)
        .split("/")
        .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));

export const toPointer = (segments: readonly (string | number)[]): string =>
  segments.map((s) => `/${String(s).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");

export function getAt(value: unknown, pointer: string): unknown {
  let node = value;
  for (const key of pointerSegments(pointer)) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

export const REMOVE = Symbol("remove");

/** A copy of `value` with the location replaced (or removed); the parent must exist. */
export function setAt(value: unknown, pointer: string, replacement: unknown): unknown {
  const segments = pointerSegments(pointer);
  if (segments.length === 0) return replacement;
  const copy = structuredClone(value);
  const parent = getAt(copy, toPointer(segments.slice(0, -1)));
  if (parent === null || typeof parent !== "object") throw new Error(`no parent for ${pointer}`);
  const key = segments.at(-1)!;
  if (replacement === REMOVE) delete (parent as Record<string, unknown>)[key];
  else (parent as Record<string, unknown>)[key] = replacement;
  return copy;
}

/** True when a is b or an ancestor or descendant of b. */
export const overlaps = (a: string, b: string): boolean => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

/** customerProfile.team[0].emailAddress: the dotted form Referrals details use. */
export const dottedPath = (pointer: string): string =>
  pointerSegments(pointer).reduce((out, s) => (/^\d+$/.test(s) ? `${out}[${s}]` : out ? `${out}.${s}` : s), "");

/** The pointer of a child: `/error` + `innerError` is `/error/innerError`. */
export const appendPointer = (pointer: string, key: string | number): string => `${pointer}${toPointer([key])}`;

/** The value a schema error points at: its pointer `/` is the value itself (ajv's root), anything else RFC 6901. */
export const valueAt = (value: unknown, pointer: string): unknown => (pointer === "/" ? value : getAt(value, pointer));
