// The "would you recommend the program" question (0–10) as a promoter score: the share of
// promoters (9–10) minus the share of detractors (0–6), from −100 to +100.

export interface RecommendCounts { readonly promoters: number; readonly passives: number; readonly detractors: number }

export const recommendBucket = (score: number): keyof RecommendCounts =>
  score >= 9 ? 'promoters' : score >= 7 ? 'passives' : 'detractors';

export function promoterScore(c: RecommendCounts): number | undefined {
  const n = c.promoters + c.passives + c.detractors;
  return n === 0 ? undefined : Math.round(((c.promoters - c.detractors) / n) * 100);
}
