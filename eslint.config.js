// npm run lint: typescript-eslint's recommended rules, and the layering kept by a tool. Dependencies point down:
// each layer below may import only from the layers before it; the mock stands beside them and imports only the
// contract (and the error model). The table is the architecture; the README's folder map follows it.
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

/** Bottom first. */
const LAYERS = [
  ["src/errors.ts"],
  ["src/contract"],
  ["src/transport"],
  ["src/config"],
  ["src/auth", "src/pacing", "src/har"],
  ["src/checks"],
  ["src/probes"],
  ["src/generate"],
  ["src/gating"],
  ["src/report"],
  ["src/offline", "src/proxy"],
  ["src/vitest", "src/cli"],
];
const MOCK = "src/mock";
const MOCK_MAY_USE = ["src/errors.ts", "src/contract"];

const zones = [
  ...LAYERS.flatMap((layer, i) => {
    // The edges start the mock; nothing else reaches it.
    const above = [...LAYERS.slice(i + 1).flat(), ...(i < LAYERS.length - 1 ? [MOCK] : [])];
    return above.length
      ? layer.map((target) => ({ target, from: above, message: `${target} sits below these: dependencies point down (eslint.config.js)` }))
      : [];
  }),
  {
    target: MOCK,
    from: LAYERS.flat().filter((p) => !MOCK_MAY_USE.includes(p)),
    message: "the mock stands beside the harness and imports only the contract (eslint.config.js)",
  },
];

export default tseslint.config(
  { ignores: ["node_modules/", "reports/", "**/*.har"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { "import-x": importX },
    settings: { "import-x/resolver-next": [createTypeScriptImportResolver({ alwaysTryTypes: true })] },
    rules: {
      "import-x/no-restricted-paths": ["error", { zones }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["bin/**/*.mjs"],
    languageOptions: { globals: { process: "readonly" } },
  },
);
