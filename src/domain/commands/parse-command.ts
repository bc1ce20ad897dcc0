// The one command grammar for both platforms. Never throws: anything not understood comes
// back as { ok: false, reason, hint } and the core answers with the matching help.
//
// Mention contract: the parser never reads platform markup. The adapter either
//   - passes `mentions` with the exact text each mention occupies in `text` (Slack escaped
//     `<@U123ABC|alice>`, Teams `<at>Alice</at>` with the entity's user id), in order, or
//   - writes mentions into `text` as normalised tokens `@{platformUserId}` itself.
// The adapter strips the bot's own mention (Teams channel messages start with it).
// Slack slash commands must have "escape channels, users and links" on, or mentions arrive
// as bare "@alice" and are refused as not_a_mention.
import { DEFAULT_PAUSE, isCalendarDate, parsePauseDuration } from '../duration.ts';
import { clip } from '../../ui/clip.ts';
import type { Command, CommandInput, HelpTopic, MentionedUser, ParseFailure, ParseFailureDetail, ParseFailureReason, ParseResult } from './command.ts';
import { ADMIN, EXPORT_WORDS, LANGUAGES, LEADS_ACTIONS, lookup, PROGRAM_ACTIONS, ROLES, ROUND_ACTIONS, SERIES, SWITCHES, TOP_LEVEL, UNTIL } from './keywords.ts';
import { fold, tokenize, type Token } from './tokenize.ts';
import { parseAdminCircle, parseAdminCircles, parseCircle } from './parse-circle.ts';

const MAX_INPUT = 2000;

const fail = (reason: ParseFailureReason, hint: HelpTopic, input?: string, detail?: ParseFailureDetail): ParseFailure => ({
  ok: false, reason, hint, ...(input !== undefined ? { input } : {}), ...(detail ? { detail } : {}),
});
const ok = (command: Command): ParseResult => ({ ok: true, command });

