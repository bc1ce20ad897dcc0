// What `admin report` says of a program's circles, apart from its pairs: how many circles run and
// how many mentees sit in them, and, over every circle of the program together, the check-in
// answers of past months only (a month's figures no longer move once it is over, so comparing two
// reports cannot isolate one answer): how many met, and how useful they found it. Each figure
// needs answers from at least the program's minimum group size of people, as every report
// figure does (domain/evaluation/privacy.ts); one circle alone is always too small to show.
// The program's pulses answered about circles (circle-pulse.flow.ts) are averaged the same way,
// over closed pulses only, so a figure never moves while people are still answering.
import { averageFigure, figure, rateFigure, tooFew, WITHHELD, type Figure } from '../../domain/evaluation/privacy.ts';
import type { Program } from '../../domain/model.ts';
import type { Db } from '../../db/repositories/db.ts';
import { card, type Card } from '../../ui/model.ts';
import { richText } from '../../ui/rich-text.ts';
import type { ActorCtx } from '../context.ts';
import { oneDecimal, percent, shown } from '../evaluation/report-facts.ts';

export interface CircleFigures {
  readonly running: number;
  readonly ended: number;
  readonly seated: Figure;
  readonly met: Figure;
  readonly usefulness: Figure;
  readonly pulseSatisfaction: Figure;
  readonly pulseProgress: Figure;
}

/** The first instant of the month `now` is in (UTC): answers before it belong to months that are over. */
const monthStart = (now: Date): Date => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));

export async function loadCircleFigures(db: Db, program: Program, now: Date): Promise<CircleFigures | undefined> {
  const circles = await db.selectFrom('circles').select(['id', 'state']).where('program_id', '=', program.id).where('state', '<>', 'forming').execute();
  if (circles.length === 0) return undefined;
  const min = program.settings.minGroupSize;
  const ids = circles.map((c) => c.id);
  const seated = (await db.selectFrom('circle_members').select(({ fn }) => fn.countAll<number>().as('n')).where('circle_id', 'in', ids).executeTakeFirst())?.n ?? 0;
  const answers = await db.selectFrom('circle_checkins').select(['person_id', 'met', 'usefulness'])
    .where('circle_id', 'in', ids).where('answered_at', '<', monthStart(now)).execute();
  const people = new Set(answers.map((a) => a.person_id)).size;
  const rated = answers.filter((a) => a.usefulness !== null);
  const ratedPeople = new Set(rated.map((a) => a.person_id)).size;
  const pulses = await db.selectFrom('circle_pulse_answers').innerJoin('pulses', 'pulses.id', 'circle_pulse_answers.pulse_id')
    .select(['circle_pulse_answers.person_id', 'circle_pulse_answers.satisfaction', 'circle_pulse_answers.progress'])
    .where('circle_pulse_answers.circle_id', 'in', ids).where('pulses.closes_at', '<=', now).execute();
  // Withheld unless enough distinct people answered (one person's several pulses count once here).
  const pulsePeople = new Set(pulses.map((a) => a.person_id)).size;
  const pulseAverage = (pick: (a: (typeof pulses)[number]) => number): Figure =>
    (pulsePeople >= min ? averageFigure(pulses.reduce((s, a) => s + pick(a), 0), pulses.length, 1) : WITHHELD);
  return {
    running: circles.filter((c) => c.state === 'active').length,
    ended: circles.filter((c) => c.state === 'ended').length,
    seated: tooFew(Number(seated), min) ? WITHHELD : figure(Number(seated), Number(seated)),
    met: rateFigure(answers.filter((a) => a.met === 'yes').length, answers.length, people, min),
    // Withheld unless enough distinct people rated (the answers of one person count once here).
    usefulness: ratedPeople >= min ? averageFigure(rated.reduce((s, a) => s + a.usefulness!, 0), rated.length, 1) : WITHHELD,
    pulseSatisfaction: pulseAverage((a) => a.satisfaction),
    pulseProgress: pulseAverage((a) => a.progress),
  };
}

export function circleReportCard(ctx: ActorCtx, program: Program, f: CircleFigures): Card {
  const r = { t: ctx.t, locale: ctx.locale, min: program.settings.minGroupSize };
  return card({
    header: { title: ctx.t('report.circles.title') },
    sections: [richText(ctx.t('report.circles.note'))],
    facts: [
      { label: ctx.t('report.circles.running'), value: ctx.t('report.circles.count', { running: f.running, ended: f.ended }) },
      { label: ctx.t('report.circles.seated'), value: shown(r, f.seated, (v) => String(v)) },
      { label: ctx.t('report.circles.met'), value: shown(r, f.met, (v) => percent(r, v)) },
      { label: ctx.t('report.circles.usefulness'), value: shown(r, f.usefulness, (v) => `${oneDecimal(r, v)} / 5`) },
      { label: ctx.t('report.circles.pulse_satisfaction'), value: shown(r, f.pulseSatisfaction, (v) => `${oneDecimal(r, v)} / 5`) },
      { label: ctx.t('report.circles.pulse_progress'), value: shown(r, f.pulseProgress, (v) => `${oneDecimal(r, v)} / 5`) },
    ],
  });
}
