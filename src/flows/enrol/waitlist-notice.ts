// A mentee left without a mentor (unmatched at publication, or no mentor left for a rematch) is
// put on the program's waitlist and told so honestly: why, and what happens next.
import type { Program } from '../../domain/model.ts';
import { addToWaitlist, type WaitlistReason } from '../../db/repositories/waitlist.repository.ts';
import { findEnrollment } from '../../db/repositories/enrollment.repository.ts';
import { getProgram, holdPrograms } from '../../db/repositories/program.repository.ts';
import { listRounds } from '../../db/repositories/round.repository.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { t } from '../../ui/i18n/t.ts';
import { message } from '../../ui/model.ts';
import { paragraph, richText } from '../../ui/rich-text.ts';
import { localeOf } from '../actor.ts';
import type { BaseCtx } from '../context.ts';
import type { FlowModule } from '../registry.ts';
import { invitePeople } from './round-invite.ts';

export type UnmatchedCause = 'no_feasible_mentor' | 'below_min_score' | 'capacity_exhausted';

export async function putOnWaitlist(ctx: BaseCtx, input: {
  program: Program; menteeId: string; cause: UnmatchedCause; waitlistReason: WaitlistReason; key: string;
}): Promise<void> {
  // Held shared like a `find` joining the waitlist: a lead opening the program's next round at this
  // moment (its program row locked) either comes after, and invites the waitlist with them on it,
  // or comes first, and the round read below is open.
  await holdPrograms(ctx.db, [input.program.id]);
  await addToWaitlist(ctx.db, { programId: input.program.id, personId: input.menteeId, role: 'mentee', reason: input.waitlistReason });
  await ctx.notify({
    workspaceId: input.program.workspaceId, kind: 'waitlist.unmatched', to: { kind: 'person', personId: input.menteeId },
    key: input.key, payload: { programId: input.program.id, cause: input.cause },
  });
  // A next round of the program already taking answers: they are invited to it now, as the waitlist
  // was when it opened (unless they answered it already).
  const open = (await listRounds(ctx.db, input.program.id)).find((r) => r.state === 'open');
  if (open && !(await findEnrollment(ctx.db, open.id, input.menteeId, 'mentee'))) await invitePeople(ctx, open, [input.menteeId]);
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
