import MarkdownIt from "markdown-it";

type Token = ReturnType<InstanceType<typeof MarkdownIt>["parse"]>[number];

/**
 * Block-level parser. Only the block structure decides where sections start, so the core
 * `inline` rule is switched off: inline Markdown is parsed on demand, for short candidate
 * titles only. This keeps a 65,536-character body linear and fast; micromark and marked
 * were measured at hundreds of milliseconds (or a stack overflow) on adversarial bodies.
 */
const blockParser = new MarkdownIt("default", { html: true, linkify: false, typographer: false });
blockParser.core.ruler.disable(["inline", "text_join"]);
// A table's cells are words like any paragraph's; its structure does not matter here, and
// the table rule is the costliest on adversarial bodies.
blockParser.block.ruler.disable(["table"]);
const inlineParser = new MarkdownIt("default", { html: true, linkify: false, typographer: false });

/** Titles longer than this are not section titles; it also bounds inline parsing work. */
const MAX_TITLE_LENGTH = 200;

/** A piece of content inside a section. */
export interface ContentUnit {
  /** Source text, with HTML comments removed. */
  text: string;
  /** `task` units are GitHub task-list items; `code` units come from code blocks. */
  kind: "text" | "code" | "task";
  /** For task items: whether the box is ticked. */
  checked?: boolean;
}

/** A place where a section starts: a heading of any level, or a paragraph that is only bold text. */
export interface SectionStart {
  /** Plain title text, e.g. `How to test`. */
  title: string;
  /** 1–6 for headings, 7 for bold-paragraph titles (they nest under every heading). */
  depth: number;
  /** Zero-based source line of the title. */
  line: number;
  /** Content between this start and the next one. */
  units: ContentUnit[];
}

export interface ParsedBody {
  /** Content before the first section start. */
  preamble: ContentUnit[];
  starts: SectionStart[];
}

/** Remove HTML comments (`<!-- … -->`), including an unterminated one, in linear time. */
export function stripHtmlComments(text: string): string {
  let open = text.indexOf("<!--");
  if (open === -1) return text;
  let out = "";
  let from = 0;
  while (open !== -1) {
    out += text.slice(from, open);
    const close = text.indexOf("-->", open + 4);
    if (close === -1) return out;
    from = close + 3;
    open = text.indexOf("<!--", from);
  }
  return out + text.slice(from);
}

