import type { TreeReader } from "../github/tree.js";
import type { ItemKind, RepoTemplate } from "./requirements.js";

/** Where GitHub looks for templates, in its own order: `.github/`, the root, `docs/`. */
export const TEMPLATE_FOLDERS = [".github", "", "docs"] as const;
const SINGLE: Record<ItemKind, RegExp> = {
  pr: /^pull_request_template\.md$/i,
  issue: /^issue_template\.md$/i,
};
const FOLDER: Record<ItemKind, RegExp> = {
  pr: /^pull_request_template$/i,
  issue: /^issue_template$/i,
};
/** At most this many templates are read from a template folder. */
const MAX_TEMPLATES = 20;

export const isTemplateFile = (kind: ItemKind, name: string) =>
  kind === "pr"
    ? /\.md$/i.test(name)
    : /\.(md|ya?ml)$/i.test(name) && !/^config\.ya?ml$/i.test(name);

/**
 * Find the repository's PR or issue templates: the first folder (`.github/`, root, `docs/`)
 * that has any is used; its single template file and every template in its template folder
 * (issue forms included) are read. Usually two requests on GitHub; callers cache the result.
 */
export async function loadRepoTemplates(tree: TreeReader, kind: ItemKind): Promise<RepoTemplate[]> {
  for (const folder of TEMPLATE_FOLDERS) {
    const entries = await tree.list(folder);
    const single = entries.find((e) => e.type === "file" && SINGLE[kind].test(e.name));
    const dir = entries.find((e) => e.type === "dir" && FOLDER[kind].test(e.name));
    if (!single && !dir) continue;
    const templates: RepoTemplate[] = [];
    if (single) {
      const text = await tree.read(single.path);
      if (text !== undefined) templates.push({ path: single.path, text });
    }
    if (dir) {
      const files = (await tree.list(dir.path))
        .filter((e) => e.type === "file" && isTemplateFile(kind, e.name))
        .slice(0, MAX_TEMPLATES);
      for (const file of files) {
        const text = await tree.read(file.path);
        if (text !== undefined) templates.push({ path: file.path, text });
      }
    }
    return templates;
  }
  return [];
}

/** A small in-process cache of templates per repository, so steady state costs no reads. */
export class TemplateCache {
  readonly #entries = new Map<string, { at: number; templates: RepoTemplate[] }>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly maxEntries = 1000,
    private readonly clock: () => number = Date.now,
  ) {}

  async get(key: string, load: () => Promise<RepoTemplate[]>): Promise<RepoTemplate[]> {
    const hit = this.#entries.get(key);
    if (hit && this.clock() - hit.at < this.ttlMs) return hit.templates;
    const templates = await load();
    this.#entries.delete(key);
    this.#entries.set(key, { at: this.clock(), templates });
    if (this.#entries.size > this.maxEntries)
      this.#entries.delete(this.#entries.keys().next().value as string);
    return templates;
  }
}
