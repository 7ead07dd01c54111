/** The environment of a fresh shell for a child run: nothing of this vitest run, no PC_* setting, no colours. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST") && !k.startsWith("PC_") && k !== "NODE_ENV" && k !== "TEST"),
  );
  return { ...env, FORCE_COLOR: "0", NO_COLOR: "1", ...extra };
}
