// Reasons for ending a pair early are private free text; leads see only how many fall into each
// broad group (and only for groups large enough). The grouping is by keywords, English and French.

export const END_REASON_GROUPS = ['time', 'fit', 'goals_met', 'job_change', 'other', 'none'] as const;
export type EndReasonGroup = (typeof END_REASON_GROUPS)[number];

const KEYWORDS: ReadonlyArray<[EndReasonGroup, RegExp]> = [
  ['job_change', /\b(left|leaving|new (job|role|team)|quit|resign|moved|départ|quitt|démission|nouveau (poste|rôle)|mutation)/i],
  ['goals_met', /\b(goal|achieved|reached|done|objectif|atteint|réussi|terminé)/i],
  ['time', /\b(time|busy|workload|schedule|temps|charge|disponib|agenda|débordé)/i],
  ['fit', /\b(fit|match|chemistry|connect|expectation|feeling|courant|attentes|entente|affinit)/i],
];

export function groupEndReason(reason: string | null): EndReasonGroup {
  if (!reason || reason.trim() === '') return 'none';
  for (const [group, pattern] of KEYWORDS) if (pattern.test(reason)) return group;
  return 'other';
}
