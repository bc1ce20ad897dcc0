// English texts of the employee flows; merged into the catalog by ../en.ts. Keys start with the
// flow they belong to (e.g. 'proposal.', 'status.'), and every key must also be in ./employee.fr.ts.
export const employeeEn = {
  // ---- survey (find / offer) ----
  'survey.editing': 'You already answered this survey: your answers are filled in, change what you like.',
  'survey.pick.title_mentee': 'Which program?',
  'survey.pick.title_mentor': 'Which program will you mentor in?',
  'survey.pick.body': 'Several programs are open right now. Pick one:',
  'survey.no_program': 'There is no mentoring program in this workspace yet. A program lead can create one.',
  'survey.waitlisted_mentee': 'No round is open right now, so I put you on the waiting list: you will be invited as soon as the next round opens.',
  'survey.waitlisted_mentor': 'No round is open right now, so I put you on the list of volunteer mentors: you will be invited as soon as the next round opens.',
  'survey.done.thanks': 'Thank you, your answers are saved.',
  'survey.done.next_mentee': 'When the survey closes, I will look for the best mentor for you and send you a proposal to accept or decline.',
  'survey.done.next_mentor': 'When the survey closes, I will match you with mentees and send you a proposal for each one to accept or decline.',
  'survey.done.deadline': 'The survey closes on {date}; until then you can change your answers by running the command again.',
  'survey.done.no_deadline': 'Until the survey closes you can change your answers by running the command again.',
  'survey.error.restart': 'Some earlier steps of this survey are missing. Please start it again with the command.',
  'survey.error.avoid_self': 'You cannot list yourself here.',
  'survey.error.manager_self': 'You cannot be your own manager.',
  'survey.error.unknown_person': 'I cannot find one of these people in this workspace.',
} as const;
