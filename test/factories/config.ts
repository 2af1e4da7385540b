import { type Config, ConfigSchema } from "../../src/config/schema.js";
import type { RepoTemplate } from "../../src/template-check/requirements.js";
import { type ItemKind, resolveRequirements } from "../../src/template-check/requirements.js";

/** A validated config from a partial input, as if read from `.github/async-status.yml`. */
export function makeConfig(input: unknown = {}): Config {
  return ConfigSchema.parse(input);
}

/** Requirements for an item, with the defaults unless `config` says otherwise. */
export function makeRequirements(
  options: {
    config?: unknown;
    kind?: ItemKind;
    labels?: string[];
    body?: string;
    templates?: RepoTemplate[];
  } = {},
) {
  const config = makeConfig(options.config);
  return resolveRequirements({
    kind: options.kind ?? "pr",
    config: config.template,
    labels: options.labels ?? [],
    body: options.body ?? "",
    templates: options.templates ?? [],
  });
}
