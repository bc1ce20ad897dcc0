// Button clicks: acknowledged at once, then the button's signed ref goes to the core. A repeated
// click on the same message (or the same rendering of a view) acts once it has succeeded; a
// click whose run failed (the core rolled back, a Web API call failed) can be clicked again.
// Link buttons are only acknowledged: Slack opens the URL itself. The "open the form" button of
// a form that could not open in time opens it, as often as it is clicked.
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { requestFailed } from '../../../src/flows/effects.ts';
import { message } from '../../../src/ui/model.ts';
import { richText } from '../../../src/ui/rich-text.ts';
import { deferredView, OPEN_DEFERRED_ACTION } from '../deferred-views.ts';
import { carryOut, openView, reopenTexts, type RequestSurface } from '../effects.ts';
import type { ListenerDeps } from './deps.ts';
import { BUTTON_ACTION, LINK_ACTION } from '../render/card.ts';
import { actionKey, runOnce } from '../request-keys.ts';
import { slackActor, teamOf } from './actor.ts';
import type { ListenerLogger } from './logger.ts';

export function registerActions(app: App, deps: ListenerDeps, logger: ListenerLogger): void {
  app.action(LINK_ACTION, async ({ ack }) => { await ack(); });

  app.action<BlockAction<ButtonAction>>(BUTTON_ACTION, async ({ ack, body, action, client, respond }) => {
    await ack();
    const teamId = teamOf(body);
    const ref = action.value;
    if (!teamId || typeof ref !== 'string') return;
    const container = body.message?.ts
      ? `msg:${body.channel?.id ?? ''}:${body.message.ts}`
      : `view:${body.view?.id ?? ''}:${body.view?.hash ?? ''}`;
    const key = actionKey(teamId, body.user.id, container, action.action_id, ref);
    await deps.work.run(() => runOnce({ ...deps, logger }, key, { team: teamId, kind: 'click' }, async () => {
      const actor = slackActor(teamId, body.user.id, body.team?.domain);
      const effects = await deps.core.action(actor, ref);
      await carryOut(deps, surfaceOf(body, action, client, respond, actor), effects);
      return requestFailed(effects) ? 'retry' : 'done';
    }));
  });

  app.action<BlockAction<ButtonAction>>(OPEN_DEFERRED_ACTION, async ({ ack, body, action, client, respond }) => {
    await ack();
    const teamId = teamOf(body);
    const id = action.value;
    if (!teamId || typeof id !== 'string') return;
    await deps.work.run(async () => {
      const actor = slackActor(teamId, body.user.id, body.team?.domain);
      const surface = { ...surfaceOf(body, action, client, respond, actor), triggerId: body.trigger_id };
      const view = await deferredView(deps.db, id, teamId, body.user.id, new Date());
      if (view) {
        await openView(deps, surface, view);
        return;
      }
      const texts = await reopenTexts(deps.db, actor);
      await carryOut(deps, surface, [{ type: 'reply', content: message(richText(texts.gone)) }]);
    });
  });
}

function surfaceOf(body: BlockAction<ButtonAction>, action: ButtonAction, client: RequestSurface['client'], respond: NonNullable<RequestSurface['respond']>, actor: RequestSurface['actor']): RequestSurface {
  const containerInfo = body.container as { is_ephemeral?: boolean } | undefined;
  return {
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
}
