/** A span of time as people write it in config and commands: `24h`, `3d`, `2 weeks`, `5bd`. */
export type Span = { unit: "hours" | "days" | "weeks" | "business_days"; amount: number };

const UNITS: Array<[RegExp, Span["unit"]]> = [
  [/^(?:h|hr|hrs|hour|hours)$/, "hours"],
  [/^(?:d|day|days)$/, "days"],
  [/^(?:w|wk|wks|week|weeks)$/, "weeks"],
  [/^(?:bd|bds|business\s+days?|working\s+days?|workdays?)$/, "business_days"],
];

/** Parse `72h`, `3d`, `in 3 days`, `5bd`, `5 business days`, `2 weeks`; `undefined` if it is not a span. */
export function parseSpan(text: string): Span | undefined {
  const match = /^(?:in\s+)?(\d{1,4})\s*([a-z][a-z\s]*)$/i.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unitText = (match[2] ?? "").trim().replace(/\s+/g, " ");
  const unit = UNITS.find(([re]) => re.test(unitText))?.[1];
  return unit ? { unit, amount } : undefined;
}

/** Hours in a calendar span (business days have no fixed length). */
export function spanHours(span: Span): number | undefined {
  switch (span.unit) {
    case "hours":
      return span.amount;
    case "days":
      return span.amount * 24;
    case "weeks":
      return span.amount * 24 * 7;
    case "business_days":
      return undefined;
  }
}

export function formatSpan(span: Span): string {
  const names: Record<Span["unit"], [string, string]> = {
    hours: ["hour", "hours"],
    days: ["day", "days"],
    weeks: ["week", "weeks"],
    business_days: ["business day", "business days"],
  };
  const [one, many] = names[span.unit];
  return `${span.amount} ${span.amount === 1 ? one : many}`;
}