/** Characters that can start inline Markdown; text without them is already plain. */
const INLINE_MARKUP = /[\\`*_[\]<>&!~]/;

/** Plain text of a short inline Markdown fragment (emphasis, code, link targets and HTML dropped). */
export function inlineText(source: string): string {
  if (source.length > MAX_TITLE_LENGTH || !INLINE_MARKUP.test(source)) return source;
  const children = inlineParser.parseInline(source, {})[0]?.children ?? [];
  return children
    .filter((t) => t.type === "text" || t.type === "code_inline")
    .map((t) => t.content)
    .join("");
}

/**
 * If `line` is only bold text (`**How to test:**`, `__Why__:`), return its plain title.
 * A trailing colon, inside or outside the bold, is allowed.
 */
function boldTitle(line: string): string | null {
  const trimmed = line.trim();
  if (trimmed.length > MAX_TITLE_LENGTH || !(trimmed.startsWith("**") || trimmed.startsWith("__")))
    return null;
  const children = (inlineParser.parseInline(trimmed, {})[0]?.children ?? []).filter(
    (t) => !(t.type === "text" && t.content === ""),
  );
  const first = children[0];
  const closeIndex = children.findIndex((t) => t.type === "strong_close");
  if (first?.type !== "strong_open" || closeIndex === -1) return null;
  const after = children.slice(closeIndex + 1);
  if (!after.every((t) => t.type === "text" && /^[\s:：.\-–—]*$/u.test(t.content))) return null;
  const title = children
    .slice(1, closeIndex)
    .filter((t) => t.type === "text" || t.type === "code_inline")
    .map((t) => t.content)
    .join("")
    .replace(/[\s:：]+$/u, "")
    .trim();
  return title === "" ? null : title;
}

/**
 * Before parsing: drop a byte-order mark (Windows editors write one; it would hide a
 * first-line heading) and collapse runs of blank lines into one. One blank line ends a
 * paragraph, HTML block or list item exactly as several do, so the block structure is
 * unchanged, while the parser's per-line cost on padding-heavy bodies goes away.
 */
function normalise(body: string): string {
  const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  return text.replace(/\r\n?/g, "\n").replace(/\n(?:[ \t]*\n){2,}/g, "\n\n");
}

/**
 * Lines that could be slash commands: lines of top-level paragraphs only, so commands inside
 * code (fenced or indented), block quotes, lists and HTML comments are not read.
 */
export function commandLines(body: string | null | undefined): string[] {
  if (!body?.includes("/")) return [];
  const lines: string[] = [];
  const tokens = blockParser.parse(normalise(body), {});
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.type !== "paragraph_open" || token.level !== 0) continue;
    const content = stripHtmlComments((tokens[i + 1] as Token).content);
    for (const line of content.split("\n"))
      if (line.trimStart().startsWith("/")) lines.push(line.trim());
  }
  return lines;
}

function cached<T>(cache: Map<string, T>, key: string, compute: (key: string) => T): T {
  let value = cache.get(key);
  if (value === undefined && !cache.has(key)) {
    value = compute(key);
    cache.set(key, value);
  }
  return value as T;
}

const TASK_PREFIX = /^\[([ xX])\](?:\s|$)/;

/**
 * Parse a PR or issue body into section starts and their content. Headings and bold titles
 * only start sections at the top level: inside code blocks, quotes, lists or HTML comments
 * they are content. `null` and `undefined` bodies are empty.
 */
export function parseBody(body: string | null | undefined): ParsedBody {
  const result: ParsedBody = { preamble: [], starts: [] };
  if (!body) return result;
  const tokens = blockParser.parse(normalise(body), {});
  // Bodies repeat their titles (adversarial ones thousands of times): parse each text once.
  const titles = new Map<string, string>();
  const bolds = new Map<string, string | null>();
  let target = result.preamble;
  let firstInlineOfItem = false;

  const push = (unit: ContentUnit) => {
    if (unit.text.trim() !== "") target.push(unit);
  };
  const startSection = (title: string, depth: number, line: number) => {
    const start: SectionStart = { title, depth, line, units: [] };
    result.starts.push(start);
    target = start.units;
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    switch (token.type) {
      case "heading_open": {
        const inline = tokens[i + 1] as Token;
        if (token.level === 0) {
          startSection(
            cached(titles, inline.content, (c) => inlineText(stripHtmlComments(c)).trim()),
            Number(token.tag.slice(1)),
            token.map?.[0] ?? 0,
          );
        } else {
          push({ kind: "text", text: stripHtmlComments(inline.content) });
        }
        i += 2;
        break;
      }
      case "paragraph_open": {
        const inline = tokens[i + 1] as Token;
        const text = stripHtmlComments(inline.content);
        if (token.level === 0 && !firstInlineOfItem) {
          const newline = text.indexOf("\n");
          const firstLine = newline === -1 ? text : text.slice(0, newline);
          const title = cached(bolds, firstLine, boldTitle);
          if (title !== null) {
            startSection(title, 7, token.map?.[0] ?? 0);
            if (newline !== -1) push({ kind: "text", text: text.slice(newline + 1) });
            i += 2;
            break;
          }
        }
        if (firstInlineOfItem) {
          firstInlineOfItem = false;
          const task = TASK_PREFIX.exec(text);
          if (task) {
            push({ kind: "task", checked: task[1] !== " ", text: text.slice(task[0].length) });
            i += 2;
            break;
          }
        }
        push({ kind: "text", text });
        i += 2;
        break;
      }
      case "list_item_open":
        firstInlineOfItem = true;
        break;
      case "inline":
        // Table cells and other inline containers.
        push({ kind: "text", text: stripHtmlComments(token.content) });
        break;
      case "fence":
      case "code_block":
        push({ kind: "code", text: token.content });
        break;
      case "html_block":
        push({ kind: "text", text: stripHtmlComments(token.content) });
        break;
      default:
        // Any other container opening (a nested list, a quote, a fence) means the item's
        // first paragraph, where a task box would be, is not next.
        if (token.type.endsWith("_open")) firstInlineOfItem = false;
        break;
    }
  }
  return result;
}
