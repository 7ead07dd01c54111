import { MAX_INNER_ERROR_DEPTH, type ErrorLevel, type ErrorView } from "./api-profile.js";
import { appendPointer } from "./json-pointer.js";

type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => value !== null && typeof value === "object" && !Array.isArray(value);

const codeOf = (value: unknown, pointer: string): ErrorLevel["code"] =>
  isObject(value) && "code" in value ? { pointer: appendPointer(pointer, "code"), value: value.code } : undefined;

/**
 * Walks an error and its inner chain once, iteratively: `spellings` are the keys a child may be found under,
 * in the order they are preferred (a null child is no child). Stops at a level that is not an object (it is
 * kept: the check says so) and at MAX_INNER_ERROR_DEPTH levels below the error.
 */
export function walkChain(root: unknown, rootPointer: string, rootKey: string, spellings: readonly string[]): Pick<ErrorView, "levels" | "truncatedAt"> {
  const levels: ErrorLevel[] = [{ depth: 0, pointer: rootPointer, key: rootKey, value: root, ...withCode(root, rootPointer) }];
  let parent = root;
  for (let depth = 1; isObject(parent); depth++) {
    const key = spellings.find((k) => parent !== null && (parent as Json)[k] !== undefined && (parent as Json)[k] !== null);
    if (key === undefined) break;
    const pointer = appendPointer(levels[depth - 1]!.pointer, key);
    if (depth > MAX_INNER_ERROR_DEPTH) return { levels, truncatedAt: pointer };
    const value = (parent as Json)[key];
    levels.push({ depth, pointer, key, value, ...withCode(value, pointer) });
    parent = value;
  }
  return { levels };
}

function withCode(value: unknown, pointer: string): Pick<ErrorLevel, "code"> {
  const code = codeOf(value, pointer);
  return code ? { code } : {};
}

/** Keys whose string value names a field, in the shapes services use for validation errors. */
export const FIELD_KEYS = ["field", "target", "name", "path", "property", "propertyName"] as const;

/** The field names an object states under a field-like key. */
export const fieldValues = (item: Json): string[] => FIELD_KEYS.map((k) => item[k]).filter((v): v is string => typeof v === "string");
