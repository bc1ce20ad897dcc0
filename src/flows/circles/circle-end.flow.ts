// A circle that ends because its only leader erased their data (privacy.flow.ts): the people left
// in it get the same neutral notice a pair gets when a partner erases theirs ("has left the
// program"), once, where the circle's messages go (its conversation, or its members as a group).
// Nothing else changes for the conversation: like a circle that ends with its round, it is kept
// (not archived) and gets no more check-ins or pulses (they are asked of running circles only).
import { getCircle } from '../../db/repositories/circle.repository.ts';
import { getProgram } from '../../db/repositories/program.repository.ts';
import { t } from '../../ui/i18n/t.ts';
import { message } from '../../ui/model.ts';
import { paragraph, richText } from '../../ui/rich-text.ts';
import { localeOf } from '../actor.ts';
import type { BaseCtx } from '../context.ts';
import { idOrEmpty } from '../pair-members.ts';
import type { FlowModule } from '../registry.ts';
import { circleRecipient } from './circle-space.flow.ts';
import { topicLabel } from './circle-topic.ts';

/** Tells the people left in a circle that ended with its leader's erasure; once per circle (the key). */
export async function noticeLeaderLeft(ctx: BaseCtx, circleId: string, people: readonly string[]): Promise<void> {
  const circle = await getCircle(ctx.db, circleId);
  if (!circle || circle.state !== 'ended' || people.length === 0) return;
  await ctx.notify({
    workspaceId: circle.workspaceId, kind: 'circle.leader_left', to: circleRecipient(circle, people),
    key: `circle.leader_left:${circle.id}`, payload: { circleId: circle.id },
  });
}

export const circleEndFlow: FlowModule = {
  compose: {
    'circle.leader_left': async (ctx, delivery, recipients, reader) => {
      const id = idOrEmpty(delivery.payload.circleId);
      const circle = id ? await getCircle(ctx.db, id) : undefined;
      if (!circle || circle.state !== 'ended') return undefined;
      const program = await getProgram(ctx.db, circle.programId);
      const locales = [...new Set((reader ? [reader] : recipients).map(localeOf))];
      return message(richText(...locales.map((l) => paragraph(t(l, 'circle.leader_left', { topic: topicLabel(program, circle.topic, l) })))));
    },
  },
};
