// Turns the command parser's outcomes into what the person reads: the help screen, and a
// refusal that says what went wrong plus the usage of the command they tried.
import type { HelpTopic, ParseFailure, ParseFailureDetail } from '../domain/commands/command.ts';
import type { PauseEndResult } from '../domain/duration.ts';
import type { Locale } from './i18n/catalog.ts';
import { t } from './i18n/t.ts';
import { message, type Message } from './model.ts';
import { bold, bullets, paragraph, richText, type Block } from './rich-text.ts';

export interface HelpOptions {
  /** "/mentor " on Slack; "" on Teams, where people type the word to the bot. */
  readonly commandPrefix: string;
  readonly isLead: boolean;
  /** Teams: the word `home` shows the home cards (Teams has no App Home), so the help lists it. */
  readonly homeCommand?: boolean;
}

function usageLines(locale: Locale, topic: HelpTopic, prefix: string): string[] {
  const p = { prefix };
  switch (topic) {
    case 'pause': return [t(locale, 'help.cmd.pause', p), t(locale, 'help.cmd.resume', p)];
    case 'lang': return [t(locale, 'help.cmd.lang', p)];
    case 'guide': return [t(locale, 'help.cmd.guide', p)];
    case 'admin.program': return [t(locale, 'help.cmd.admin_program', p)];
    case 'admin.round': return [t(locale, 'help.cmd.admin_round', p)];
    case 'admin.pairs': return [t(locale, 'help.cmd.admin_pairs', p)];
    case 'admin.leads': return [t(locale, 'help.cmd.admin_leads', p)];
    case 'admin.circles': return [t(locale, 'help.cmd.admin_circles', p)];
    case 'circle': return [t(locale, 'help.cmd.circle', p)];
    case 'admin': return adminLines(locale, prefix);
    case 'general': return [t(locale, 'help.more', p)];
  }
}

function adminLines(locale: Locale, prefix: string): string[] {
  const p = { prefix };
  return [
    t(locale, 'help.cmd.admin_program', p), t(locale, 'help.cmd.admin_round', p), t(locale, 'help.cmd.admin_match', p),
    t(locale, 'help.cmd.admin_pairs', p), t(locale, 'help.cmd.admin_publish', p), t(locale, 'help.cmd.admin_report', p),
    t(locale, 'help.cmd.admin_leads', p), t(locale, 'help.cmd.admin_circles', p),
  ];
}

export function helpMessage(locale: Locale, options: HelpOptions, topic: HelpTopic = 'general'): Message {
  const p = { prefix: options.commandPrefix };
  if (topic !== 'general') return message(richText(bullets(...usageLines(locale, topic, options.commandPrefix))));
  const blocks: Block[] = [
    paragraph(bold(t(locale, 'help.title'))),
    paragraph(t(locale, 'help.intro')),
    paragraph(bold(t(locale, 'help.employee_heading'))),
    bullets(
      t(locale, 'help.cmd.find', p), t(locale, 'help.cmd.offer', p), t(locale, 'help.cmd.ask', p), t(locale, 'help.cmd.status', p),
      ...(options.homeCommand ? [t(locale, 'help.cmd.home', p)] : []),
      t(locale, 'help.cmd.goals', p), t(locale, 'help.cmd.time', p), t(locale, 'help.cmd.checkin', p), t(locale, 'help.cmd.prepare', p),
      t(locale, 'help.cmd.pause', p), t(locale, 'help.cmd.resume', p), t(locale, 'help.cmd.end', p), t(locale, 'help.cmd.wins', p), t(locale, 'help.cmd.profile', p),
      t(locale, 'help.cmd.guide', p), t(locale, 'help.cmd.privacy', p), t(locale, 'help.cmd.lang', p),
    ),
    paragraph(t(locale, 'help.french_words')),
    paragraph(t(locale, 'help.privacy_note')),
  ];
  if (options.isLead) blocks.push(paragraph(bold(t(locale, 'help.admin_heading'))), bullets(...adminLines(locale, options.commandPrefix)));
  return message(richText(...blocks));
}

export function pauseErrorText(locale: Locale, reason: ParseFailureDetail | Extract<PauseEndResult, { ok: false }>['reason']): string {
  switch (reason) {
    case 'pause.invalid': return t(locale, 'pause.error.invalid');
    case 'pause.zero': return t(locale, 'pause.error.zero');
    case 'pause.too_long': return t(locale, 'pause.error.too_long');
    case 'pause.bad_date': return t(locale, 'pause.error.bad_date');
    case 'pause.not_in_future': return t(locale, 'pause.error.not_in_future');
  }
}

function failureText(locale: Locale, failure: ParseFailure): string {
  const input = failure.input ?? '';
  if (failure.detail) return pauseErrorText(locale, failure.detail);
  switch (failure.reason) {
    case 'unknown_command': return t(locale, 'command.error.unknown_command', { input });
    case 'unknown_subcommand': return t(locale, 'command.error.unknown_subcommand', { input });
    case 'missing_argument': return t(locale, 'command.error.missing_argument');
    case 'invalid_argument': return t(locale, 'command.error.invalid_argument', { input });
    case 'unexpected_argument': return t(locale, 'command.error.unexpected_argument', { input });
    case 'not_a_mention': return t(locale, 'command.error.not_a_mention', { input });
  }
}

/** What went wrong, then how to write the command (or where to find help). */
export function commandRefusalMessage(locale: Locale, failure: ParseFailure, options: HelpOptions): Message {
  const usage = usageLines(locale, failure.hint, options.commandPrefix);
  const blocks: Block[] = [paragraph(failureText(locale, failure))];
  if (failure.hint === 'general') blocks.push(paragraph(usage[0] ?? ''));
  else blocks.push(paragraph(t(locale, 'command.usage')), bullets(...usage));
  return message(richText(...blocks));
}
