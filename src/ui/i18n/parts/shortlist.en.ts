// English texts of the shortlist round (flows/shortlist): mentees rank the mentors offered to
// them before the whole-cohort matching. Every key must also be in ./shortlist.fr.ts.
export const shortlistEn = {
  'reason.choice': 'The mentee’s choice no. {rank}',
} as const;
