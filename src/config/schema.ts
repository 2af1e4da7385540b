import { Temporal } from "temporal-polyfill";
import { z } from "zod";
import { titleKey } from "../markdown/text.js";
import { isValidTimeZone } from "../time/calendar.js";
import { formatSpan, parseSpan, type Span, spanHours } from "../time/duration.js";

/** Where the app reads its configuration, relative to the repository root. */
export const CONFIG_PATH = ".github/async-status.yml";
/** The file name passed to Probot's `context.config` (it prefixes `.github/`). */
export const CONFIG_FILE_NAME = "async-status.yml";

const label = z.string().trim().min(1).max(50);
const login = z.string().trim().min(1).max(100);
/** A heading text: it must keep letters or digits once punctuation and emoji are ignored. */
const headingText = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((t) => titleKey(t) !== "", {
    message: "has no letters or digits, so no heading could ever match it",
  });

/** One section a description must carry. A bare string is shorthand for `{ name }`. */
export const SectionSchema = z.union([
  headingText,
  z.strictObject({
    /** Heading text shown in reports and skeletons. Required. */
    name: headingText.describe("Heading text shown in reports and in the copy-paste skeleton."),
    /** Other headings that count as this section. Default: none. */
    aliases: z
      .array(headingText)
      .max(50)
      .default([])
      .describe(
        "Other headings that count as this section (case, punctuation, emoji, invisible characters and a leading 'The' are ignored). Default: [].",
      ),
    /** Whether the section must be present and filled. Default: true. */
    required: z
      .boolean()
      .default(true)
      .describe("Whether the section must be present and filled. Default: true."),
    /** Minimum words once comments and placeholders are removed. Default: `template.min_words`. */
    min_words: z
      .int()
      .min(1)
      .max(1000)
      .optional()
      .describe(
        "Minimum number of words after comments and placeholders are removed. Default: template.min_words.",
      ),
    /** Whether an explicit `N/A` counts as filled. Default: from `template.allow_na`. */
    allow_na: z
      .boolean()
      .optional()
      .describe(
        "Whether an explicit 'N/A' (optionally with a reason) counts as filled. Default: from template.allow_na.",
      ),
    /** Placeholder paragraphs that do not count as content. Default: none. */
    placeholder: z
      .array(z.string().max(2000))
      .max(50)
      .default([])
      .describe(
        "Placeholder text that does not count as content (compared ignoring case and whitespace). Default: [].",
      ),
    /** Hint shown in the skeleton as an HTML comment. Default: none. */
    hint: z
      .string()
      .max(500)
      .optional()
      .describe("Hint written under the heading in the copy-paste skeleton. Default: none."),
    /**
     * Text under no section heading counts as this section: the text before the first
     * heading, and under headings that match no section. Default: false.
     */
    untitled: z
      .boolean()
      .default(false)
      .describe(
        "Text under no section heading (before the first heading, or under headings that match no section) counts as this section, so a plain description needs no heading. Default: false.",
      ),
  }),
]);
export type SectionInput = z.input<typeof SectionSchema>;

/** The default sections of a pull request. */
export const DEFAULT_PR_SECTIONS: SectionInput[] = [
  {
    name: "Problem",
    aliases: ["Context & Problem", "Problem statement", "Why", "Motivation"],
    hint: "What is wrong or missing, and why does it matter?",
  },
  {
    name: "Solution",
    aliases: ["Proposed solution", "What", "Changes", "Approach"],
    hint: "What does this change, and how?",
  },
  {
    name: "How to test",
    aliases: ["Testing", "Test plan", "Steps to reproduce", "Verification"],
    hint: "How can a reviewer check that it works?",
  },
];

/**
 * The sections of an issue that was written from none of the repository's issue templates
 * (or in a repository without any): a description of the problem, with or without a heading.
 * A bug report, a feature request and a question all need one; a solution or test plan is
 * what the pull request brings.
 */
export const DEFAULT_ISSUE_SECTIONS: SectionInput[] = [
  {
    name: "Problem",
    aliases: [
      "Problem statement",
      "Description",
      "Summary",
      "Bug",
      "Bug description",
      "Describe the bug",
      "Describe the problem",
      "What happened",
      "Current behaviour",
      "Current behavior",
      "Actual behaviour",
      "Actual behavior",
      "Observed behaviour",
      "Observed behavior",
      "Issue",
      "Motivation",
    ],
    hint: "What happened, or what is missing? Steps, logs or screenshots help.",
    untitled: true,
  },
];

