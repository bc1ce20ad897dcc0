// Textes français des parcours « employee » ; fusionnés dans le catalogue par ../fr.ts.
import type { Entry } from '../catalog.ts';
import type { employeeEn } from './employee.en.ts';

export const employeeFr: { readonly [K in keyof typeof employeeEn]: Entry } = {
};
