// The typed result of parsing one `/mentor …` text (Slack) or message to the bot (Teams).
import type { PauseSpec } from '../duration.ts';

/** A user mentioned in a command, as the platform knows them; the core maps it to a person. */
export interface MentionedUser {
  readonly platformUserId: string;
}

type NoArgs<N extends string> = { readonly name: N };
type ProgramArg<N extends string> = { readonly name: N; /** Program name or id as typed; absent = let the core pick or ask. */ readonly program?: string };

export type Command =
  | { readonly name: 'help'; readonly topic?: HelpTopic }
  | NoArgs<'find'> | NoArgs<'offer'> | NoArgs<'status'> | NoArgs<'goals'> | NoArgs<'checkin'>
  | { readonly name: 'pause'; readonly pause: PauseSpec }
  | NoArgs<'resume'> | NoArgs<'end'> | NoArgs<'privacy'> | NoArgs<'export'> | NoArgs<'delete'>
  | { readonly name: 'lang'; readonly locale: 'en' | 'fr' }
  | NoArgs<'profile'>
  /** A flash session: one 30-minute conversation with a mentor; the topic as typed, absent = offer the topics. */
  | { readonly name: 'ask'; readonly topic?: string }
  | { readonly name: 'guide'; /** Absent: the guide of the person's own role, or both when they have none yet. */ readonly role?: 'mentor' | 'mentee' }
  | { readonly name: 'admin.program.create'; /** A template's key or title as typed; absent = offer the templates. */ readonly template?: string }
  | ProgramArg<'admin.program.edit'> | NoArgs<'admin.program.list'>
  /** Find a time for the pair's next meeting; `series`: a series at the program's cadence. */
  | { readonly name: 'time'; readonly series?: true }
  /** Without a setting: show the preparation now; with one, turn the day-before preparation on or off. */
  | { readonly name: 'prepare'; readonly setting?: 'on' | 'off' }
  /** The wins log file (and the closing form while it is open); `wins export` says the same. */
  | NoArgs<'wins'>
  | ProgramArg<'admin.round.open'> | ProgramArg<'admin.round.close'> | ProgramArg<'admin.round.status'>
  | ProgramArg<'admin.match'> | ProgramArg<'admin.publish'> | ProgramArg<'admin.report'>
  | { readonly name: 'admin.pin' | 'admin.forbid'; readonly mentee: MentionedUser; readonly mentor: MentionedUser }
  | { readonly name: 'admin.leads.add' | 'admin.leads.remove'; readonly user: MentionedUser; /** As for ProgramArg. */ readonly program?: string }
  /** A circle on a topic (key or label as typed) led by a mentor, or two co-mentors; seats: 3–6, default 5. */
  | { readonly name: 'admin.circle'; readonly topic: string; readonly mentor: MentionedUser; readonly coMentor?: MentionedUser; readonly seats?: number }
  | ProgramArg<'admin.circles'> | ProgramArg<'admin.circles.fill'>
  /** A mentor opens a circle on a topic of a round they mentor in. */
  | { readonly name: 'circle'; readonly topic: string; readonly seats?: number };

export type CommandName = Command['name'];

/** Which usage text the core should show with a refusal (see ui/command-help.ts). */
export const HELP_TOPICS = ['general', 'pause', 'lang', 'guide', 'circle', 'admin', 'admin.program', 'admin.round', 'admin.pairs', 'admin.leads', 'admin.circles'] as const;
export type HelpTopic = (typeof HELP_TOPICS)[number];

export type ParseFailureReason =
  | 'unknown_command' | 'unknown_subcommand' | 'missing_argument' | 'invalid_argument'
  | 'unexpected_argument' | 'not_a_mention';

/** Finer cause for an invalid pause argument, so the reply can say "at most 6 months". */
export type ParseFailureDetail = 'pause.invalid' | 'pause.too_long' | 'pause.zero' | 'pause.bad_date';

export interface ParseFailure {
  readonly ok: false;
  readonly reason: ParseFailureReason;
  readonly hint: HelpTopic;
  /** The word that was not understood, as typed (for "I don't know 'xyz'"). */
  readonly input?: string;
  readonly detail?: ParseFailureDetail;
}

export type ParseResult = { readonly ok: true; readonly command: Command } | ParseFailure;

/** What an adapter passes in; see parse-command.ts for the mention contract. */
export interface CommandInput {
  readonly text: string;
  readonly mentions?: readonly { readonly platformUserId: string; readonly text: string }[];
}
