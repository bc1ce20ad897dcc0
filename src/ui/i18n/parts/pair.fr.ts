// Textes français de la vie du binôme entre deux points d’étape (flows/pair).
import type { Entry } from '../catalog.ts';
import type { pairEn } from './pair.en.ts';

export const pairFr: { readonly [K in keyof typeof pairEn]: Entry } = {
  'checkin.next_steps.label': 'Ce que nous avons convenu de faire ensuite (partagé avec {name})',
  'checkin.next_steps.help': '{name} le verra, et je vous le rappellerai avant votre prochaine rencontre et dans status. Votre note privée ci-dessous reste à vous.',
  'checkin.advice.label': 'Conseils appliqués, et ce que cela a donné (partagé avec {name})',
  'checkin.advice.help': 'Dites à {name} ce que vous avez essayé depuis votre dernière rencontre et ce qui en est ressorti. {name} le verra.',
  'checkin.thanks_shared': 'Merci\u00a0! Vos réponses sont enregistrées. {name} verra ce que vous avez partagé\u00a0; votre note privée reste visible de vous seul.',
  'shared.title': '{name} a noté ce que vous avez convenu',
  'shared.next_steps': 'Ce que nous avons convenu de faire ensuite\u00a0:',
  'shared.advice': 'Conseils appliqués, et ce que cela a donné\u00a0:',
  'shared.private_kept': 'Seul ce que {name} a choisi de partager apparaît ici.',
  'shared.heading': 'Convenu la dernière fois (partagé)\u00a0:',
  'shared.line_next': '{name} ({date})\u00a0: {text}',
  'shared.line_advice': '{name} a appliqué ({date})\u00a0: {text}',
};
