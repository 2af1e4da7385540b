import { type RenderedIssue, renderFitted } from "../summary/index.js";
import { buildRollupView, type RollupView } from "./view.js";

/**
 * The roll-up, rendered as the summary is (`renderFitted`): the roll-up repository's own
 * template when it has one, else `templates/rollup.md.hbs` (with a note saying why), every list
 * and the rows cut until the body fits GitHub's 65,536 characters, user text escaped.
 */
export function renderRollup(
  input: Omit<Parameters<typeof buildRollupView>[0], "limit" | "overrideError"> & {
    override?: string | undefined;
  },
): RenderedIssue<RollupView> {
  const { override, ...view } = input;
  return renderFitted({
    template: "rollup.md",
    override,
    build: (limit, overrideError) =>
      buildRollupView({ ...view, limit, ...(overrideError ? { overrideError } : {}) }),
  });
}
