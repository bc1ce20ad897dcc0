// English texts of the pair's life between check-ins (flows/pair): shared next steps and advice
// applied. Every key must also be in ./pair.fr.ts.
export const pairEn = {
  // ---- check-in form: the shared part ----
  'checkin.next_steps.label': 'What we agreed to do next (shared with {name})',
  'checkin.next_steps.help': '{name} will see this, and I will quote it before your next meeting and in status. Your private note below stays yours.',
  'checkin.advice.label': 'Advice I applied, and how it went (shared with {name})',
  'checkin.advice.help': 'Tell {name} what you tried since you last met and what came of it. {name} will see this.',
  'checkin.thanks_shared': 'Thank you! Your answers are saved. {name} will see what you shared; your private note stays visible to you alone.',
  // ---- shared notes: the partner's message and status ----
  'shared.title': '{name} wrote down what you agreed',
  'shared.next_steps': 'What we agreed to do next:',
  'shared.advice': 'Advice applied, and how it went:',
  'shared.private_kept': 'Only what {name} chose to share is shown here.',
  'shared.heading': 'Agreed last time (shared):',
  'shared.line_next': '{name} ({date}): {text}',
  'shared.line_advice': '{name} applied ({date}): {text}',
} as const;
