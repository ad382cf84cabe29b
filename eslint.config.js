// ESLint (flat config) for Loa's browser scripts: plain scripts, no modules, no build step. `make lint` runs it
// over loa/**/static/**/*.js when npm is present (package.json holds the tools; node_modules is not committed).
"use strict";

const js = require("@eslint/js");
const globals = require("globals");

const SERVICE_WORKER = "loa/offline/static/offline/sw.js";

const rules = {
  "no-unused-vars": ["error", { args: "none" }],
  eqeqeq: ["error", "always"],
  "no-implicit-globals": "error",
};

module.exports = [
  {
    // Vendored libraries are checked by their authors; node_modules and collected static files are not ours.
    ignores: ["**/vendor/**", "node_modules/**", "var/**", ".venv/**", "build/**", "test-results/**"],
  },
  js.configs.recommended,
  {
    // Page scripts: classic scripts loaded by <script src>, each wrapped in its own function with "use strict".
    files: ["loa/**/static/**/*.js"],
    ignores: [SERVICE_WORKER],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: {
        ...globals.browser,
        Chart: "readonly", // the vendored Chart.js, loaded before dashboard.js
      },
    },
    rules,
  },
  {
    // The service worker: served at /sw.js by loa.offline.views_pwa, which writes PRECACHE and VERSION before it.
    files: [SERVICE_WORKER],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: {
        ...globals.serviceworker,
        PRECACHE: "readonly",
        VERSION: "readonly",
      },
    },
    rules,
  },
  {
    // This file itself runs in Node.
    files: ["eslint.config.js"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
  },
];
