// Socket Mode gets the same screening as HTTP (payload-schemas.ts, workspace-trust.ts): Slack
// has already authenticated the socket, so there is no signature, but a payload is dispatched to
// Bolt only when its shape and workspace hold. Everything else is acknowledged (so Slack does not
// redeliver it) and logged, and nothing runs. Bolt's receivers only ever call `processEvent` on
// the app they are given, so this receiver hands its parent a screen in front of the app's.
import { SocketModeReceiver, type App, type ReceiverEvent, type SocketModeReceiverOptions } from '@slack/bolt';
import type { ProductLogger } from './bolt-logger.ts';
import { screenSlackPayload, type SlackRoutes, type TeamClaim } from './payload-schemas.ts';
import type { TrustVerdict } from './workspace-trust.ts';

export interface PayloadScreen {
  readonly routes: SlackRoutes;
  readonly trust?: (claim: TeamClaim) => Promise<TrustVerdict>;
  readonly logger: ProductLogger;
}

/** Whether Bolt should see this event; acknowledges and logs the ones it should not. */
export async function screenReceiverEvent(event: ReceiverEvent, screen: PayloadScreen): Promise<boolean> {
  const screened = screenSlackPayload(event.body, screen.routes);
  const context = { kind: screened.kind, transport: 'socket', retry: event.retryNum };
  if (screened.verdict === 'reject') {
    screen.logger.warn({ ...context, detail: screened.reason }, 'slack payload refused: malformed');
    await event.ack();
    return false;
  }
  if (screened.team && screen.trust) {
    const verdict = await screen.trust(screened.team);
    if (verdict !== 'trusted') {
      screen.logger.warn({ ...context, team: screened.team.teamId?.slice(0, 40), verdict }, 'slack payload refused: not the installed workspace');
      // Unverified (Slack unreachable for auth.test): left unacknowledged, so Slack redelivers it.
      if (verdict === 'foreign') await event.ack();
      return false;
    }
  }
  if (screened.verdict === 'ignore') {
    screen.logger.info({ ...context, reason: screened.reason }, 'slack payload not handled: acknowledged');
    await event.ack(screened.reply);
    return false;
  }
  return true;
}

export class ScreenedSocketModeReceiver extends SocketModeReceiver {
  readonly #screen: PayloadScreen;

  constructor(options: SocketModeReceiverOptions, screen: PayloadScreen) {
    super(options);
    this.#screen = screen;
  }

  override init(app: App): void {
    const screen = this.#screen;
    const gate = {
      async processEvent(event: ReceiverEvent): Promise<void> {
        if (await screenReceiverEvent(event, screen)) await app.processEvent(event);
      },
    };
    super.init(gate as unknown as App);
  }
}
