// English texts of the shortlist choice (flows/shortlist): mentees rank the mentors offered to
// them before the whole-cohort matching. Every key must also be in ./shortlist.fr.ts.
export const shortlistEn = {
  'reason.choice': 'You ranked this mentor no. {rank} on your shortlist',
  // ---- the mentee's card and form ----
  'shortlist.card.title': 'Choose your mentor',
  'shortlist.card.title_reminder': 'Reminder: choose your mentor',
  'shortlist.card.intro': {
    one: 'Here is the mentor who fits your answers best. Say whether you would like them by {date}: the matching of the whole cohort then gives you your choice whenever seats and the program’s rules allow.',
    other: 'Here are the {count} mentors who fit your answers best. Rank the ones you would like by {date}: the matching of the whole cohort then gives you one of your choices whenever seats and the program’s rules allow.',
  },
  'shortlist.card.why': 'Why they fit you',
  'shortlist.card.silent': 'No answer by then? You will be matched as usual, from everything you said in the survey.',
  'shortlist.card.ranked_already': 'You have ranked them already; you can change your ranking until the deadline.',
  'shortlist.card.rank': 'Rank them',
  'shortlist.card.change': 'Change my ranking',
  'shortlist.form.title': 'Your ranking',
  'shortlist.form.intro': 'Put first the mentor you would like most. You may leave out anyone you would rather not have.',
  'shortlist.form.label': 'Mentors, your first choice first',
  'shortlist.thanks': 'Thank you, your ranking is saved: {ranking}. You can change it until {date}.',
  'shortlist.closed_for_you': 'The ranking is over: your answers from the survey are used for the matching, and nothing was changed.',
  // ---- leads ----
  'shortlist.opened': {
    one: 'Shortlists went to 1 mentee, who can rank them until {date}. You will be told when the ranking ends.',
    other: 'Shortlists went to {count} mentees, who can rank them until {date}. You will be told when the ranking ends.',
  },
  'shortlist.still_ranking': 'Mentees are ranking their shortlists until {date}. End the ranking first to preview the matching.',
  'shortlist.action.close': 'End the ranking and preview',
  'shortlist.closed_notice.title': 'The ranking of {program} is over',
  'shortlist.closed_notice.body': {
    one: 'Mentees who ranked their shortlist: {ranked} of 1. You can preview the matching now.',
    other: 'Mentees who ranked their shortlist: {ranked} of {count}. You can preview the matching now.',
  },
  'round.fact.ranking': 'Shortlist ranking',
  'round.fact.ranking_open': '{ranked} of {count} mentees ranked, until {date}',
  'round.fact.ranking_closed': '{ranked} of {count} mentees ranked (over)',
  'match.preview.choices': 'Shortlist choices',
  'match.preview.choices_value': {
    one: 'first choice {first}, second {second}, third {third}, other ranks {later}; another mentor {other}, unmatched {unmatched} (of 1 mentee who ranked)',
    other: 'first choice {first}, second {second}, third {third}, other ranks {later}; another mentor {other}, unmatched {unmatched} (of {count} mentees who ranked)',
  },
  'match.preview.choices_hidden': 'shown once at least {count} mentees have ranked (privacy threshold)',
  'match.preview.choices_none': 'no mentee ranked their shortlist: everyone is matched from their survey',
  'report.audit.action.shortlist_open': 'shortlists sent',
  'report.audit.action.shortlist_close': 'ranking ended',
  // ---- program form ----
  'program.field.matching': 'Who chooses each mentee’s mentor',
  'program.matching.lead': 'The matching (the lead previews and publishes)',
  'program.matching.choice': 'The mentee, from a shortlist of their best mentors',
  'program.field.shortlist_size': 'Mentors on each shortlist (2 to 5)',
  'program.field.ranking_days': 'Days mentees have to rank their shortlist',
} as const;
