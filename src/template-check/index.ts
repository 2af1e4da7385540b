/** Template enforcement: what the app wires, and the labels it writes. */
import type { Config } from "../config/schema.js";

export { handleTemplateEvent, ISSUE_EVENTS, PULL_REQUEST_EVENTS } from "./handler.js";
export { TemplateCache } from "./repo-templates.js";

/** Labels this capability writes: the configured one, and any `template:` label. */
export const isTemplateLabel = (name: string, config: Config) =>
  name.toLowerCase() === config.template.label.toLowerCase() ||
  name.toLowerCase().startsWith("template:");
