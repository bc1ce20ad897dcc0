// The lead's part of the home view (Slack App Home, Teams home card): each program with its
// current round, its counts and the buttons for the next step, then its health summary and the
// at-risk pairs to act on. Only the programs the person leads; nothing for anyone else.
import { listPrograms } from '../../db/repositories/program.repository.ts';
import { listOpenRiskAlerts } from '../../db/repositories/risk-alert.repository.ts';
import { card, type Card } from '../../ui/model.ts';
import { richText } from '../../ui/rich-text.ts';
import { programCard } from './program.flow.ts';
import { currentRound } from '../program-pick.ts';
import type { FlowModule } from '../registry.ts';
import { summaryFacts } from '../evaluation/report-facts.ts';
import { loadProgramHealth } from '../evaluation/report-summary.ts';
import { pairsAtRisk, riskCards } from '../evaluation/risk-card.ts';
import { loadSideFigures, sideSummaryFacts } from '../evaluation/side-summary.ts';
import { roundStatusCard } from './round-status.ts';

export const leadHomeFlow: FlowModule = {
  home: [
    async (ctx) => {
      if (!ctx.isLead) return [];
      const cards: Card[] = [];
      for (const program of (await listPrograms(ctx.db, ctx.workspace.id)).filter((p) => ctx.leadOf.has(p.id))) {
        cards.push(await programCard(ctx, program));
        const round = await currentRound(ctx.db, program.id);
        if (round && round.state !== 'completed' && round.state !== 'cancelled') cards.push(await roundStatusCard(ctx, program, round));
        if (!round) continue;
        const alerts = await listOpenRiskAlerts(ctx.db, program.id);
        const health = await loadProgramHealth(ctx.db, program, ctx.now);
        cards.push(card({
          header: { title: ctx.t('report.home.title', { program: program.name }) },
          sections: alerts.length === 0 ? [richText(ctx.t('risk.none'))] : [],
          facts: [...summaryFacts(ctx, health, pairsAtRisk(alerts)), ...sideSummaryFacts(ctx, program, await loadSideFigures(ctx.db, program, ctx.now))],
        }));
        cards.push(...await riskCards(ctx, alerts, 5));
      }
      return cards;
    },
  ],
};
