// A mentee left without a mentor (unmatched at publication, or no mentor left for a rematch) is
// put on the program's waitlist and told so honestly: why, and what happens next.
import type { Program } from '../../domain/model.ts';
import { addToWaitlist, type WaitlistReason } from '../../db/repositories/waitlist.repository.ts';
import { getProgram } from '../../db/repositories/program.repository.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { t } from '../../ui/i18n/t.ts';
import { message } from '../../ui/model.ts';
import { paragraph, richText } from '../../ui/rich-text.ts';
import { localeOf } from '../actor.ts';
import type { BaseCtx } from '../context.ts';
import type { FlowModule } from '../registry.ts';

export type UnmatchedCause = 'no_feasible_mentor' | 'below_min_score' | 'capacity_exhausted';

export async function putOnWaitlist(ctx: BaseCtx, input: {
  program: Program; menteeId: string; cause: UnmatchedCause; waitlistReason: WaitlistReason; key: string;
}): Promise<void> {
  await addToWaitlist(ctx.db, { programId: input.program.id, personId: input.menteeId, role: 'mentee', reason: input.waitlistReason });
  await ctx.notify({
    workspaceId: input.program.workspaceId, kind: 'waitlist.unmatched', to: { kind: 'person', personId: input.menteeId },
    key: input.key, payload: { programId: input.program.id, cause: input.cause },
  });
}

function causeText(locale: Locale, cause: unknown): string {
  switch (cause) {
    case 'below_min_score': return t(locale, 'waitlist.cause.below_min_score');
    case 'capacity_exhausted': return t(locale, 'waitlist.cause.capacity_exhausted');
    default: return t(locale, 'waitlist.cause.no_feasible_mentor');
  }
}

export const waitlistNoticeFlow: FlowModule = {
  compose: {
    'waitlist.unmatched': async (ctx, delivery, recipients) => {
      const reader = recipients[0];
      const program = await getProgram(ctx.db, String(delivery.payload.programId ?? ''));
      if (!reader || !program) return undefined;
      const locale = localeOf(reader);
      return message(richText(
        paragraph(t(locale, 'waitlist.unmatched.intro', { program: program.name })),
        paragraph(causeText(locale, delivery.payload.cause)),
        paragraph(t(locale, 'waitlist.unmatched.next')),
      ));
    },
  },
};
