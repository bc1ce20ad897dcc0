// English texts of the lead flows; merged into the catalog by ../en.ts. Keys start with the
// flow they belong to (e.g. 'proposal.', 'status.'), and every key must also be in ./lead.fr.ts.
export const leadEn = {
} as const;
