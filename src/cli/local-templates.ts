import type { TreeEntry, TreeReader } from "../github/tree.js";
import type { CliIo } from "./io.js";

/** The working tree, for `lint` in a pre-push hook: the same template lookup as the app. */
export function localTree(io: CliIo): TreeReader {
  return {
    async list(path) {
      const names = await io.listDir(path === "" ? "." : path);
      const entries: TreeEntry[] = [];
      for (const name of names.sort()) {
        const full = path === "" ? name : `${path}/${name}`;
        entries.push({ name, path: full, type: (await io.isDirectory(full)) ? "dir" : "file" });
      }
      return entries;
    },
    async read(path) {
      return (await io.exists(path)) ? io.readFile(path) : undefined;
    },
  };
}