const sectionList = z.array(SectionSchema).min(1).max(50);

/** Settings for one kind of item: pull requests or issues, with that kind's default sections. */
const kindSchema = (defaultSections: SectionInput[] | "from-template", sectionsDoc: string) =>
  z.strictObject({
    /** Check this kind of item at all. Default: true. */
    enabled: z.boolean().default(true).describe("Check this kind of item. Default: true."),
    /** The sections, or `from-template` to take them from the repository's own templates. */
    sections: z
      .union([z.literal("from-template"), sectionList])
      .prefault(defaultSections)
      .describe(sectionsDoc),
    /** Extra sections required when the item carries a label, keyed by label name. */
    by_label: z
      .record(label, sectionList)
      .default({})
      .describe(
        "Extra sections required when the item carries the label, keyed by label name. Default: {}.",
      ),
  });

/** Pull requests: Problem, Solution, How to test unless configured. */
const PullRequestsSchema = kindSchema(
  DEFAULT_PR_SECTIONS,
  "Required sections, or 'from-template' to take them from the repository's PULL_REQUEST_TEMPLATE.md (an error when there is none). Default: Problem, Solution, How to test.",
);

/** Issues: the repository's issue templates and forms, or a problem description without them. */
const IssuesSchema = kindSchema(
  "from-template",
  "Required sections, or 'from-template' to take them from the repository's ISSUE_TEMPLATE.md / ISSUE_TEMPLATE/*.md and issue forms (*.yml). An issue written from none of them (a blank issue, or a repository without templates) needs one section, Problem, which plain text without a heading also fills. Default: from-template.",
);

/** Template enforcement settings. */
export const TemplateSchema = z
  .strictObject({
    /** Master switch for template enforcement. Default: true. */
    enabled: z
      .boolean()
      .default(true)
      .describe("Master switch for template enforcement. Default: true."),
    /** Pull request settings. */
    pull_requests: PullRequestsSchema.prefault({}).describe(
      "Settings for pull request descriptions.",
    ),
    /** Issue settings. */
    issues: IssuesSchema.prefault({}).describe("Settings for issue descriptions."),
    /** Text under each heading of the repository's own template is placeholder. Default: true. */
    placeholders_from_template: z
      .boolean()
      .default(true)
      .describe(
        "Treat the text under each heading of the repository's PR/issue template as placeholder, not content (templates are read through a 10-minute cache). Default: true.",
      ),
    /** Default minimum words per section. Default: 1. */
    min_words: z
      .int()
      .min(1)
      .max(1000)
      .default(1)
      .describe("Default minimum words per section. Default: 1."),
    /** When `N/A` counts as filled: never, for optional sections only, or always. Default: optional. */
    allow_na: z
      .enum(["never", "optional", "always"])
      .default("optional")
      .describe(
        "When an explicit 'N/A' counts as filled: never, optional (optional sections only) or always. Default: optional.",
      ),
    /** Check run conclusion while incomplete. Default: failure. */
    incomplete_conclusion: z
      .enum(["failure", "neutral"])
      .default("failure")
      .describe(
        "Conclusion of the async-status/template check while incomplete. Default: failure.",
      ),
    /** Label carried while the description is incomplete. Default: `template: incomplete`. */
    label: label
      .default("template: incomplete")
      .describe("Label carried while incomplete. Default: 'template: incomplete'."),
    /** Items carrying this label are not checked. Default: `skip-template`. */
    skip_label: label
      .default("skip-template")
      .describe("Items carrying this label are skipped. Default: 'skip-template'."),
    /** Skip draft pull requests. Default: true. */
    skip_drafts: z.boolean().default(true).describe("Skip draft pull requests. Default: true."),
    /** Skip items opened by bots (accounts of type Bot and the top-level `bots` list). Default: true. */
    skip_bots: z
      .boolean()
      .default(true)
      .describe(
        "Skip items opened by bots (accounts of type Bot, plus the top-level bots list). Default: true.",
      ),
    /** Bot logins that are checked anyway, e.g. `renovate[bot]`. Default: none. */
    check_bots: z
      .array(login)
      .max(100)
      .default([])
      .describe("Bot logins that are checked anyway. Default: []."),
    /** What happens to the bot comment once complete: `update` to a short note, or `delete`. */
    on_complete: z
      .enum(["update", "delete"])
      .default("update")
      .describe(
        "What happens to the bot comment once the description is complete. Default: update.",
      ),
  })
  .superRefine((t, ctx) => {
    const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
    if (same(t.label, t.skip_label)) {
      ctx.addIssue({
        code: "custom",
        message:
          "label and skip_label must differ: the app adds `label` itself, so it would skip every item it flags",
        path: ["skip_label"],
      });
    }
    for (const kind of ["pull_requests", "issues"] as const) {
      for (const key of Object.keys(t[kind].by_label)) {
        const clash = same(key, t.skip_label)
          ? "is template.skip_label: items carrying it are skipped, so these sections would never be checked"
          : same(key, t.label)
            ? "is template.label, which the app adds itself to incomplete items, so the sections required would depend on the app's own verdict"
            : undefined;
        if (clash) ctx.addIssue({ code: "custom", message: clash, path: [kind, "by_label", key] });
      }
    }
  });

