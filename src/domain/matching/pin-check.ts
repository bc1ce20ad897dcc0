// Would a lead's pin hold if the matching ran now? The same checks as the matcher's own (hard
// constraints, then the mentor's capacity after the pins of other mentees), so a pin refused
// when it is set would also be refused at the next run, and the other way round.
import { prepareCohort } from './prepare-cohort.ts';
import type { MatchInput, PairRef, RejectedPin } from './types.ts';

/** The reason the pin would be refused, or undefined when it would hold. */
export function pinRefusal(input: MatchInput, pin: PairRef): RejectedPin['reason'] | undefined {
  const samePair = (p: PairRef): boolean => p.menteeId === pin.menteeId && p.mentorId === pin.mentorId;
  const prepared = prepareCohort({
    ...input,
    // Pins of this mentee are the lead's to replace; a forbid of this very pair is replaced by the pin.
    pins: [...(input.pins ?? []).filter((p) => p.menteeId !== pin.menteeId), pin],
    forbids: (input.forbids ?? []).filter((p) => !samePair(p)),
  });
  return prepared.rejectedPins.find(samePair)?.reason;
}
