// English texts of the lead flows; merged into the catalog by ../en.ts. Keys start with the
// flow they belong to (e.g. 'proposal.', 'status.'), and every key must also be in ./lead.fr.ts.
export const leadEn = {
  // ---- match reasons (rendered for the reader) ----
  'reason.topic_expertise': {
    one: '{level} in {topic}, the mentee’s priority no. {rank}, with {count} year of experience',
    other: '{level} in {topic}, the mentee’s priority no. {rank}, with {count} years of experience',
  },
  'reason.level.expert': 'Expert',
  'reason.level.strong': 'Strong skills',
  'reason.level.working': 'Working knowledge',
  'reason.same_domain': 'Same domain: {domain}',
  'reason.shared_values': 'Shared values: {values}',
  'reason.compatible_rhythm': { one: 'A compatible rhythm: every day, {minutes}-minute sessions', other: 'A compatible rhythm: every {count} days, {minutes}-minute sessions' },
  'reason.communication_mode': 'Can meet by {modes}',
  'reason.communication_mode_office': 'Can meet by {modes}, at {office}',
  'reason.working_hours_overlap': { one: '{count} hour of shared working time a day', other: '{count} hours of shared working time a day' },
  'reason.seniority_close': 'A seniority gap as the mentee wished: a few levels',
  'reason.seniority_far': 'A seniority gap as the mentee wished: much more senior',
  'reason.feedback_style': 'Same feedback style: {style}',
  'reason.department_outside': 'From another department, as the mentee wished',
  'reason.department_inside': 'From the same department, as the mentee wished',
  'reason.pinned': 'Pinned by a program lead',

  // ---- proposals ----
  'proposal.card.title_mentee': 'You have a proposed mentor',
  'proposal.card.title_mentor': 'You have a proposed mentee',
  'proposal.reminder.title': 'Reminder: a mentoring proposal is waiting for your answer',
  'proposal.card.partner_mentor': 'Your proposed mentor:',
  'proposal.card.partner_mentee': 'Your proposed mentee:',
  'proposal.card.why': 'Why you two',
  'proposal.card.next': 'If you both accept, I will introduce you to each other. Declining is fine: your reason stays private.',
  'proposal.card.score': 'Match score',
  'proposal.card.score_value': '{score}/100',
  'proposal.card.answer_by': 'Please answer by',
  'proposal.card.accept': 'Accept',
  'proposal.card.decline': 'Decline',
  'proposal.expired.mentee': 'Your mentor proposal expired before both of you answered. No problem: I am looking for another mentor for you.',
  'proposal.expired.mentor': 'The mentee proposal I sent you expired before both of you answered, so it is withdrawn. Thank you for your availability.',

  // ---- waitlist ----
  'waitlist.unmatched.intro': 'I could not find you a mentor in {program} this time, and I prefer to tell you why.',
  'waitlist.cause.no_feasible_mentor': 'No mentor of this round fits your constraints (languages, working hours, people to avoid, your management chain).',
  'waitlist.cause.below_min_score': 'The mentors available did not fit your goals well enough for the program’s standards.',
  'waitlist.cause.capacity_exhausted': 'The mentors who fit you have no place left in this round.',
  'waitlist.unmatched.next': 'You are on the waitlist: you will be among the first to hear from me when a mentor becomes available or a new round opens.',
} as const;