/**
 * The hours a span can last, shortest and longest, for comparing spans across units. Hours,
 * days (24 hours) and weeks are exact. `n` business days last at least `n + 2⌊(n−1)/5⌋` days
 * (counted from a Sunday, so the only weekends crossed are inside the span) and, holidays
 * aside, at most `n + 2⌈n/5⌉` days (counted from a Friday); holidays only make them longer.
 */
export function spanHoursRange(span: Span): { shortest: number; longest: number } {
  const hours = spanHours(span);
  if (hours !== undefined) return { shortest: hours, longest: hours };
  const n = span.amount;
  if (n === 0) return { shortest: 0, longest: 0 };
  return {
    shortest: (n + 2 * Math.floor((n - 1) / 5)) * 24,
    longest: (n + 2 * Math.ceil(n / 5)) * 24,
  };
}

/** A span such as `24h`, `3d`, `2 weeks`, `5bd`. */
const span = (what: string, allowBusinessDays = true) =>
  z.string().transform((text, ctx): Span => {
    const parsed = parseSpan(text);
    if (!parsed || (!allowBusinessDays && parsed.unit === "business_days")) {
      ctx.addIssue({
        code: "custom",
        message: `${what} must be a span such as "24h", "3d" or "2 weeks"${allowBusinessDays ? ' or "5bd"' : ""}, not "${text}"`,
      });
      return z.NEVER;
    }
    return parsed;
  });

/** A category of merged pull requests in the weekly summary, chosen by label (as release-drafter does). */
const CategorySchema = z.strictObject({
  /** Heading of the category. */
  title: z.string().trim().min(1).max(100).describe("Heading of the category."),
  /** Pull requests carrying any of these labels belong to it (the first matching category wins). */
  labels: z
    .array(label)
    .min(1)
    .max(20)
    .describe("Pull requests with any of these labels belong to the category."),
});

export const DEFAULT_CATEGORIES = [
  { title: "🚀 Features", labels: ["feature", "enhancement"] },
  { title: "🐛 Fixes", labels: ["bug", "fix", "bugfix"] },
  { title: "📝 Documentation", labels: ["documentation", "docs"] },
  { title: "🧰 Maintenance", labels: ["chore", "dependencies", "refactor", "ci"] },
];

/** The days of the week as the config spells them, Monday first (ISO's day 1). */
export const WEEKDAYS = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
] as const;
const weekday = z.enum(WEEKDAYS);
const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a 24-hour time such as "09:00"' });

/** True when the ISO date falls on the weekday. */
function isOnWeekday(date: string, day: z.output<typeof weekday>): boolean {
  return weekday.options[Temporal.PlainDate.from(date).dayOfWeek - 1] === day;
}

