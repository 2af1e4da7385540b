import { type ContentUnit, parseBody, type SectionStart } from "../markdown/sections.js";
import {
  countWords,
  isNotApplicable,
  looseText,
  titleKey,
  titleKeyWithoutParenthetical,
} from "../markdown/text.js";
import type { Requirement } from "./requirements.js";

/** Why a section is, or is not, filled. Ordered from best to worst. */
export const SECTION_STATUSES = [
  "filled",
  "not_applicable",
  "too_short",
  "placeholder",
  "na_not_allowed",
  "empty",
  "missing",
] as const;
export type SectionStatus = (typeof SECTION_STATUSES)[number];

export interface SectionResult {
  name: string;
  required: boolean;
  status: SectionStatus;
  /** True when the section does not hold the item back. */
  ok: boolean;
  /** Words counted (counting stops at the minimum). */
  words: number;
  minWords: number;
  /** The heading that matched, as written in the body; absent for untitled text. */
  heading?: string;
  /** Text under no section heading may fill it (see `Requirement.untitled`). */
  untitled: boolean;
  hint?: string;
}

export interface Verdict {
  complete: boolean;
  sections: SectionResult[];
  /** Heading depth the body uses for its sections (7 = bold titles); used for the skeleton. */
  headingDepth: number;
  /** Stable summary of the statuses; equal fingerprints render identical reports. */
  fingerprint: string;
}

interface KeyedStart {
  start: SectionStart;
  keys: readonly string[];
  /** Index of the first requirement it matches, or -1. */
  match: number;
}

function keyStarts(
  starts: readonly SectionStart[],
  requirements: readonly Requirement[],
): KeyedStart[] {
  // Bodies repeat titles (and adversarial ones repeat them thousands of times): key each once.
  const cache = new Map<string, { keys: string[]; match: number }>();
  return starts.map((start) => {
    let keyed = cache.get(start.title);
    if (!keyed) {
      const keys = start.title.endsWith(")")
        ? [titleKey(start.title), titleKeyWithoutParenthetical(start.title)]
        : [titleKey(start.title)];
      keyed = { keys, match: requirements.findIndex((r) => keys.some((k) => r.keys.has(k))) };
      cache.set(start.title, keyed);
    }
    return { start, ...keyed };
  });
}

/** Content of the section starting at `index`: it runs over deeper, unrecognised sub-headings. */
function sectionUnits(starts: readonly KeyedStart[], index: number): ContentUnit[] {
  const first = (starts[index] as KeyedStart).start;
  const units = [...first.units];
  for (let j = index + 1; j < starts.length; j++) {
    const next = starts[j] as KeyedStart;
    if (next.start.depth <= first.depth || next.match !== -1) break;
    units.push(...next.start.units);
  }
  return units;
}

/**
 * Text under no section heading: the preamble, and the content of headings that match no
 * requirement and are not sub-headings of a section that does (see `sectionUnits`).
 */
function untitledUnits(
  preamble: readonly ContentUnit[],
  starts: readonly KeyedStart[],
): ContentUnit[] {
  const units = [...preamble];
  let sectionDepth: number | undefined;
  for (const { start, match } of starts) {
    if (match !== -1) sectionDepth = start.depth;
    else if (sectionDepth === undefined || start.depth <= sectionDepth) {
      sectionDepth = undefined;
      units.push(...start.units);
    }
  }
  return units;
}

/** Loose text, computed only for short units: placeholders and "_No response_" are short. */
function looseIfShort(text: string, max: number): string | undefined {
  return text.length <= max ? looseText(text) : undefined;
}

function judge(
  units: readonly ContentUnit[],
  requirement: Requirement,
): { status: SectionStatus; words: number } {
  let longestPlaceholder = 20;
  for (const p of requirement.placeholders)
    longestPlaceholder = Math.max(longestPlaceholder, p.length * 2 + 20);
  // Unticked checklist items and "_No response_" (GitHub issue forms) are not content.
  const content = units.filter(
    (u) => !(u.kind === "task" && !u.checked) && looseIfShort(u.text, 40) !== "no response",
  );
  const own =
    requirement.placeholders.size === 0
      ? content
      : content.filter(
          (u) => !requirement.placeholders.has(looseIfShort(u.text, longestPlaceholder) ?? ""),
        );
  if (own.length === 0) return { status: content.length > 0 ? "placeholder" : "empty", words: 0 };
  const firstText = own.find((u) => u.kind !== "code");
  if (
    firstText &&
    own.length === 1 &&
    firstText.text.length < 500 &&
    isNotApplicable(firstText.text)
  ) {
    return { status: requirement.allowNa ? "not_applicable" : "na_not_allowed", words: 0 };
  }
  let words = 0;
  for (const unit of own) {
    words += countWords(unit.text, requirement.minWords - words);
    if (words >= requirement.minWords) return { status: "filled", words };
  }
  return { status: words === 0 ? "empty" : "too_short", words };
}

const rank = (status: SectionStatus) => SECTION_STATUSES.indexOf(status);

/** Judge a body against the requirements. Pure: same input, same verdict. */
export function evaluate(
  body: string | null | undefined,
  requirements: readonly Requirement[],
): Verdict {
  const parsed = parseBody(body);
  const starts = keyStarts(parsed.starts, requirements);
  let untitled: ContentUnit[] | undefined;
  const depths: number[] = [];
  const sections = requirements.map((requirement): SectionResult => {
    let best: { status: SectionStatus; words: number; heading?: string } | undefined;
    starts.forEach((keyed, index) => {
      if (!keyed.keys.some((k) => requirement.keys.has(k))) return;
      depths.push(keyed.start.depth);
      if (best?.status === "filled") return;
      const judged = judge(sectionUnits(starts, index), requirement);
      if (!best || rank(judged.status) < rank(best.status))
        best = { ...judged, heading: keyed.start.title };
    });
    if (requirement.untitled && best?.status !== "filled") {
      untitled ??= untitledUnits(parsed.preamble, starts);
      const judged = untitled.length > 0 ? judge(untitled, requirement) : undefined;
      if (judged && (!best || rank(judged.status) < rank(best.status))) best = judged;
    }
    const status = best?.status ?? "missing";
    return {
      name: requirement.name,
      required: requirement.required,
      status,
      ok: status === "filled" || status === "not_applicable" || !requirement.required,
      words: best?.words ?? 0,
      minWords: requirement.minWords,
      untitled: requirement.untitled,
      ...(best?.heading !== undefined ? { heading: best.heading } : {}),
      ...(requirement.hint ? { hint: requirement.hint } : {}),
    };
  });
  return {
    complete: sections.every((s) => s.ok),
    sections,
    headingDepth: depthOf(depths),
    // Everything the reports show: statuses, word counts of short sections, skeleton depth.
    fingerprint: [
      depthOf(depths),
      ...sections.map(
        (s) => `${s.name}=${s.status}${s.status === "too_short" ? `:${s.words}` : ""}`,
      ),
    ].join("\n"),
  };
}

const depthOf = (depths: readonly number[]) => mostCommon(depths) ?? 2;

function mostCommon(values: readonly number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: number | undefined;
  for (const [value, count] of counts)
    if (best === undefined || count > (counts.get(best) ?? 0)) best = value;
  return best;
}
