#!/usr/bin/env node
// Bundles the GitHub Action (src/action/main.ts and everything it imports, node_modules
// included) into dist-action/index.js, the file action.yml runs. The bundle is committed, as
// JavaScript actions' are: the runner checks the repository out and runs it, with no install.
// Templates stay files: templates/ is found beside package.json in the checked-out action.
//
//   node scripts/build-action.mjs           write dist-action/index.js
//   node scripts/build-action.mjs --check   fail when the committed bundle is not what the
//                                           sources build to (`npm test` runs this)
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const OUT = "dist-action/index.js";
const check = process.argv.includes("--check");

const result = await build({
  absWorkingDir: root,
  entryPoints: ["src/action/main.ts"],
  outfile: OUT,
  bundle: true,
  platform: "node",
  // The runner's Node is 24 (action.yml); Node 20 still runs it, for the tests and local use.
  target: "node20",
  format: "esm",
  // CommonJS dependencies call require() on Node's built-ins; an ES module has none of its own.
  banner: {
    js: 'import { createRequire as __asyncStatusRequire } from "node:module";\nconst require = __asyncStatusRequire(import.meta.url);',
  },
  legalComments: "none",
  logLevel: "warning",
  write: false,
});
const [output] = result.outputFiles;
if (!output) throw new Error("esbuild produced no output");

if (check) {
  let committed = "";
  try {
    committed = readFileSync(`${root}${OUT}`, "utf8");
  } catch {
    // Missing: reported below.
  }
  if (committed !== output.text) {
    console.error(
      `${OUT} is not what the sources build to (${committed ? "stale" : "missing"}). Run \`npm run build:action\` and commit ${OUT}.`,
    );
    process.exit(1);
  }
  console.log(`${OUT} is current`);
} else {
  await mkdir(`${root}dist-action`, { recursive: true });
  await writeFile(`${root}${OUT}`, output.text);
  console.log(`wrote ${OUT} (${Math.round(output.contents.byteLength / 1024)} KiB)`);
}
