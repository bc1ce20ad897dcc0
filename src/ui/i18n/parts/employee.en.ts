// English texts of the employee flows; merged into the catalog by ../en.ts. Keys start with the
// flow they belong to (e.g. 'proposal.', 'status.'), and every key must also be in ./employee.fr.ts.
export const employeeEn = {
} as const;
