// The repository lints itself with its own plugin (the built workspace package), and its
// rules with eslint-plugin-eslint-plugin.
import eslintPlugin from "eslint-plugin-eslint-plugin";
import roxels from "eslint-plugin-roxels";
import tseslint from "typescript-eslint";

const sources = ["rules/**/*.ts", "packages/*/src/**/*.ts", "test/**/*.ts", "bench/**/*.{js,mjs,ts}"];

export default [
  { ignores: ["**/dist/**", "**/node_modules/**", "fixtures/**", "bench/.tmp/**", "bench/.data/**", "coverage/**", "packages/core/src/generated/**", "pre-commit/bundle/**"] },
  {
    files: sources,
    languageOptions: { parser: tseslint.parser, ecmaVersion: "latest", sourceType: "module" },
    // Registered without turning rules on, so that disable comments naming its rules resolve.
    plugins: { "@typescript-eslint": tseslint.plugin },
    // Disable comments in the code name rules this config does not turn on (the editor
    // set-ups of the people who wrote them do); flagging them here would be noise.
    linterOptions: { reportUnusedDisableDirectives: "off" },
  },
  { ...roxels.configs.recommended, files: sources },
  { ...eslintPlugin.configs.recommended, files: ["rules/**/*.ts"] },
];
