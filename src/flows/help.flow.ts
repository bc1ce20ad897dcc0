// `help` and `lang`: what the bot does, and which language it speaks with you.
import { setLocaleOverride } from '../db/repositories/person.repository.ts';
import { helpMessage } from '../ui/command-help.ts';
import { t } from '../ui/i18n/t.ts';
import { message } from '../ui/model.ts';
import { richText } from '../ui/rich-text.ts';
import { commandPrefixFor } from './command-prefix.ts';
import { reply } from './effects.ts';
import type { FlowModule } from './registry.ts';

export const helpFlow: FlowModule = {
  commands: {
    help: async (ctx, command) => [reply(helpMessage(ctx.locale, { commandPrefix: commandPrefixFor(ctx.workspace.platform), isLead: ctx.isLead, homeCommand: ctx.workspace.platform === 'teams' }, command.topic))],
    lang: async (ctx, command) => {
      await setLocaleOverride(ctx.db, ctx.person.id, command.locale);
      return [reply(message(richText(t(command.locale, 'lang.changed'))))];
    },
  },
};
