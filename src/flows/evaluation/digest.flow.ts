// The weekly digest (SPEC §6): each lead gets, per program of their workspace, the health summary
// and the number of at-risk pairs, written in their language at send time.
import { listProgramLeads } from '../../db/repositories/lead.repository.ts';
import { getPerson } from '../../db/repositories/person.repository.ts';
import { getProgram } from '../../db/repositories/program.repository.ts';
import { listOpenRiskAlerts } from '../../db/repositories/risk-alert.repository.ts';
import { card } from '../../ui/model.ts';
import { richText } from '../../ui/rich-text.ts';
import { idOrEmpty, readerOf } from '../pair-members.ts';
import type { FlowModule } from '../registry.ts';
import { summaryFacts } from './report-facts.ts';
import { loadProgramHealth } from './report-summary.ts';
import { pairsAtRisk } from './risk-card.ts';
import { loadSideFigures, sideSummaryFacts } from './side-summary.ts';

/** The ISO week a digest belongs to, so a retried or repeated job sends it once per week. */
export function digestWeek(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  return `${d.getUTCFullYear()}-W${String(Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7)).padStart(2, '0')}`;
}

export const digestFlow: FlowModule = {
  jobs: {
    'lead.digest': async (ctx) => {
      const week = digestWeek(ctx.now);
      const programs = await ctx.db.selectFrom('programs').select(['id', 'workspace_id']).where('status', '=', 'active').execute();
      for (const program of programs) {
        for (const leadId of await listProgramLeads(ctx.db, program.id)) {
          await ctx.notify({
            workspaceId: program.workspace_id, kind: 'lead.digest', to: { kind: 'person', personId: leadId },
            key: `lead.digest:${week}:${program.id}:${leadId}`, payload: { programId: program.id, personId: leadId },
          });
        }
      }
    },
  },
  compose: {
    'lead.digest': async (ctx, delivery) => {
      const program = await getProgram(ctx.db, idOrEmpty(delivery.payload.programId));
      const lead = await getPerson(ctx.db, idOrEmpty(delivery.payload.personId));
      if (!program || !lead) return undefined;
      const reader = readerOf(lead);
      const health = await loadProgramHealth(ctx.db, program, ctx.now);
      const alerts = await listOpenRiskAlerts(ctx.db, program.id);
      return card({
        header: { title: reader.t('digest.title', { program: program.name }) },
        sections: [richText(reader.t('digest.intro'))],
        // The program's circles and the workspace's flash sessions, from their releases only.
        facts: [...summaryFacts(reader, health, pairsAtRisk(alerts)), ...sideSummaryFacts(reader, program, await loadSideFigures(ctx.db, program, ctx.now))],
      });
    },
  },
};
