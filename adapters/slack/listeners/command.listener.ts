// `/mentor …`: acknowledged at once with an empty 200, then handed to the core; a form opens with
// the command's trigger_id as soon as the core answers, replies go back through response_url.
// The command is done once the core committed and its answer reached Slack; a failed run is
// released, so a redelivery of the same command (same trigger_id) runs it again.
import type { App } from '@slack/bolt';
import { requestFailed } from '../../../src/flows/effects.ts';
import { carryOut } from '../effects.ts';
import type { ListenerDeps } from './deps.ts';
import { commandInput } from '../command-text.ts';
import { commandKey, runOnce } from '../request-keys.ts';
import { slackActor } from './actor.ts';
import type { ListenerLogger } from './logger.ts';

export function registerCommand(app: App, deps: ListenerDeps, logger: ListenerLogger): void {
  app.command(/.*/, async ({ ack, command, client, respond }) => {
    await ack();
    await deps.work.run(() => runOnce({ ...deps, logger }, commandKey(command.team_id, command.trigger_id), { team: command.team_id, kind: 'command' }, async () => {
      const actor = slackActor(command.team_id, command.user_id, command.team_domain);
      const effects = await deps.core.command(actor, commandInput(command.text));
      await carryOut(deps, { client, actor, triggerId: command.trigger_id, respond }, effects);
      return requestFailed(effects) ? 'retry' : 'done';
    }));
  });
}
