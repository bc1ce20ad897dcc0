// app_home_opened: Bolt acknowledges events itself; a retried event (same event_id) publishes
// once, unless the first publish failed: then the retry publishes.
import type { App } from '@slack/bolt';
import { publishHome } from '../effects.ts';
import type { ListenerDeps } from './deps.ts';
import { eventKey, runOnce } from '../request-keys.ts';
import { slackActor } from './actor.ts';
import type { ListenerLogger } from './logger.ts';

export function registerHome(app: App, deps: ListenerDeps, logger: ListenerLogger): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const teamId = body.team_id;
    await deps.work.run(() => runOnce({ ...deps, logger }, eventKey(teamId, body.event_id), { team: teamId, kind: 'event' }, async () => {
      await publishHome(deps, client, slackActor(teamId, event.user));
      return 'done';
    }));
  });
}
