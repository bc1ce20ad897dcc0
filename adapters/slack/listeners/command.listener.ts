// `/mentor …`: acknowledged at once with an empty 200, then handed to the core; a form opens with
// the command's trigger_id as soon as the core answers, replies go back through response_url.
import type { App } from '@slack/bolt';
import { carryOut } from '../effects.ts';
import type { ListenerDeps } from './deps.ts';
import { commandInput } from '../command-text.ts';
import { commandKey, firstTime } from '../request-keys.ts';
import { slackActor } from './actor.ts';
import type { ListenerLogger } from './logger.ts';

export function registerCommand(app: App, deps: ListenerDeps, logger: ListenerLogger): void {
  app.command(/.*/, async ({ ack, command, client, respond }) => {
    await ack();
    await deps.work.run(async () => {
      if (!(await firstTime(deps.db, commandKey(command.team_id, command.trigger_id)))) {
        logger.info({ team: command.team_id }, 'slack command repeated: ignored');
        return;
      }
      const actor = slackActor(command.team_id, command.user_id, command.team_domain);
      const effects = await deps.core.command(actor, commandInput(command.text));
      await carryOut(deps, { client, actor, triggerId: command.trigger_id, respond }, effects);
    });
  });
}
