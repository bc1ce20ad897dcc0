// The lead's part of the home view (Slack App Home, Teams home card): each program with its
// current round, its counts and the buttons for the next step. Nothing for non-leads.
import { listPrograms } from '../db/repositories/program.repository.ts';
import type { Card } from '../ui/model.ts';
import { programCard } from './program.flow.ts';
import { currentRound } from './program-pick.ts';
import type { FlowModule } from './registry.ts';
import { roundStatusCard } from './round-status.ts';

export const leadHomeFlow: FlowModule = {
  home: [
    async (ctx) => {
      if (!ctx.isLead) return [];
      const cards: Card[] = [];
      for (const program of await listPrograms(ctx.db, ctx.workspace.id)) {
        cards.push(await programCard(ctx, program));
        const round = await currentRound(ctx.db, program.id);
        if (round && round.state !== 'completed' && round.state !== 'cancelled') cards.push(await roundStatusCard(ctx, program, round));
      }
      return cards;
    },
  ],
};
