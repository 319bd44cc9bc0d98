import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  { ignores: ["build/**", "public/**", "node_modules/**", ".data/**", "db/migrations/**", ".cache/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: "Read configuration through app/env.server.ts" },
      ],
    },
  },
  // The layers (docs/architecture.md): app/auth and app/domain both sit on app/accounts and db/,
  // and neither imports the other.
  {
    files: ["app/domain/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["~/auth/*", "**/auth/*"], message: "app/domain does not import app/auth: pass what it needs in" }] }],
    },
  },
  {
    files: ["app/auth/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["~/domain/*", "**/domain/*"], message: "app/auth does not import app/domain" }] }],
    },
  },
  {
    files: ["app/env.server.ts", "tests/**", "scripts/**", "drizzle.config.ts", "vitest.config.ts", "db/migrate.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
);
