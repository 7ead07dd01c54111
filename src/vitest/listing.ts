/** `vitest list`: the cases are collected and nothing is sent, written or cleaned. */
export const listing = (argv: readonly string[] = process.argv): boolean => argv.slice(2).includes("list");
