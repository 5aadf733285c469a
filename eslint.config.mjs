import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      "lib/generated/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
      "data/**",
    ],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The UI never imports server-only code; lib never imports UI.
    files: ["components/**/*.{ts,tsx}", "app/**/*-client.tsx", "lib/queries/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@/lib/db",
                "@/lib/env",
                "@/lib/engine/*",
                "@/lib/executor/*",
                "@/lib/sql/*",
                "@/lib/webhooks/*",
                "!@/lib/webhooks/verify",
                "@/lib/webhooks/verify/*",
                "!@/lib/webhooks/verify/presets",
                "!@/lib/webhooks/verify/samples",
                "@/lib/runs/*",
                "@/lib/inngest/*",
                "@/lib/workspaces/*",
                "@/lib/api/handler",
                "server-only",
              ],
              message: "UI code must not import server-only modules.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [{ group: ["@/components/*", "@/app/*", "react", "react-dom"], message: "lib never imports UI." }],
        },
      ],
    },
  },
];

export default config;
