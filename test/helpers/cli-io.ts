import type { CliIo } from "../../src/cli/io.js";

/** A CLI without a process: no files unless given, captured output. */
export function memoryIo(files: Record<string, string> = {}, stdin = "") {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    readStdin: async () => stdin,
    readFile: async (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
      return text;
    },
    listDir: async (dir) => [
      ...new Set(
        Object.keys(files)
          .filter((f) => dir === "." || f.startsWith(`${dir}/`))
          .map((f) => (dir === "." ? f : f.slice(dir.length + 1)).split("/")[0] as string),
      ),
    ],
    exists: async (path) => path in files,
    isDirectory: async (path) => Object.keys(files).some((f) => f.startsWith(`${path}/`)),
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
  };
  return { io, stdout: () => out.join(""), stderr: () => err.join("") };
}
