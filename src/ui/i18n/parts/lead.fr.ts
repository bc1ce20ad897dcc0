// Textes français des parcours « lead » ; fusionnés dans le catalogue par ../fr.ts.
import type { Entry } from '../catalog.ts';
import type { leadEn } from './lead.en.ts';

export const leadFr: { readonly [K in keyof typeof leadEn]: Entry } = {
  // ---- raisons d’un appariement ----
  'reason.topic_expertise': {
    one: '{level} en {topic}, priorité n°\u00a0{rank} du mentoré, avec {count} an d’expérience',
    other: '{level} en {topic}, priorité n°\u00a0{rank} du mentoré, avec {count} ans d’expérience',
  },
  'reason.level.expert': 'Expertise',
  'reason.level.strong': 'Solides compétences',
  'reason.level.working': 'Bonnes bases',
  'reason.same_domain': 'Même domaine\u00a0: {domain}',
  'reason.shared_values': 'Valeurs partagées\u00a0: {values}',
  'reason.compatible_rhythm': { one: 'Un rythme compatible\u00a0: tous les jours, séances de {minutes}\u00a0minutes', other: 'Un rythme compatible\u00a0: tous les {count}\u00a0jours, séances de {minutes}\u00a0minutes' },
  'reason.communication_mode': 'Peuvent se rencontrer en {modes}',
  'reason.communication_mode_office': 'Peuvent se rencontrer en {modes}, à {office}',
  'reason.working_hours_overlap': { one: '{count}\u00a0heure de travail en commun par jour', other: '{count}\u00a0heures de travail en commun par jour' },
  'reason.seniority_close': 'Un écart d’ancienneté comme le souhaite le mentoré\u00a0: quelques niveaux',
  'reason.seniority_far': 'Un écart d’ancienneté comme le souhaite le mentoré\u00a0: bien plus expérimenté',
  'reason.feedback_style': 'Même style de retour\u00a0: {style}',
  'reason.department_outside': 'D’un autre département, comme le souhaite le mentoré',
  'reason.department_inside': 'Du même département, comme le souhaite le mentoré',
  'reason.pinned': 'Imposé par un responsable du programme',

  // ---- propositions ----
  'proposal.card.title_mentee': 'Un mentor vous est proposé',
  'proposal.card.title_mentor': 'Un mentoré vous est proposé',
  'proposal.reminder.title': 'Rappel\u00a0: une proposition de mentorat attend votre réponse',
  'proposal.card.partner_mentor': 'Votre mentor proposé\u00a0:',
  'proposal.card.partner_mentee': 'Votre mentoré proposé\u00a0:',
  'proposal.card.why': 'Pourquoi vous deux',
  'proposal.card.next': 'Si vous acceptez tous les deux, je vous présenterai l’un à l’autre. Vous pouvez refuser\u00a0: votre raison reste privée.',
  'proposal.card.score': 'Score d’appariement',
  'proposal.card.score_value': '{score}/100',
  'proposal.card.answer_by': 'Merci de répondre avant le',
  'proposal.card.accept': 'Accepter',
  'proposal.card.decline': 'Refuser',
  'proposal.expired.mentee': 'La proposition de mentor a expiré avant que vous ayez répondu tous les deux. Ce n’est pas grave\u00a0: je vous cherche un autre mentor.',
  'proposal.expired.mentor': 'La proposition de mentoré que je vous avais envoyée a expiré avant que vous ayez répondu tous les deux\u00a0; elle est donc retirée. Merci pour votre disponibilité.',

  // ---- liste d’attente ----
  'waitlist.unmatched.intro': 'Je n’ai pas pu vous trouver de mentor dans {program} cette fois-ci, et je préfère vous dire pourquoi.',
  'waitlist.cause.no_feasible_mentor': 'Aucun mentor de ce cycle ne correspond à vos contraintes (langues, horaires de travail, personnes à éviter, votre ligne hiérarchique).',
  'waitlist.cause.below_min_score': 'Les mentors disponibles ne correspondaient pas assez à vos objectifs au regard des exigences du programme.',
  'waitlist.cause.capacity_exhausted': 'Les mentors qui vous correspondent n’ont plus de place dans ce cycle.',
  'waitlist.unmatched.next': 'Vous êtes sur la liste d’attente\u00a0: vous serez parmi les premiers prévenus dès qu’un mentor se libère ou qu’un nouveau cycle ouvre.',
};
