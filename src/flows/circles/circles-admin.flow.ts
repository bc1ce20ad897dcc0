// `admin circles [program]`: the round's circles with their leaders, seats and state.
// `admin circles fill [program]`: seats the round's mentees (circle-fill.ts), starts the circles
// that have enough of them, and shows the same list with what changed.
import type { Program, Round } from '../../domain/model.ts';
import { listCircles, listMembers } from '../../db/repositories/circle.repository.ts';
import { holdRoundPins } from '../../db/repositories/match-rule.repository.ts';
import { getPeople } from '../../db/repositories/person.repository.ts';
import { getRound } from '../../db/repositories/round.repository.ts';
import { formatList } from '../../ui/i18n/format.ts';
import { card, type Card } from '../../ui/model.ts';
import { bullets, paragraph, richText } from '../../ui/rich-text.ts';
import type { ActorCtx } from '../context.ts';
import { reply, type Effect } from '../effects.ts';
import { say } from '../lead-guard.ts';
import { pickRound } from '../program-pick.ts';
import type { FlowModule } from '../registry.ts';
import { fillCircles, MIN_MEMBERS, type FillResult } from './circle-fill.ts';
import { topicLabel } from './circle-topic.ts';

async function circlesCard(ctx: ActorCtx, program: Program, round: Round, rows: FillResult['circles'], footer?: string): Promise<Card> {
  const names = new Map((await getPeople(ctx.db, rows.flatMap((r) => [r.circle.mentorId, r.circle.coMentorId ?? []].flat()))).map((p) => [p.id, p.displayName]));
  const lines = rows.map(({ circle, members, seatedNow, leaderMissing }) => {
    const leaders = formatList(ctx.locale, [circle.mentorId, circle.coMentorId].flatMap((id) => (id ? [names.get(id) ?? ''] : [])));
    const head = ctx.t('circles.line', { topic: topicLabel(program, circle.topic, ctx.locale), leaders, members, seats: circle.seats });
    const state = leaderMissing ? ctx.t('circles.state.leader_missing')
      : circle.state === 'forming' ? ctx.t('circles.state.forming', { count: MIN_MEMBERS })
      : circle.state === 'active' ? (circle.spaceName ? ctx.t('circles.state.active_space', { name: circle.spaceName }) : ctx.t('circles.state.active'))
      : ctx.t('circles.state.ended');
    return `${head}: ${state}${seatedNow > 0 ? ` ${ctx.t('circles.seated_now', { count: seatedNow })}` : ''}`;
  });
  return card({
    header: { title: ctx.t('circles.title', { program: program.name }), subtitle: round.name },
    sections: [richText(lines.length > 0 ? bullets(...lines) : paragraph(ctx.t('circles.none'))), ...(footer ? [richText(paragraph(footer))] : [])],
  });
}

async function list(ctx: ActorCtx, typed: string | undefined): Promise<readonly Effect[]> {
  const picked = await pickRound(ctx, typed);
  if (!picked.ok) return picked.effects;
  const { program, round } = picked.value;
  const circles = await listCircles(ctx.db, round.id);
  const rows = await Promise.all(circles.map(async (circle) => ({ circle, members: (await listMembers(ctx.db, circle.id)).length, seatedNow: 0, started: false, leaderMissing: false })));
  return [reply(await circlesCard(ctx, program, round, rows))];
}

async function fill(ctx: ActorCtx, typed: string | undefined): Promise<readonly Effect[]> {
  const picked = await pickRound(ctx, typed);
  if (!picked.ok) return picked.effects;
  const { program, round } = picked.value;
  // The round's state is held until the fill commits (the end of the round, which ends its
  // circles, waits; one committed meanwhile is read): no seat in a circle the round has just ended.
  const state = (await getRound(ctx.db, round.id, 'share'))?.state;
  if (state === 'completed' || state === 'cancelled') return say(ctx.t('circles.round_over', { program: program.name }));
  if ((await listCircles(ctx.db, round.id)).length === 0) return say(ctx.t('circles.none'));
  // A mentee pinned to a mentor is not seated, and a seated one cannot be pinned: a pin being set
  // at this moment is waited for (and its mentee left out), or waits and is refused.
  await holdRoundPins(ctx.db, round.id);
  const result = await fillCircles(ctx, program, round);
  const seated = result.circles.reduce((n, r) => n + r.seatedNow, 0);
  const started = result.circles.filter((r) => r.started).length;
  await ctx.audit({ workspaceId: program.workspaceId, actorId: ctx.person.id, action: 'circles.fill', targetType: 'round', targetId: round.id, details: { seated, started, unseated: result.unseated } });
  const footer = [ctx.t('circles.fill.summary', { count: seated }), ctx.t('circles.fill.started', { count: started }),
    ...(result.unseated > 0 ? [ctx.t('circles.fill.unseated', { count: result.unseated })] : [])].join(' ');
  return [reply(await circlesCard(ctx, program, round, result.circles, footer))];
}

export const circlesAdminFlow: FlowModule = {
  commands: {
    'admin.circles': (ctx, command) => list(ctx, command.program),
    'admin.circles.fill': (ctx, command) => fill(ctx, command.program),
  },
};
