// Textes français des parcours « lead » ; fusionnés dans le catalogue par ../fr.ts.
import type { Entry } from '../catalog.ts';
import type { leadEn } from './lead.en.ts';

export const leadFr: { readonly [K in keyof typeof leadEn]: Entry } = {
};
