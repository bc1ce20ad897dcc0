// `admin report`: the program's full health in chat (figures, comments of closed pulses, at-risk
// pairs), a signed link to the report page with charts, CSV exports and the program's audit log.
import type { Program } from '../../domain/model.ts';
import { holdOffErasure } from '../../db/repositories/person-data.repository.ts';
import { listOpenRiskAlerts } from '../../db/repositories/risk-alert.repository.ts';
import { listProgramAudit } from '../../db/repositories/report-audit.repository.ts';
import { formatDateTime } from '../../ui/i18n/format.ts';
import { card, message, type Card, type CardAction } from '../../ui/model.ts';
import { bullets, richText } from '../../ui/rich-text.ts';
import { auditActionText } from '../audit-words.ts';
import type { ActorCtx } from '../context.ts';
import { reply, type Effect } from '../effects.ts';
import { leadAction, notALead, programAt } from '../lead-guard.ts';
import { pickProgram, programById } from '../program-pick.ts';
import { circleReportCard, loadCircleFigures } from '../circles/circle-report.ts';
import type { FlowModule } from '../registry.ts';
import { aggregatesCsv, pairsCsv } from './report-csv.ts';
import { loadSideFigures } from './side-summary.ts';
import { closingFact, closingFigures } from './closing-figures.ts';
import { fullFacts } from './report-facts.ts';
import { flashReportCard, loadFlashFigures } from './flash-report.ts';
import { createReportLink } from './report-link.ts';
import { loadProgramHealth, type ProgramHealth } from './report-summary.ts';
import { pairsAtRisk, RISK_CARDS_SHOWN, riskCards } from './risk-card.ts';

function commentsCard(ctx: ActorCtx, health: ProgramHealth): Card | undefined {
  // Released with their pulse (closed, answered by enough people), shuffled then: newest pulse first.
  const comments = health.pulses.comments;
  if (comments.length === 0) return undefined;
  return card({ header: { title: ctx.t('report.comments.title') }, sections: [richText(bullets(...comments.slice(0, 20)))] });
}

export async function reportCard(ctx: ActorCtx, program: Program, health: ProgramHealth, openAlerts: number): Promise<Card> {
  const actions: CardAction[] = [];
  const sections = [richText(ctx.t('report.privacy'))];
  // The link's code is a row of theirs with nothing of theirs to lock: an erasure of them confirmed
  // at this moment on another device deletes it, or is waited for and no code is made.
  if (ctx.deps.publicUrl && await holdOffErasure(ctx.db, ctx.person.id)) {
    const link = await createReportLink(ctx.db, { baseUrl: ctx.deps.publicUrl, programId: program.id, personId: ctx.person.id, now: ctx.now });
    actions.push({ kind: 'link', label: ctx.t('report.page.button'), url: link.url });
    sections.push(richText(ctx.t('report.page.expires', { at: formatDateTime(ctx.locale, link.expiresAt, ctx.person.timezone) })));
  } else if (!ctx.deps.publicUrl) {
    sections.push(richText(ctx.t('report.page.no_url')));
  }
  actions.push(
    { kind: 'button', style: 'default', label: ctx.t('report.csv.pairs'), ref: ctx.ref('report.csv_pairs', [program.id]) },
    { kind: 'button', style: 'default', label: ctx.t('report.csv.aggregates'), ref: ctx.ref('report.csv_figures', [program.id]) },
    { kind: 'button', style: 'default', label: ctx.t('report.audit.button'), ref: ctx.ref('report.audit', [program.id]) },
  );
  const closing = closingFact({ t: ctx.t, locale: ctx.locale, timeZone: ctx.person.timezone }, await closingFigures(ctx.db, program, ctx.now));
  return card({ header: { title: ctx.t('report.title', { program: program.name }) }, sections, facts: [...fullFacts(ctx, health, openAlerts), closing], actions });
}

async function fullReport(ctx: ActorCtx, program: Program): Promise<Effect[]> {
  const health = await loadProgramHealth(ctx.db, program, ctx.now);
  const alerts = await listOpenRiskAlerts(ctx.db, program.id);
  const comments = commentsCard(ctx, health);
  // Circles are reported apart from pairs (circles/circle-report.ts).
  const circles = await loadCircleFigures(ctx.db, program, ctx.now);
  // Flash sessions belong to the workspace, not to a program: every program's report shows the same released months.
  const flash = await loadFlashFigures(ctx.db, program.workspaceId, ctx.now);
  return [
    reply(await reportCard(ctx, program, health, pairsAtRisk(alerts))),
    ...(circles ? [reply(circleReportCard(ctx, program, circles))] : []),
    ...(flash ? [reply(flashReportCard(ctx, flash))] : []),
    ...(comments ? [reply(comments)] : []),
    ...(await riskCards(ctx, alerts)).map(reply),
    ...(pairsAtRisk(alerts) > RISK_CARDS_SHOWN ? [reply(message(richText(ctx.t('report.risk.more', { shown: RISK_CARDS_SHOWN, count: pairsAtRisk(alerts) }))))] : []),
  ];
}

const withProgram = (run: (ctx: ActorCtx, program: Program) => Promise<readonly Effect[]>) =>
  leadAction(false, programAt(0), async (ctx, ref) => {
    const program = await programById(ctx, ref.subjects[0]);
    return program ? run(ctx, program) : notALead(ctx);
  });

export const reportFlow: FlowModule = {
  commands: {
    'admin.report': async (ctx, command) => {
      const picked = await pickProgram(ctx, command.program);
      if (!picked.ok) return picked.effects;
      await ctx.audit({ workspaceId: ctx.workspace.id, actorId: ctx.person.id, action: 'report.view', targetType: 'program', targetId: picked.value.id });
      return fullReport(ctx, picked.value);
    },
  },
  actions: {
    'report.csv_pairs': withProgram(async (ctx, program) => {
      await ctx.audit({ workspaceId: ctx.workspace.id, actorId: ctx.person.id, action: 'report.export_pairs', targetType: 'program', targetId: program.id });
      return [reply({ kind: 'file', filename: 'pairs.csv', mimeType: 'text/csv', content: await pairsCsv(ctx.db, program), comment: ctx.t('report.csv.comment', { program: program.name }) })];
    }),
    'report.csv_figures': withProgram(async (ctx, program) => {
      const health = await loadProgramHealth(ctx.db, program, ctx.now);
      await ctx.audit({ workspaceId: ctx.workspace.id, actorId: ctx.person.id, action: 'report.export_figures', targetType: 'program', targetId: program.id });
      // The circles and flash lines come from the same releases as their cards, read the same way.
      const sides = await loadSideFigures(ctx.db, program, ctx.now);
      return [reply({ kind: 'file', filename: 'figures.csv', mimeType: 'text/csv', content: aggregatesCsv(health, sides), comment: ctx.t('report.csv.comment', { program: program.name }) })];
    }),
    'report.audit': withProgram(async (ctx, program) => {
      const entries = await listProgramAudit(ctx.db, ctx.workspace.id, program.id);
      const lines = entries.map((e) => ctx.t('report.audit.line', {
        at: formatDateTime(ctx.locale, e.at, ctx.person.timezone), action: auditActionText(ctx.t, e.action), actor: e.actorName ?? ctx.t('report.audit.system'),
      }));
      return [reply(card({
        header: { title: ctx.t('report.audit.title', { program: program.name }) },
        sections: [richText(lines.length ? bullets(...lines) : ctx.t('report.audit.empty'))],
      }))];
    }),
  },
};
