// Textes français des parcours « employee » ; fusionnés dans le catalogue par ../fr.ts.
import type { Entry } from '../catalog.ts';
import type { employeeEn } from './employee.en.ts';

export const employeeFr: { readonly [K in keyof typeof employeeEn]: Entry } = {
  // ---- questionnaire (trouver / proposer) ----
  'survey.editing': 'Vous avez déjà répondu à ce questionnaire\u00a0: vos réponses sont préremplies, modifiez ce que vous voulez.',
  'survey.pick.title_mentee': 'Quel programme\u00a0?',
  'survey.pick.title_mentor': 'Dans quel programme souhaitez-vous être mentor\u00a0?',
  'survey.pick.body': 'Plusieurs programmes sont ouverts en ce moment. Choisissez-en un\u00a0:',
  'survey.no_program': 'Il n’y a pas encore de programme de mentorat dans cet espace. Un responsable de programme peut en créer un.',
  'survey.waitlisted_mentee': 'Aucune session n’est ouverte en ce moment\u00a0: je vous inscris sur la liste d’attente et vous serez invité dès l’ouverture de la prochaine.',
  'survey.waitlisted_mentor': 'Aucune session n’est ouverte en ce moment\u00a0: je vous inscris sur la liste des mentors volontaires et vous serez invité dès l’ouverture de la prochaine.',
  'survey.done.thanks': 'Merci, vos réponses sont enregistrées.',
  'survey.done.next_mentee': 'À la clôture du questionnaire, je chercherai le mentor qui vous convient le mieux et vous enverrai une proposition à accepter ou à refuser.',
  'survey.done.next_mentor': 'À la clôture du questionnaire, je vous associerai à des mentorés et vous enverrai une proposition pour chacun, à accepter ou à refuser.',
  'survey.done.deadline': 'Le questionnaire ferme le {date}\u00a0; d’ici là, vous pouvez modifier vos réponses en relançant la commande.',
  'survey.done.no_deadline': 'Jusqu’à la clôture du questionnaire, vous pouvez modifier vos réponses en relançant la commande.',
  'survey.error.restart': 'Des étapes précédentes de ce questionnaire manquent. Merci de le recommencer avec la commande.',
  'survey.error.avoid_self': 'Vous ne pouvez pas vous inscrire vous-même dans cette liste.',
  'survey.error.manager_self': 'Vous ne pouvez pas être votre propre manager.',
  'survey.error.unknown_person': 'Je ne trouve pas l’une de ces personnes dans cet espace.',
};
