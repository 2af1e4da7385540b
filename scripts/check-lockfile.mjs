#!/usr/bin/env node
// The npm registry reachable from our CI carries only Linux builds of platform packages
// (@swc/core-darwin-arm64, @biomejs/cli-win32-x64, @esbuild/darwin-arm64, …). A lockfile written here therefore
// lacks their entries, and `npm ci` on a developer's Mac fails with "Missing: … from lock
// file". This script checks that every optional dependency of every locked package has an
// entry; `--fix` adds the missing ones with the os/cpu/libc npm needs to skip them on other
// platforms (read from the package name, the convention all of these packages follow).
import { readFileSync, writeFileSync } from "node:fs";

const LOCK = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(LOCK, "utf8"));
const packages = lock.packages;
const fix = process.argv.includes("--fix");

const OS = [
  "darwin",
  "linux",
  "win32",
  "android",
  "freebsd",
  "openbsd",
  "netbsd",
  "sunos",
  "aix",
  "openharmony",
];
const CPU = [
  ["arm64"],
  ["x64"],
  ["ia32"],
  ["ppc64"],
  ["s390x"],
  ["riscv64"],
  ["loong64"],
  ["mips64el"],
  ["arm", /-arm-|-arm$|eabi/],
];

// Families whose Linux builds are static and declare no libc: @esbuild/linux-x64 runs on glibc
// and musl alike, so a `libc: glibc` entry would make npm skip it on Alpine.
const ANY_LIBC = [/^@esbuild\//];

function platformOf(name) {
  const base = name.split("/").pop();
  const os = OS.find((o) => base.split("-").includes(o));
  const cpu = CPU.find(([c, re]) => (re ? re.test(base) : base.split("-").includes(c)))?.[0];
  if (!os || !cpu) return undefined;
  const libc =
    os !== "linux" || ANY_LIBC.some((re) => re.test(name))
      ? undefined
      : base.includes("musl")
        ? "musl"
        : "glibc";
  return { os: [os], cpu: [cpu], ...(libc ? { libc: [libc] } : {}) };
}

const missing = [];
for (const [path, entry] of Object.entries(packages)) {
  for (const [dep, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = path ? `${path}/node_modules/${dep}` : `node_modules/${dep}`;
    if (packages[nested] || packages[`node_modules/${dep}`]) continue;
    missing.push({ parent: path, dep, range, dev: entry.dev === true });
  }
}

if (missing.length === 0) {
  console.log("package-lock.json: every optional platform package has an entry");
  process.exit(0);
}
if (!fix) {
  console.error(
    `package-lock.json lacks ${missing.length} optional platform package(s); \`npm ci\` would fail on other platforms:`,
  );
  for (const m of missing)
    console.error(`  ${m.dep}@${m.range} (optional dependency of ${m.parent || "the root"})`);
  console.error("Run `npm run fix:lockfile` and commit package-lock.json.");
  process.exit(1);
}
let unknown = 0;
for (const m of missing) {
  const platform = platformOf(m.dep);
  if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(m.range) || !platform) {
    console.error(
      `cannot add ${m.dep}@${m.range}: needs an exact version and a platform in its name`,
    );
    unknown++;
    continue;
  }
  packages[`node_modules/${m.dep}`] = {
    version: m.range,
    ...platform,
    ...(m.dev ? { dev: true } : {}),
    optional: true,
  };
}
const sorted = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
);
lock.packages = sorted;
writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${missing.length - unknown} entries to package-lock.json`);
process.exit(unknown ? 1 : 0);
