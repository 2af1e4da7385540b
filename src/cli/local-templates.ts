import {
  isTemplateFile,
  TEMPLATE_DIRECTORIES,
  TEMPLATE_FILES,
} from "../template-check/repo-templates.js";
import type { ItemKind, RepoTemplate } from "../template-check/requirements.js";
import type { CliIo } from "./io.js";

/** The same template lookup as the app, on the working tree (for `lint` in a pre-push hook). */
export async function localTemplates(io: CliIo, kind: ItemKind): Promise<RepoTemplate[]> {
  const templates: RepoTemplate[] = [];
  for (const path of TEMPLATE_FILES[kind]) {
    if (await io.exists(path)) {
      templates.push({ path, text: await io.readFile(path) });
      break;
    }
  }
  for (const dir of TEMPLATE_DIRECTORIES[kind]) {
    for (const name of (await io.listDir(dir)).sort()) {
      if (isTemplateFile(kind, name))
        templates.push({ path: `${dir}/${name}`, text: await io.readFile(`${dir}/${name}`) });
    }
  }
  return templates;
}
