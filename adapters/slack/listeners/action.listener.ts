// Button clicks: acknowledged at once, then the button's signed ref goes to the core. A repeated
// click on the same message (or the same rendering of a view) acts once. Link buttons are only
// acknowledged: Slack opens the URL itself.
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { carryOut, type RequestSurface } from '../effects.ts';
import type { ListenerDeps } from './deps.ts';
import { BUTTON_ACTION, LINK_ACTION } from '../render/card.ts';
import { actionKey, firstTime } from '../request-keys.ts';
import { slackActor, teamOf } from './actor.ts';
import type { ListenerLogger } from './logger.ts';

export function registerActions(app: App, deps: ListenerDeps, logger: ListenerLogger): void {
  app.action(LINK_ACTION, async ({ ack }) => { await ack(); });

  app.action<BlockAction<ButtonAction>>(BUTTON_ACTION, async ({ ack, body, action, client, respond }) => {
    await ack();
    const teamId = teamOf(body);
    const ref = action.value;
    if (!teamId || typeof ref !== 'string') return;
    await deps.work.run(async () => {
      const container = body.message?.ts
        ? `msg:${body.channel?.id ?? ''}:${body.message.ts}`
        : `view:${body.view?.id ?? ''}:${body.view?.hash ?? ''}`;
      if (!(await firstTime(deps.db, actionKey(teamId, body.user.id, container, action.action_id, ref)))) {
        logger.info({ team: teamId }, 'slack click repeated: ignored');
        return;
      }
      const actor = slackActor(teamId, body.user.id, body.team?.domain);
      const effects = await deps.core.action(actor, ref);
      const containerInfo = body.container as { is_ephemeral?: boolean } | undefined;
      const surface: RequestSurface = {
        client, actor, triggerId: body.trigger_id,
        ...(body.response_url ? { respond } : {}),
        ...(body.message?.ts && body.channel?.id ? { message: {
          channel: body.channel.id, ts: body.message.ts, ephemeral: Boolean(containerInfo?.is_ephemeral),
          ...(Array.isArray(body.message.blocks) ? { blocks: body.message.blocks as unknown[] } : {}),
          ...(typeof body.message.text === 'string' ? { text: body.message.text } : {}),
          ...(typeof action.block_id === 'string' ? { blockId: action.block_id } : {}),
        } } : {}),
        ...(body.view?.type === 'home' ? { home: true } : {}),
        ...(body.view?.type === 'modal' ? { inModal: true } : {}),
      };
      await carryOut(deps, surface, effects);
    });
  });
}