/** The weekly summary issue. */
export const SummarySchema = z.strictObject({
  /** Publish a weekly summary issue. Default: true. */
  enabled: z.boolean().default(true).describe("Publish a weekly summary issue. Default: true."),
  /** Publishing day, in the project time zone. Default: monday. */
  day: weekday
    .default("monday")
    .describe(
      "Publishing day, in the project time zone. The summary covers the 7 days before it. Default: monday.",
    ),
  /** Publishing time (HH:MM, 24-hour), in the project time zone. Default: 09:00. */
  time: clockTime
    .default("09:00")
    .describe("Publishing time (HH:MM, 24-hour), in the project time zone. Default: '09:00'."),
  /** Publish nothing for a week without activity. Default: true. */
  skip_empty: z
    .boolean()
    .default(true)
    .describe("Publish nothing for a week without activity. Default: true."),
  /** How many missed weeks back a tick publishes (late). Default: 1. */
  catch_up: z
    .int()
    .min(0)
    .max(8)
    .default(1)
    .describe("How many missed weeks back a tick still publishes (marked as late). Default: 1."),
  /** Open PRs without a review for longer than this are listed as waiting. Default: 2. */
  stale_review_days: z
    .int()
    .min(0)
    .max(365)
    .default(2)
    .describe(
      "Open PRs without a review for longer than this many days are listed as waiting. Default: 2.",
    ),
  /** Open items whose author's last comment waits longer than this are listed. Default: `24h`. */
  response_expectation: span("summary.response_expectation")
    .prefault("24h")
    .describe(
      "Open issues and PRs whose author's last comment has waited longer than this for an answer are listed as waiting for an answer. Default: '24h'.",
    ),
  /** Include this repository in the organisation's weekly roll-up. Default: true. */
  rollup: z
    .boolean()
    .default(true)
    .describe(
      "Include this repository in the organisation's weekly roll-up (when the organisation has one). Default: true.",
    ),
  /** Label of the summary issues. Default: `weekly-summary`. */
  label: label
    .default("weekly-summary")
    .describe("Label of the summary issues. Default: 'weekly-summary'."),
  /** Categories of merged PRs by label. */
  categories: z
    .array(CategorySchema)
    .max(20)
    .default(DEFAULT_CATEGORIES)
    .describe(
      "Categories of merged PRs by label; the rest are listed under 'Other changes'. Default: Features, Fixes, Documentation, Maintenance.",
    ),
});

/**
 * The organisation's weekly roll-up, read from the organisation's `.github` repository config
 * only (a repository's own `rollup:` key is ignored).
 */
export const RollupSchema = z.strictObject({
  /** Publish the roll-up. Default: false. */
  enabled: z
    .boolean()
    .default(false)
    .describe(
      "Publish one weekly roll-up issue for the whole organisation (read from the organisation's .github repository only). Default: false.",
    ),
  /** Repository (in the organisation) the roll-up is published in. Default: `.github`. */
  repository: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, { message: "must be a repository name such as .github" })
    .default(".github")
    .describe(
      "Repository of the organisation the roll-up issue is published in. Default: '.github'.",
    ),
  /** Publishing day. Default: the summary's. */
  day: weekday
    .optional()
    .describe("Publishing day, in the project time zone. Default: summary.day."),
  /** Publishing time (HH:MM). Default: the summary's. */
  time: clockTime.optional().describe("Publishing time (HH:MM, 24-hour). Default: summary.time."),
  /** Label of the roll-up issues. Default: `weekly-rollup`. */
  label: label
    .default("weekly-rollup")
    .describe("Label of the roll-up issues. Default: 'weekly-rollup'."),
});

/** The team's short sync, and the agenda published before it. Off when absent. */
export const SyncSchema = z.strictObject({
  /** How often the sync happens. Default: `2 weeks`. */
  every: span("sync.every", false)
    .prefault("2 weeks")
    .describe("How often the sync happens, such as '1 week' or '2 weeks'. Default: '2 weeks'."),
  /** Day of the sync, in the project time zone. */
  day: weekday.describe("Day of the sync, in the project time zone, such as thursday."),
  /** Time of the sync (HH:MM, 24-hour), in the project time zone. */
  time: clockTime.describe("Time of the sync (HH:MM, 24-hour), in the project time zone."),
  /** The date of the first sync (ISO), on `day`; later ones follow every `every`. */
  first: z.iso
    .date({ message: "sync.first must be an ISO date such as 2026-12-10" })
    .describe("ISO date of the first sync, on sync.day; later ones follow every sync.every."),
  /** How long before the sync the agenda is published. Default: `24h`. */
  lead: span("sync.lead")
    .prefault("24h")
    .describe("How long before the sync its agenda issue is published. Default: '24h'."),
  /** Blocked items older than this are put on the agenda. Default: `5 business days`. */
  blocked_after: span("sync.blocked_after")
    .prefault("5 business days")
    .describe("Blocked items older than this are put on the agenda. Default: '5 business days'."),
  /** Label of the agenda issues. Default: `sync-agenda`. */
  label: label
    .default("sync-agenda")
    .describe("Label of the sync agenda issues. Default: 'sync-agenda'."),
});

