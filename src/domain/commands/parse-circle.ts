// Circles in the command grammar: `admin circle <topic> @mentor [@co-mentor] [seats]`,
// `admin circles [fill] [program]` and, for a mentor, `circle <topic> [seats]`.
import { clip } from '../../ui/clip.ts';
import type { MentionedUser, ParseResult } from './command.ts';
import { CIRCLES_ACTIONS, lookup } from './keywords.ts';
import type { Token } from './tokenize.ts';

const MIN_SEATS = 3;
const MAX_SEATS = 6;

type Seats = { ok: true; seats?: number; words: readonly Token[] } | { ok: false; raw: string };

/** A last word that is a number is the seats (3–6); anything else numeric-looking is refused. */
function seatsOf(tokens: readonly Token[]): Seats {
  const last = tokens.at(-1);
  if (!last || !/^\d+$/.test(last.folded)) return { ok: true, words: tokens };
  const seats = Number(last.folded);
  return seats >= MIN_SEATS && seats <= MAX_SEATS ? { ok: true, seats, words: tokens.slice(0, -1) } : { ok: false, raw: last.raw };
}

const topicOf = (words: readonly Token[]): string | undefined => {
  const joined = words.map((w) => w.raw).join(' ').replace(/^["'“”«»‘’\s]+|["'“”«»‘’\s]+$/g, '').trim();
  return joined ? clip(joined, 100) : undefined;
};

export function parseAdminCircle(args: readonly Token[]): ParseResult {
  const people = args.filter((t) => t.mention).map((t): MentionedUser => ({ platformUserId: t.mention! }));
  const seats = seatsOf(args.filter((t) => !t.mention));
  if (!seats.ok) return { ok: false, reason: 'invalid_argument', hint: 'admin.circles', input: seats.raw };
  const topic = topicOf(seats.words);
  if (!topic || people.length === 0) return { ok: false, reason: 'missing_argument', hint: 'admin.circles' };
  if (people.length > 2) return { ok: false, reason: 'unexpected_argument', hint: 'admin.circles', input: args.filter((t) => t.mention)[2]!.raw };
  const [mentor, coMentor] = people as [MentionedUser, MentionedUser | undefined];
  return { ok: true, command: { name: 'admin.circle', topic, mentor, ...(coMentor ? { coMentor } : {}), ...(seats.seats ? { seats: seats.seats } : {}) } };
}

export function parseAdminCircles(args: readonly Token[]): ParseResult {
  const [first, ...more] = args;
  const fill = lookup(CIRCLES_ACTIONS, first?.folded) === 'fill';
  const program = topicOf(fill ? more : args);
  return { ok: true, command: { name: fill ? 'admin.circles.fill' : 'admin.circles', ...(program ? { program } : {}) } };
}

export function parseCircle(args: readonly Token[]): ParseResult {
  const mention = args.find((t) => t.mention);
  if (mention) return { ok: false, reason: 'unexpected_argument', hint: 'circle', input: mention.raw };
  const seats = seatsOf(args);
  if (!seats.ok) return { ok: false, reason: 'invalid_argument', hint: 'circle', input: seats.raw };
  const topic = topicOf(seats.words);
  if (!topic) return { ok: false, reason: 'missing_argument', hint: 'circle' };
  return { ok: true, command: { name: 'circle', topic, ...(seats.seats ? { seats: seats.seats } : {}) } };
}
