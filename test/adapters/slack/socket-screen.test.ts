// Socket Mode envelopes get the HTTP edge's screening: a real Bolt app on the screened Socket Mode
// receiver, fed through the receiver's own `slack_event` path (no socket needed for this part).
import { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { boltLogger } from '../../../adapters/slack/bolt-logger.ts';
import { SLACK_ROUTES } from '../../../adapters/slack/slack-adapter.ts';
import { ScreenedSocketModeReceiver } from '../../../adapters/slack/screened-socket-receiver.ts';
import type { TeamClaim } from '../../../adapters/slack/payload-schemas.ts';

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

function setup() {
  const warnings: string[] = [];
  const logger = { ...quiet, warn: (_obj: object, msg?: string) => { warnings.push(msg ?? ''); } };
  const receiver = new ScreenedSocketModeReceiver({ appToken: 'xapp-test', logger: boltLogger(quiet) }, {
    routes: SLACK_ROUTES, logger,
    trust: async (claim: TeamClaim) => (claim.teamId === 'T_ACME' ? 'trusted' : 'foreign'),
  });
  const app = new App({ receiver, logger: boltLogger(quiet), authorize: async () => ({ botToken: 'xoxb-test', botId: 'BBOT', botUserId: 'UBOT' }) });
  const ran: string[] = [];
  app.command('/mentor', async ({ ack, command }) => { await ack(); ran.push(`command:${command.text}`); });
  app.action(/^mb\.btn\.\d+$/, async ({ ack }) => { await ack(); ran.push('click'); });
  /** Delivers one envelope payload as the Socket Mode client would; resolves with what was acked. */
  const deliver = (body: unknown) => new Promise<{ acked: unknown }>((resolve) => {
    const timer = setTimeout(() => resolve({ acked: 'never' }), 2_000);
    receiver.client.emit('slack_event', {
      body, retry_num: undefined, retry_reason: undefined,
      ack: async (response?: unknown) => { clearTimeout(timer); resolve({ acked: response ?? null }); },
    });
  });
  return { deliver, ran, warnings };
}

const command = (teamId: string) => ({
  command: '/mentor', text: 'help', team_id: teamId, user_id: 'U_ALICE', channel_id: 'C1', trigger_id: 'trig', response_url: 'https://hooks.slack.com/commands/1',
});
const click = (actionId: string, extra: Record<string, unknown> = {}) => ({
  type: 'block_actions', user: { id: 'U_ALICE', team_id: 'T_ACME' }, team: { id: 'T_ACME' }, trigger_id: 'trig', container: { type: 'message' },
  actions: [{ type: 'button', action_id: actionId, value: 'ref' }], ...extra,
});

describe('Socket Mode screening', () => {
  it('dispatches well-formed payloads of the installed workspace to the listeners', async () => {
    const { deliver, ran } = setup();
    await deliver(command('T_ACME'));
    await deliver(click('mb.btn.3'));
    await new Promise((r) => setTimeout(r, 50));
    expect(ran).toEqual(['command:help', 'click']);
  });

  it.each([
    ['a null payload', null],
    ['actions: null', click('mb.btn.3', { actions: null })],
    ['a command without trigger_id', { ...command('T_ACME'), trigger_id: undefined }],
    ['event: null', { type: 'event_callback', team_id: 'T_ACME', event_id: 'Ev1', event: null }],
  ])('acknowledges %s without dispatching it, and logs why', async (_name, body) => {
    const { deliver, ran, warnings } = setup();
    expect((await deliver(body)).acked).toBeNull();
    expect(ran).toEqual([]);
    expect(warnings).toEqual(['slack payload refused: malformed']);
  });

  it('acknowledges another workspace\'s command without running it', async () => {
    const { deliver, ran, warnings } = setup();
    expect((await deliver(command('T_OTHER'))).acked).toBeNull();
    expect(ran).toEqual([]);
    expect(warnings).toEqual(['slack payload refused: not the installed workspace']);
  });

  it('acknowledges unknown action ids at once, and answers option requests with no options', async () => {
    const { deliver, ran } = setup();
    expect((await deliver(click('someone.else'))).acked).toBeNull();
    expect((await deliver({ type: 'block_suggestion', user: { id: 'U_ALICE', team_id: 'T_ACME' }, team: { id: 'T_ACME' }, action_id: 'x', value: 'a' })).acked).toEqual({ options: [] });
    expect(ran).toEqual([]);
  });
});