/** Async decisions (`/decide`). */
const DecisionFields = z.strictObject({
  /** Accept `/decide` and friends. Default: true. */
  enabled: z
    .boolean()
    .default(true)
    .describe("Accept /decide and the related commands. Default: true."),
  /** Deadline when `/decide` gives none. Default: `3 business days`. */
  default_deadline: span("decisions.default_deadline")
    .prefault("3 business days")
    .describe(
      "Deadline when /decide gives none; between min_deadline and max_deadline (a business-day span is compared by the shortest and longest it can last). Default: '3 business days'.",
    ),
  /** Shortest deadline allowed. Default: `24h`. */
  min_deadline: span("decisions.min_deadline", false)
    .prefault("24h")
    .describe("Shortest deadline allowed; at most max_deadline. Default: '24h'."),
  /** Longest deadline allowed. Default: `30 days`. */
  max_deadline: span("decisions.max_deadline", false)
    .prefault("30 days")
    .describe("Longest deadline allowed. Default: '30 days'."),
  /** When to remind stakeholders who have not responded, before the deadline. Default: `24h`. */
  reminder_before: span("decisions.reminder_before", false)
    .prefault("24h")
    .describe(
      "When to remind silent stakeholders, before the deadline; shorter than max_deadline. Default: '24h'.",
    ),
  /**
   * Who else may `/object`, `/agree`, `/blocked`: collaborators, stakeholders or anyone. The
   * decision's named stakeholders may always agree and object. Default: collaborators.
   */
  objections_from: z
    .enum(["collaborators", "stakeholders", "anyone"])
    .default("collaborators")
    .describe(
      "Who may /object, /agree and /blocked: collaborators (default), stakeholders (and collaborators with write access), or anyone. The decision's named stakeholders may always /agree and /object.",
    ),
  /** Let the issue's author open a decision without write permission. Default: false. */
  author_can_decide: z
    .boolean()
    .default(false)
    .describe("Let the issue's author open a decision without write permission. Default: false."),
  /** Close the issue when a decision is accepted. Default: false. */
  close_on_accept: z
    .boolean()
    .default(false)
    .describe("Close the issue when its decision is accepted. Default: false."),
});

/** Async decisions (`/decide`), with the deadlines in order. */
export const DecisionsSchema = DecisionFields.superRefine(checkDeadlineOrder);

type DecisionSpans = Pick<
  z.output<typeof DecisionFields>,
  "default_deadline" | "min_deadline" | "max_deadline" | "reminder_before"
>;

/**
 * `min_deadline` ≤ `default_deadline` ≤ `max_deadline`, and `reminder_before` shorter than
 * `max_deadline`. A business-day default is compared by the range it can last (see
 * `spanHoursRange`), and reported only when it is out of bounds whatever day a decision opens.
 */
function checkDeadlineOrder(d: DecisionSpans, ctx: z.RefinementCtx): void {
  const { default_deadline: def, min_deadline: min, max_deadline: max, reminder_before } = d;
  // A span that did not parse has its own problem already (and is not a Span here).
  if (![def, min, max, reminder_before].every((s) => typeof s?.amount === "number")) return;
  // min, max and reminder_before are calendar spans, so shortest and longest are equal.
  const lo = spanHoursRange(min).shortest;
  const hi = spanHoursRange(max).shortest;
  const problem = (key: keyof DecisionSpans, message: string) =>
    ctx.addIssue({ code: "custom", message, path: [key] });
  if (lo > hi) {
    problem(
      "min_deadline",
      `${formatSpan(min)} is longer than decisions.max_deadline (${formatSpan(max)}), so every deadline would be refused`,
    );
  }
  const range = spanHoursRange(def);
  const anyDay = def.unit === "business_days" ? ", whatever day a decision opens" : "";
  if (range.longest < lo) {
    problem(
      "default_deadline",
      `${formatSpan(def)} is shorter than decisions.min_deadline (${formatSpan(min)})${anyDay}`,
    );
  }
  if (range.shortest > hi) {
    problem(
      "default_deadline",
      `${formatSpan(def)} is longer than decisions.max_deadline (${formatSpan(max)})${anyDay}`,
    );
  }
  if (spanHoursRange(reminder_before).shortest >= hi) {
    problem(
      "reminder_before",
      `${formatSpan(reminder_before)} must be shorter than decisions.max_deadline (${formatSpan(max)}), or every reminder would go out as the decision opens`,
    );
  }
}

