// Timed work of an open round: one reminder to people who started a survey and did not submit
// it, and the deadline that closes the round (then tells the program's leads it is time to match).
import { takesPart, type Role } from '../../domain/model.ts';
import { tellUndecided } from './approval.flow.ts';
import { listEnrollments } from '../../db/repositories/enrollment.repository.ts';
import { listProgramLeads } from '../../db/repositories/lead.repository.ts';
import { getProgram } from '../../db/repositories/program.repository.ts';
import { getRound, transitionRound } from '../../db/repositories/round.repository.ts';
import { formatDateTime } from '../../ui/i18n/format.ts';
import { t } from '../../ui/i18n/t.ts';
import { card } from '../../ui/model.ts';
import { richText } from '../../ui/rich-text.ts';
import { localeOf } from '../actor.ts';
import type { FlowModule } from '../registry.ts';
import { rankingOpen, rankingProgress, startRanking } from '../shortlist/ranking-phase.ts';

const isRole = (v: unknown): v is Role => v === 'mentee' || v === 'mentor';

export const surveyJobsFlow: FlowModule = {
  jobs: {
    'survey.deadline': async (ctx, payload) => {
      const round = await getRound(ctx.db, String(payload.roundId ?? ''));
      // Closed by a lead already, or the deadline was moved later: nothing to do now.
      if (!round || round.state !== 'open' || (round.surveyDeadline && round.surveyDeadline > ctx.now)) return;
      const closed = await transitionRound(ctx.db, round.id, ['open'], 'closed', { closed_at: ctx.now });
      if (!closed) return;
      await tellUndecided(ctx, round.id);
      const program = await getProgram(ctx.db, round.programId);
      // A "mentee chooses" program: the shortlists go out now (the leads' notice says so).
      if (program) await startRanking(ctx, program, closed);
      for (const personId of await listProgramLeads(ctx.db, round.programId)) {
        await ctx.notify({
          workspaceId: round.workspaceId, kind: 'round.closed', to: { kind: 'person', personId },
          key: `round.closed:${round.id}:${personId}`, payload: { roundId: round.id },
        });
      }
    },

    'survey.reminder': async (ctx, payload) => {
      const round = await getRound(ctx.db, String(payload.roundId ?? ''));
      if (!round || round.state !== 'open') return;
      const enrollments = await listEnrollments(ctx.db, round.id);
      const submitted = new Set(enrollments.filter((e) => e.status === 'submitted').map((e) => `${e.personId}:${e.role}`));
      for (const e of enrollments) {
        if (e.status !== 'started' || submitted.has(`${e.personId}:${e.role}`)) continue;
        await ctx.notify({
          workspaceId: round.workspaceId, kind: 'survey.reminder', to: { kind: 'person', personId: e.personId },
          key: `survey.reminder:${round.id}:${e.personId}:${e.role}`, payload: { roundId: round.id, role: e.role },
        });
      }
    },
  },

  compose: {
    'survey.reminder': async (ctx, delivery, recipients) => {
      const round = await getRound(ctx.db, String(delivery.payload.roundId ?? ''));
      const reader = recipients[0];
      const role = delivery.payload.role;
      if (!round || round.state !== 'open' || !reader || !isRole(role)) return undefined;
      const submitted = (await listEnrollments(ctx.db, round.id, { status: 'submitted', role })).some((e) => e.personId === reader.id);
      if (submitted) return undefined;
      const locale = localeOf(reader);
      const expiresAt = round.surveyDeadline ?? new Date(ctx.now.getTime() + 7 * 86_400_000);
      return card({
        header: { title: t(locale, 'survey_reminder.title') },
        sections: [richText(t(locale, 'survey_reminder.body', { date: formatDateTime(locale, expiresAt, reader.timezone) }))],
        actions: [{ kind: 'button', label: t(locale, 'survey_reminder.continue'), style: 'primary', ref: ctx.deps.signer.sign({ kind: 'survey.open', subjects: [round.id, role], personId: reader.id, expiresAt }) }],
      });
    },

    'round.closed': async (ctx, delivery, recipients) => {
      const round = await getRound(ctx.db, String(delivery.payload.roundId ?? ''));
      const reader = recipients[0];
      const program = round && await getProgram(ctx.db, round.programId);
      if (!round || !program || !reader || round.state !== 'closed') return undefined;
      const locale = localeOf(reader);
      const submitted = (await listEnrollments(ctx.db, round.id, { status: 'submitted' })).filter(takesPart);
      const mentors = submitted.filter((e) => e.role === 'mentor').length;
      const ranking = rankingOpen(round);
      const offered = ranking ? (await rankingProgress(ctx, round.id)).offered : 0;
      const sign = (kind: string) => ctx.deps.signer.sign({ kind, subjects: [round.id], personId: reader.id, expiresAt: new Date(ctx.now.getTime() + 30 * 86_400_000) });
      return card({
        header: { title: t(locale, 'round.closed_notice.title', { program: program.name }) },
        sections: [richText(t(locale, 'round.closed_notice.body', { mentees: submitted.length - mentors, mentors })),
          ...(ranking ? [richText(t(locale, 'shortlist.opened', { count: offered, date: formatDateTime(locale, round.rankingDeadline!, reader.timezone) }))] : [])],
        actions: [ranking
          ? { kind: 'button', label: t(locale, 'shortlist.action.close'), style: 'default', ref: sign('lead.shortlist.close') }
          : { kind: 'button', label: t(locale, 'match.action.preview'), style: 'primary', ref: sign('lead.match.run') }],
      });
    },
  },
};
