// English texts of the pair's agreement (flows/pair/agreement*.ts) and of the goal form's SMART
// questions. Every key must also be in ./agreement.fr.ts.
export const agreementEn = {
  // ---- the goal form: the article's "achievable" and "relevant" ----
  'goal.achievable.label': 'What makes it achievable?',
  'goal.achievable.help': 'Is it within reach in the time you have, with the support you can count on? For example: two hours a week, and my manager agrees.',
  'goal.relevant.label': 'Why does it matter for your development?',
  'goal.relevant.help': 'How does it fit your career goals and what your role asks of you? For example: as a team lead I will present to the committee every quarter.',
  'goals.line_achievable': 'Achievable: {text}',
  'goals.line_relevant': 'Relevant: {text}',
  // ---- the agreement's terms (the intro, its own card, status) ----
  'agreement.heading': 'Your agreement',
  'agreement.goals_none': 'Goals: agree on one to three SMART goals together (specific, measurable, achievable, relevant, dated) with the “goals” command.',
  'agreement.goal_quoted': '“{title}”',
  'agreement.goals_list': 'Goals: {titles}, kept up to date together with the “goals” command.',
  'agreement.cadence': 'Cadence: meet {cadence}; I will check in with each of you at that rhythm.',
  'agreement.session': 'Sessions: about {minutes} minutes.',
  'agreement.until': 'Duration: until {date}, the end of the program period.',
  'agreement.mode': 'How you meet: {modes}.',
  'agreement.confidential': 'Confidentiality: what you say stays between the two of you. Program leads only ever see anonymous totals.',
  'agreement.how_to_end': 'How to end: either of you can end the pairing at any time with “end”, or take a break with “pause”. Your partner is told politely, without your reason.',
  'agreement.own_terms': 'Added by {name}: {text}',
  'agreement.ask': 'Do you agree? Each of you confirms once, here in chat; either of you can suggest a change.',
  'agreement.confirm': 'I agree',
  'agreement.change': 'Suggest a change',
  // ---- answers to a confirmation ----
  'agreement.confirmed_wait': 'Noted: you agree. I have told {name}; the agreement is recorded once {name} agrees too.',
  'agreement.confirmed_both': 'Noted: you both agree. Your agreement is recorded, and “status” shows it.',
  'agreement.already': 'You have already agreed to this version; nothing changed.',
  'agreement.closed': 'This pairing has ended, so there is nothing left to agree; nothing was changed.',
  'agreement.stale': 'The agreement has changed since that message; nothing was recorded. Here is the current version.',
  // ---- messages to the members ----
  'agreement.card.title': 'Your agreement with {name}',
  'agreement.partner_confirmed': '{name} agrees to your agreement. It is recorded once you agree too.',
  'agreement.partner_confirmed_title': '{name} agrees',
  'agreement.recorded_title': 'Your agreement is recorded',
  'agreement.recorded': 'You and {name} both agree, since {date}. Type “status” to see it again; either of you can still suggest a change.',
  'agreement.changed_title': '{name} suggests a change to your agreement',
  'agreement.changed': 'Both of you confirm the new version below.',
  // ---- suggesting a change ----
  'agreement.form.title': 'Change the agreement',
  'agreement.form.intro': 'Write what you would add to the agreement or do differently (for example: we meet every two weeks, on Thursday mornings). {name} will see it, and both of you confirm the new version.',
  'agreement.form.label': 'Your terms',
  'agreement.form.submit': 'Send',
  'agreement.change_sent': 'Sent to {name}. Both of you confirm the new version, you included.',
  'agreement.change_same': 'These are already your agreement’s terms; nothing changed.',
  // ---- status ----
  'agreement.status.fact': 'Agreement',
  'agreement.status.agreed': 'agreed on {date}',
  'agreement.status.waiting_for': 'waiting for {names}',
  'agreement.status.you': 'you',
  'agreement.status.confirmed_by': '{name} agreed on {date}.',
  'agreement.status.you_confirmed': 'You agreed on {date}.',
} as const;