/** The whole `.github/async-status.yml`. */
export const ConfigSchema = z
  .strictObject({
    /** Inherit from another repository's config, e.g. `.github` or `org/repo:path.yml`. Followed by the loader. */
    _extends: z
      .string()
      .optional()
      .describe(
        "Inherit settings from another repository's file, e.g. '.github' or 'org/repo:path.yml'.",
      ),
    /** Extra accounts treated as bots (machine users), besides accounts of type Bot. Default: none. */
    bots: z
      .array(login)
      .max(100)
      .default([])
      .describe("Extra accounts treated as bots, besides accounts of type Bot. Default: []."),
    /** IANA time zone deadlines and weeks are read in. Default: UTC. */
    timezone: z
      .string()
      .refine(isValidTimeZone, {
        message: "not a time zone: use an IANA name such as Europe/Berlin or America/New_York",
      })
      .default("UTC")
      .describe(
        "IANA time zone in which deadlines and weeks are read, e.g. Europe/Berlin. Default: UTC.",
      ),
    /** Dates that are not business days. Default: none. */
    holidays: z
      .array(z.iso.date({ message: "holidays must be ISO dates such as 2026-12-25" }))
      .max(400)
      .default([])
      .describe("ISO dates that are not business days (weekends never are). Default: []."),
    /** Async decisions. */
    decisions: DecisionsSchema.prefault({}).describe("Async decisions with /decide."),
    /** The weekly summary issue. */
    summary: SummarySchema.prefault({}).describe("The weekly summary issue."),
    /** The organisation's weekly roll-up (organisation `.github` repository only). */
    rollup: RollupSchema.prefault({}).describe(
      "The organisation's weekly roll-up issue; read from the organisation's .github repository only.",
    ),
    /** The team's short sync and its agenda; off when absent. */
    sync: SyncSchema.optional().describe(
      "The team's short sync and its agenda issue. Off when absent. In the roll-up's config (with rollup.enabled), it is one sync for the whole organisation.",
    ),
    /** Template enforcement. */
    template: TemplateSchema.prefault({}).describe(
      "Template enforcement for pull request and issue descriptions.",
    ),
  })
  .superRefine((c, ctx) => {
    if (c.sync && c.sync.every.amount < 1) {
      ctx.addIssue({
        code: "custom",
        message: "must be at least 1 hour: the syncs would all fall at the same time",
        path: ["sync", "every"],
      });
    }
    if (c.sync && !isOnWeekday(c.sync.first, c.sync.day)) {
      ctx.addIssue({
        code: "custom",
        message: `${c.sync.first} is not a ${c.sync.day}: sync.first is the date of the first sync, on sync.day`,
        path: ["sync", "first"],
      });
    }
    if (c.summary.label.toLowerCase() === c.template.label.toLowerCase()) {
      ctx.addIssue({
        code: "custom",
        message:
          "must differ from template.label: the template check adds and removes that label itself, while the weekly summary finds its own issues by this one",
        path: ["summary", "label"],
      });
    }
  })
  .describe("Configuration for the async-status GitHub App (.github/async-status.yml).");

export type Config = z.output<typeof ConfigSchema>;
export type TemplateConfig = Config["template"];
export type KindConfig = TemplateConfig["pull_requests"] | TemplateConfig["issues"];
export type SectionConfig = z.output<typeof SectionSchema>;

/** The configuration used when a repository has no file. */
export const DEFAULT_CONFIG: Config = ConfigSchema.parse({});
