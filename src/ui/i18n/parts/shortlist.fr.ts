// Textes français du choix sur liste courte (flows/shortlist) : les mentorés classent les mentors
// proposés avant l’appariement de toute la cohorte.
import type { Entry } from '../catalog.ts';
import type { shortlistEn } from './shortlist.en.ts';

export const shortlistFr: { readonly [K in keyof typeof shortlistEn]: Entry } = {
  'reason.choice': 'Vous avez classé ce mentor n°\u00a0{rank} sur votre liste courte',
  'shortlist.card.title': 'Choisissez votre mentor',
  'shortlist.card.title_reminder': 'Rappel\u00a0: choisissez votre mentor',
  'shortlist.card.intro': {
    one: 'Voici le mentor qui correspond le mieux à vos réponses. Dites-nous avant le {date} s’il vous convient\u00a0: l’appariement de toute la cohorte vous le donnera chaque fois que les places et les règles du programme le permettent.',
    other: 'Voici les {count}\u00a0mentors qui correspondent le mieux à vos réponses. Classez ceux qui vous intéressent avant le {date}\u00a0: l’appariement de toute la cohorte vous donnera l’un de vos choix chaque fois que les places et les règles du programme le permettent.',
  },
  'shortlist.card.why': 'Pourquoi ce mentor vous correspond',
  'shortlist.card.silent': 'Pas de réponse d’ici là\u00a0? Vous serez apparié comme d’habitude, d’après vos réponses au questionnaire.',
  'shortlist.card.ranked_already': 'Vous avez déjà donné votre classement\u00a0; vous pouvez le modifier jusqu’à l’échéance.',
  'shortlist.card.rank': 'Les classer',
  'shortlist.card.change': 'Modifier mon classement',
  'shortlist.form.title': 'Votre classement',
  'shortlist.form.intro': 'Placez en premier le mentor que vous préférez. Vous pouvez laisser de côté ceux que vous ne souhaitez pas.',
  'shortlist.form.label': 'Mentors, votre premier choix en tête',
  'shortlist.thanks': 'Merci, votre classement est enregistré\u00a0: {ranking}. Vous pouvez le modifier jusqu’au {date}.',
  'shortlist.closed_for_you': 'Le classement est terminé\u00a0: l’appariement s’appuie sur vos réponses au questionnaire, et rien n’a été modifié.',
  'shortlist.opened': {
    one: 'Une liste courte a été envoyée à 1\u00a0mentoré, qui peut la classer jusqu’au {date}. Vous serez prévenu à la fin du classement.',
    other: 'Des listes courtes ont été envoyées à {count}\u00a0mentorés, qui peuvent les classer jusqu’au {date}. Vous serez prévenu à la fin du classement.',
  },
  'shortlist.still_ranking': 'Les mentorés classent leur liste courte jusqu’au {date}. Terminez d’abord le classement pour prévisualiser l’appariement.',
  'shortlist.action.close': 'Terminer le classement et prévisualiser',
  'shortlist.closed_notice.title': 'Le classement de {program} est terminé',
  'shortlist.closed_notice.body': {
    one: 'Mentorés ayant classé leur liste courte\u00a0: {ranked} sur 1. Vous pouvez maintenant prévisualiser l’appariement.',
    other: 'Mentorés ayant classé leur liste courte\u00a0: {ranked} sur {count}. Vous pouvez maintenant prévisualiser l’appariement.',
  },
  'round.fact.ranking': 'Classement des listes courtes',
  'round.fact.ranking_open': '{ranked} mentorés sur {count} ont classé, jusqu’au {date}',
  'round.fact.ranking_closed': '{ranked} mentorés sur {count} ont classé (terminé)',
  'match.preview.choices': 'Choix sur liste courte',
  'match.preview.choices_value': {
    one: 'premier choix {first}, deuxième {second}, troisième {third}, rangs suivants {later}\u00a0; autre mentor {other}, sans binôme {unmatched} (sur 1\u00a0mentoré qui a classé)',
    other: 'premier choix {first}, deuxième {second}, troisième {third}, rangs suivants {later}\u00a0; autre mentor {other}, sans binôme {unmatched} (sur {count}\u00a0mentorés qui ont classé)',
  },
  'match.preview.choices_hidden': 'affiché dès qu’au moins {count}\u00a0mentorés ont classé (seuil de confidentialité)',
  'match.preview.choices_none': 'aucun mentoré n’a classé sa liste courte\u00a0: chacun est apparié d’après son questionnaire',
  'report.audit.action.shortlist_open': 'listes courtes envoyées',
  'report.audit.action.shortlist_close': 'classement terminé',
  'program.field.matching': 'Qui choisit le mentor de chaque mentoré',
  'program.matching.lead': 'L’appariement (le responsable prévisualise et publie)',
  'program.matching.choice': 'Le mentoré, sur une liste courte de ses meilleurs mentors',
  'program.field.shortlist_size': 'Mentors par liste courte (2 à 5)',
  'program.field.ranking_days': 'Jours laissés aux mentorés pour classer leur liste',
};
