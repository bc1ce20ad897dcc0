// Every flow of the bot core, in the order their home sections appear.
import { helpFlow } from './help.flow.ts';
import type { FlowModule } from './registry.ts';
import { proposalFlow } from './proposal.flow.ts'; // lead: proposals out, reminders, expiry
import { waitlistNoticeFlow } from './waitlist-notice.ts'; // lead: unmatched mentees told why
import { surveyFlow } from './survey.flow.ts';

export const allFlows: readonly FlowModule[] = [
  helpFlow,
  surveyFlow,
  proposalFlow,
  waitlistNoticeFlow,
];
