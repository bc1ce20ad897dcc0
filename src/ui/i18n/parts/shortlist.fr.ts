// Textes français du tour de présélection (flows/shortlist) : les mentorés classent les mentors
// proposés avant l’appariement de toute la cohorte.
import type { Entry } from '../catalog.ts';
import type { shortlistEn } from './shortlist.en.ts';

export const shortlistFr: { readonly [K in keyof typeof shortlistEn]: Entry } = {
  'reason.choice': 'Choix n°\u00a0{rank} du mentoré',
};
