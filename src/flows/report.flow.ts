// `admin report`: a first summary card of a program's health, from report-summary.ts.
import type { Program } from '../domain/model.ts';
import { formatNumber } from '../ui/i18n/format.ts';
import { card, type Card } from '../ui/model.ts';
import { richText } from '../ui/rich-text.ts';
import type { ActorCtx } from './context.ts';
import { reply } from './effects.ts';
import { pickProgram } from './program-pick.ts';
import type { FlowModule } from './registry.ts';
import { summarizeProgram } from './report-summary.ts';

const percent = (ctx: ActorCtx, rate: number | undefined): string =>
  rate === undefined ? '—' : `${formatNumber(ctx.locale, Math.round(rate * 100))}${ctx.locale === 'fr' ? '\u00a0' : ''}%`;
const one = (ctx: ActorCtx, n: number): string => formatNumber(ctx.locale, Math.round(n * 10) / 10);

export async function reportCard(ctx: ActorCtx, program: Program): Promise<Card> {
  const s = await summarizeProgram(ctx.db, program);
  const facts = [
    { label: ctx.t('report.fact.participants'), value: ctx.t('report.fact.participants_value', { mentees: s.mentees, mentors: s.mentors }) },
    { label: ctx.t('report.fact.match_rate'), value: percent(ctx, s.matchRate) },
    { label: ctx.t('report.fact.acceptance'), value: ctx.t('report.fact.acceptance_value', {
      rate: percent(ctx, s.acceptanceRate), accepted: s.proposals.accepted, declined: s.proposals.declined, expired: s.proposals.expired, pending: s.proposals.pending,
    }) },
    { label: ctx.t('report.fact.checkins'), value: ctx.t('report.fact.checkins_value', { answered: s.checkins.answered, asked: s.checkins.asked }) },
  ];
  const a = s.pulseAverages;
  facts.push(a
    ? { label: ctx.t('report.fact.pulse'), value: ctx.t('report.fact.pulse_value', { satisfaction: one(ctx, a.satisfaction), relationship: one(ctx, a.relationship), progress: one(ctx, a.progress), recommend: one(ctx, a.recommend), count: s.pulseAnswers }) }
    : { label: ctx.t('report.fact.pulse'), value: ctx.t('report.not_enough', { min: s.minGroupSize }) });
  return card({ header: { title: ctx.t('report.title', { program: program.name }) }, sections: [richText(ctx.t('report.privacy'))], facts });
}

export const reportFlow: FlowModule = {
  commands: {
    'admin.report': async (ctx, command) => {
      const picked = await pickProgram(ctx, command.program);
      return picked.ok ? [reply(await reportCard(ctx, picked.value))] : picked.effects;
    },
  },
};