/** What the user typed after the consumed words, quotes removed; undefined when nothing. */
function rest(tokens: readonly Token[]): string | undefined {
  const joined = tokens.map((t) => t.raw).join(' ').replace(/^["'“”«»‘’\s]+|["'“”«»‘’\s]+$/g, '').trim();
  return joined.length > 0 ? clip(joined, 200) : undefined;
}

function noMore(tokens: readonly Token[], command: Command, hint: HelpTopic): ParseResult {
  return tokens.length === 0 ? ok(command) : fail('unexpected_argument', hint, tokens[0]?.raw);
}

function mentions(tokens: readonly Token[], count: number, hint: HelpTopic): MentionedUser[] | ParseFailure {
  if (tokens.length < count) return fail('missing_argument', hint);
  if (tokens.length > count) return fail('unexpected_argument', hint, tokens[count]?.raw);
  const users: MentionedUser[] = [];
  for (const t of tokens) {
    if (!t.mention) return fail('not_a_mention', hint, t.raw);
    users.push({ platformUserId: t.mention });
  }
  return users;
}

/** "15/04/2027" (the French way of writing a date) → "2027-04-15". */
function isoDate(word: string): string {
  const dmy = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(word);
  return dmy ? `${dmy[3]}-${(dmy[2] as string).padStart(2, '0')}-${(dmy[1] as string).padStart(2, '0')}` : word;
}

function parsePause(args: readonly Token[]): ParseResult {
  if (args.length === 0) return ok({ name: 'pause', pause: { kind: 'for', duration: DEFAULT_PAUSE } });
  const first = args[0] as Token;
  if (UNTIL.includes(first.folded)) {
    if (args.length === 1) return fail('missing_argument', 'pause');
    if (args.length > 2) return fail('unexpected_argument', 'pause', args[2]?.raw);
    const date = isoDate((args[1] as Token).folded);
    if (!isCalendarDate(date)) return fail('invalid_argument', 'pause', (args[1] as Token).raw, 'pause.bad_date');
    return ok({ name: 'pause', pause: { kind: 'until', date } });
  }
  // A bare date is unambiguous too: "pause 2027-04-15".
  const date = isoDate(first.folded);
  if (args.length === 1 && /^\d{4}-\d{2}-\d{2}$/.test(date)) {
    return isCalendarDate(date)
      ? ok({ name: 'pause', pause: { kind: 'until', date } })
      : fail('invalid_argument', 'pause', first.raw, 'pause.bad_date');
  }
  if (args.length > 2) return fail('unexpected_argument', 'pause', args[2]?.raw);
  const parsed = parsePauseDuration(args.map((a) => a.folded).join(''));
  if (!parsed.ok) return fail('invalid_argument', 'pause', args.map((a) => a.raw).join(' '), parsed.reason);
  return ok({ name: 'pause', pause: { kind: 'for', duration: parsed.duration } });
}

function parseLang(args: readonly Token[]): ParseResult {
  if (args.length === 0) return fail('missing_argument', 'lang');
  if (args.length > 1) return fail('unexpected_argument', 'lang', args[1]?.raw);
  const word = (args[0] as Token).folded;
  const locale = lookup(LANGUAGES, word) ?? lookup(LANGUAGES, word.split(/[-_]/)[0]);
  return locale ? ok({ name: 'lang', locale }) : fail('invalid_argument', 'lang', (args[0] as Token).raw);
}

function parseGuide(args: readonly Token[]): ParseResult {
  if (args.length === 0) return ok({ name: 'guide' });
  if (args.length > 1) return fail('unexpected_argument', 'guide', args[1]?.raw);
  const role = lookup(ROLES, (args[0] as Token).folded);
  return role ? ok({ name: 'guide', role }) : fail('invalid_argument', 'guide', (args[0] as Token).raw);
}

function parsePrepare(args: readonly Token[]): ParseResult {
  if (args.length === 0) return ok({ name: 'prepare' });
  if (args.length > 1) return fail('unexpected_argument', 'general', args[1]?.raw);
  const setting = lookup(SWITCHES, (args[0] as Token).folded);
  return setting ? ok({ name: 'prepare', setting }) : fail('invalid_argument', 'general', (args[0] as Token).raw);
}

function withProgram(name: Extract<Command, { program?: string; user?: never }>['name'], args: readonly Token[]): ParseResult {
  const program = rest(args);
  return ok(program ? { name, program } : { name });
}

function parseAdmin(args: readonly Token[]): ParseResult {
  const [sub, action, ...more] = args;
  if (!sub) return fail('missing_argument', 'admin');
  switch (lookup(ADMIN, sub.folded)) {
    case 'program': {
      const verb = lookup(PROGRAM_ACTIONS, action?.folded);
      if (!verb) return fail(action ? 'unknown_subcommand' : 'missing_argument', 'admin.program', action?.raw);
      if (verb === 'create') {
        const template = rest(more);
        return ok(template ? { name: 'admin.program.create', template } : { name: 'admin.program.create' });
      }
      if (verb === 'list') return noMore(more, { name: 'admin.program.list' }, 'admin.program');
      return withProgram('admin.program.edit', more);
    }
    case 'round': {
      const verb = lookup(ROUND_ACTIONS, action?.folded);
      if (!verb) return fail(action ? 'unknown_subcommand' : 'missing_argument', 'admin.round', action?.raw);
      return withProgram(`admin.round.${verb}`, more);
    }
    case 'match': return withProgram('admin.match', args.slice(1));
    case 'publish': return withProgram('admin.publish', args.slice(1));
    case 'report': return withProgram('admin.report', args.slice(1));
    case 'pin':
    case 'forbid': {
      const users = mentions(args.slice(1), 2, 'admin.pairs');
      if (!Array.isArray(users)) return users;
      const [mentee, mentor] = users as [MentionedUser, MentionedUser];
      return ok({ name: lookup(ADMIN, sub.folded) === 'pin' ? 'admin.pin' : 'admin.forbid', mentee, mentor });
    }
    case 'leads': {
      const verb = lookup(LEADS_ACTIONS, action?.folded);
      if (!verb) return fail(action ? 'unknown_subcommand' : 'missing_argument', 'admin.leads', action?.raw);
      // `admin leads add @person [program]`: the program name, if any, follows the mention.
      const users = mentions(more.slice(0, 1), 1, 'admin.leads');
      if (!Array.isArray(users)) return users;
      const program = rest(more.slice(1));
      return ok({ name: `admin.leads.${verb}`, user: users[0] as MentionedUser, ...(program ? { program } : {}) });
    }
    case 'circle': return parseAdminCircle(args.slice(1));
    case 'circles': return parseAdminCircles(args.slice(1));
    default: return fail('unknown_subcommand', 'admin', sub.raw);
  }
}

export function parseCommand(input: CommandInput): ParseResult {
  const text = typeof input?.text === 'string' ? input.text.slice(0, MAX_INPUT) : '';
  const tokens = tokenize({ text, mentions: Array.isArray(input?.mentions) ? input.mentions : [] });
  // Tolerate the command name itself, e.g. a Teams user typing "/mentor status".
  if (tokens[0] && ['/mentor', 'mentor'].includes(tokens[0].folded) && tokens.length > 1) tokens.shift();
  const [head, ...args] = tokens;
  if (!head) return ok({ name: 'help' });
  const word = lookup(TOP_LEVEL, head.folded);
  switch (word) {
    case undefined: return fail('unknown_command', 'general', head.raw);
    case 'help': {
      const topic = helpTopicOf(args);
      return ok(topic ? { name: 'help', topic } : { name: 'help' });
    }
    case 'pause': return parsePause(args);
    case 'lang': return parseLang(args);
    case 'guide': return parseGuide(args);
    case 'time': return args.length === 1 && SERIES.includes((args[0] as Token).folded) ? ok({ name: 'time', series: true }) : noMore(args, { name: 'time' }, 'general');
    case 'prepare': return parsePrepare(args);
    case 'wins': return args.length === 1 && EXPORT_WORDS.includes((args[0] as Token).folded) ? ok({ name: 'wins' }) : noMore(args, { name: 'wins' }, 'general');
    case 'ask': {
      const topic = rest(args);
      return ok(topic ? { name: 'ask', topic } : { name: 'ask' });
    }
    case 'circle': return parseCircle(args);
    case 'admin': return parseAdmin(args);
    default: return noMore(args, { name: word }, 'general');
  }
}

/** "help pause", "aide admin round": help about one command; anything else: general help. */
function helpTopicOf(args: readonly Token[]): HelpTopic | undefined {
  const [first, second] = args.map((a) => fold(a.raw));
  const top = lookup(TOP_LEVEL, first);
  if (top === 'pause' || top === 'lang' || top === 'guide' || top === 'circle') return top;
  if (top !== 'admin') return undefined;
  const sub = lookup(ADMIN, second);
  if (sub === 'program' || sub === 'round' || sub === 'leads') return `admin.${sub}`;
  if (sub === 'pin' || sub === 'forbid') return 'admin.pairs';
  if (sub === 'circle' || sub === 'circles') return 'admin.circles';
  return 'admin';
}
