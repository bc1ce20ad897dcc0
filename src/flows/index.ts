// Every flow of the bot core, in the order their home sections appear.
import { helpFlow } from './help.flow.ts';
import type { FlowModule } from './registry.ts';
import { proposalFlow } from './proposal.flow.ts'; // lead: proposals out, reminders, expiry
import { waitlistNoticeFlow } from './waitlist-notice.ts'; // lead: unmatched mentees told why
import { surveyFlow } from './survey.flow.ts';
import { proposalAnswerFlow } from './proposal-answer.flow.ts';
import { introFlow } from './intro.ts';
import { checkinScheduleFlow } from './checkin-schedule.ts';
import { checkinFlow } from './checkin.flow.ts';
import { firstMeetingFlow } from './first-meeting.flow.ts';

export const allFlows: readonly FlowModule[] = [
  helpFlow,
  surveyFlow,
  proposalFlow,
  waitlistNoticeFlow,
  proposalAnswerFlow,
  introFlow,
  checkinScheduleFlow,
  checkinFlow,
  firstMeetingFlow,
];
