// Text from outside (what people type, what a platform says about them) made storable and
// sendable. PostgreSQL refuses NUL in text and JSON, so one NUL used to lose a whole survey
// answer, or lock out a person whose display name held one; a lone surrogate (half an emoji, cut
// by a careless client) is not valid Unicode and cannot be encoded as UTF-8. Control characters
// other than tab, line feed and carriage return are invisible: they are removed. A lone
// surrogate becomes U+FFFD "�", which shows that something was there. Everything the person can
// see of what they typed is kept.

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Nesting deeper than this is not a form a person filled: left for validation to refuse. */
const MAX_DEPTH = 20;

export function cleanText(text: string): string {
  return text.replace(CONTROL, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** `value` with every string in it cleaned, object keys included; other values as they are. */
export function cleanValue<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => cleanValue(v, depth + 1)) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[cleanText(key)] = cleanValue(v, depth + 1);
  return out as T;
}
