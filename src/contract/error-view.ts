import { MAX_INNER_ERROR_DEPTH, type ErrorLevel, type ErrorView } from "./api-profile.js";
import { appendPointer } from "./json-pointer.js";

type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => value !== null && typeof value === "object" && !Array.isArray(value);

const codeOf = (value: unknown, pointer: string): ErrorLevel["code"] =>
  isObject(value) && "code" in value ? { pointer: appendPointer(pointer, "code"), value: value.code } : undefined;

/**
 * Walks an error and its inner chain once, iteratively. A child is found under the chain key whatever its
 * casing (`innerError`, `innererror`, `InnerError`): the documented spelling first, and a null child is no
 * child. Two spellings on one level are kept as a conflict. Stops at a level that is not an object (it is kept:
 * the check says so) and at MAX_INNER_ERROR_DEPTH levels below the error. Without a chain key, the view is the
 * error alone.
 */
export function walkChain(root: unknown, rootPointer: string, rootKey: string, chainKey?: string): Pick<ErrorView, "levels" | "truncatedAt" | "conflicts"> {
  const levels: ErrorLevel[] = [{ depth: 0, pointer: rootPointer, key: rootKey, value: root, ...withCode(root, rootPointer) }];
  const conflicts: ErrorView["conflicts"] = [];
  if (!chainKey) return { levels, conflicts };
  const wanted = chainKey.toLowerCase();
  let parent = root;
  for (let depth = 1; isObject(parent); depth++) {
    const level = parent;
    const keys = Object.keys(level).filter((k) => k.toLowerCase() === wanted && level[k] !== undefined && level[k] !== null);
    if (keys.length === 0) break;
    const parentPointer = levels[depth - 1]!.pointer;
    if (keys.length > 1) conflicts.push({ pointer: parentPointer, keys });
    const key = keys.includes(chainKey) ? chainKey : keys[0]!;
    const pointer = appendPointer(parentPointer, key);
    if (depth > MAX_INNER_ERROR_DEPTH) return { levels, conflicts, truncatedAt: pointer };
    const value = level[key];
    levels.push({ depth, pointer, key, value, ...withCode(value, pointer) });
    parent = value;
  }
  return { levels, conflicts };
}

function withCode(value: unknown, pointer: string): Pick<ErrorLevel, "code"> {
  const code = codeOf(value, pointer);
  return code ? { code } : {};
}

/** Keys whose string value names a field, in the shapes services use for validation errors. */
export const FIELD_KEYS = ["field", "target", "name", "path", "property", "propertyName"] as const;

/** The field names an object states under a field-like key. */
export const fieldValues = (item: Json): string[] => FIELD_KEYS.map((k) => item[k]).filter((v): v is string => typeof v === "string");
