// A guard in front of the Socket Mode client's message handling. The client reads
// `payload.event.type` of every events_api envelope before anything can catch it, so an envelope
// without an event rejects a promise nobody awaits (and Node then ends the process); envelopes
// whose payload is not an object, or has no type, reach Bolt and are never acknowledged, so Slack
// waits its 3 seconds. Here such an envelope is acknowledged empty (nothing done) and logged, and
// any failure of the client's own handler is logged instead of escaping.
import type { SocketModeReceiver } from '@slack/bolt';
import { z } from 'zod';
import type { ProductLogger } from './bolt-logger.ts';

const object = z.record(z.string(), z.unknown());
const envelopeShapes = {
  events_api: object.and(z.object({ event: object.and(z.object({ type: z.string() })) })),
  interactive: object.and(z.object({ type: z.string() })),
  slash_commands: object.and(z.object({ command: z.string(), team_id: z.string(), user_id: z.string() })),
} as const;

const envelope = z.object({ envelope_id: z.string().min(1), type: z.string(), payload: z.unknown() });

type MessageHandler = (data: unknown, isBinary: boolean) => unknown;

/** Why an envelope cannot be handed to Bolt, or undefined when it can (or is not an envelope). */
export function envelopeProblem(message: unknown): { envelopeId: string; problem: string } | undefined {
  const parsed = envelope.safeParse(message);
  if (!parsed.success) return undefined;
  const shape = envelopeShapes[parsed.data.type as keyof typeof envelopeShapes];
  if (!shape) return { envelopeId: parsed.data.envelope_id, problem: `unknown envelope type ${parsed.data.type}` };
  const payload = shape.safeParse(parsed.data.payload);
  if (payload.success) return undefined;
  return { envelopeId: parsed.data.envelope_id, problem: payload.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ') };
}

export function guardSocketMessages(receiver: SocketModeReceiver, logger: ProductLogger): void {
  const client = receiver.client;
  const handlers = client.listeners('ws_message') as MessageHandler[];
  if (handlers.length !== 1) throw new Error(`slack.socket_guard: expected the Socket Mode client's one message handler, found ${handlers.length}`);
  const handle = handlers[0]!;
  // The client's own ack: `{ envelope_id, payload }` on the live connection (typed private).
  const ack = (envelopeId: string) => (client as unknown as { send(id: string, body: object): Promise<void> }).send(envelopeId, {});
  client.removeAllListeners('ws_message');
  client.on('ws_message', (data: unknown, isBinary: boolean) => {
    let message: unknown;
    try { message = typeof data === 'string' ? JSON.parse(data) : isBinary ? undefined : JSON.parse(new TextDecoder().decode(data as ArrayBuffer)); } catch { message = undefined; }
    const refused = envelopeProblem(message);
    if (refused) {
      logger.warn({ envelopeId: refused.envelopeId, problem: refused.problem }, 'slack socket envelope malformed: acknowledged, nothing done');
      ack(refused.envelopeId).catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'slack socket ack failed'));
      return;
    }
    Promise.resolve()
      .then(() => handle.call(client, data, isBinary))
      .catch((err: unknown) => logger.error({ err: (err as Error).message }, 'slack socket message failed'));
  });
}
