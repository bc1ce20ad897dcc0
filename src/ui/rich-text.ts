// Rich text shared by messages, card sections and form intros. Adapters map it to mrkdwn /
// Block Kit rich_text (Slack) or TextBlock markdown (Teams); the core never writes markup itself,
// so user-supplied text can never inject formatting or mentions.

export type Inline =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'bold'; readonly text: string }
  | { readonly kind: 'italic'; readonly text: string }
  /** A person by internal (platform-neutral) person id; the adapter resolves the platform user. */
  | { readonly kind: 'mention'; readonly personId: string }
  | { readonly kind: 'link'; readonly url: string; readonly text: string }
  | { readonly kind: 'break' };

export type Block =
  | { readonly kind: 'paragraph'; readonly content: readonly Inline[] }
  | { readonly kind: 'bullets'; readonly items: readonly (readonly Inline[])[] };

export interface RichText {
  readonly blocks: readonly Block[];
}

export type InlineInput = Inline | string;

const toInline = (part: InlineInput): Inline => (typeof part === 'string' ? { kind: 'text', text: part } : part);

export const text = (value: string): Inline => ({ kind: 'text', text: value });
export const bold = (value: string): Inline => ({ kind: 'bold', text: value });
export const italic = (value: string): Inline => ({ kind: 'italic', text: value });
export const mention = (personId: string): Inline => ({ kind: 'mention', personId });
export const link = (url: string, label: string): Inline => ({ kind: 'link', url, text: label });
export const lineBreak: Inline = { kind: 'break' };

export const paragraph = (...parts: InlineInput[]): Block => ({ kind: 'paragraph', content: parts.map(toInline) });
export const bullets = (...items: (InlineInput | InlineInput[])[]): Block => ({
  kind: 'bullets',
  items: items.map((item) => (Array.isArray(item) ? item.map(toInline) : [toInline(item)])),
});

export const richText = (...blocks: (Block | string)[]): RichText => ({
  blocks: blocks.map((b) => (typeof b === 'string' ? paragraph(b) : b)),
});

