// Every flow of the bot core, in the order their home sections appear.
import { helpFlow } from './help.flow.ts';
import type { FlowModule } from './registry.ts';
import { proposalFlow } from './proposal.flow.ts'; // lead: proposals out, reminders, expiry
import { waitlistNoticeFlow } from './waitlist-notice.ts'; // lead: unmatched mentees told why
import { programFlow } from './program.flow.ts'; // lead: admin program create|edit|list
import { roundFlow } from './round.flow.ts'; // lead: admin round open|close|status
import { roundInviteFlow } from './round-invite.ts'; // lead: round invitations
import { surveyJobsFlow } from './round-survey-jobs.ts'; // lead: survey reminder and deadline
import { matchPreviewFlow } from './match-preview.flow.ts'; // lead: admin match, pin, forbid
import { publishFlow } from './publish.flow.ts'; // lead: admin publish
import { roundCompleteFlow } from './round-complete.ts'; // lead: end of a round
import { leadsFlow } from './leads.flow.ts'; // lead: admin leads add|remove
import { reportFlow } from './report.flow.ts'; // lead: admin report
import { leadHomeFlow } from './lead-home.ts'; // lead: home section
import { surveyFlow } from './survey.flow.ts';
import { proposalAnswerFlow } from './proposal-answer.flow.ts';
import { introFlow } from './intro.ts';
import { checkinScheduleFlow } from './checkin-schedule.ts';
import { checkinFlow } from './checkin.flow.ts';
import { sharedNotesFlow } from './pair/shared-notes.ts'; // member: next steps and advice applied, shared with the partner
import { prepareFlow } from './pair/prepare.ts'; // member: the preparation the day before a meeting, `prepare`
import { chemistryFlow } from './pair/chemistry.ts'; // member: continue or not the right fit, after the first meeting
import { firstMeetingFlow } from './first-meeting.flow.ts';
import { goalsFlow } from './goals.flow.ts';
import { pulseAnswerFlow } from './pulse-answer.flow.ts';
import { statusFlow } from './status.flow.ts';
import { pauseFlow } from './pause.flow.ts';
import { endFlow } from './end.flow.ts';
import { privacyFlow } from './privacy.flow.ts';
import { reconcileFlow } from './reconcile.flow.ts'; // jobs: rebuild every schedule from the database
import { riskFlow } from './risk.flow.ts'; // lead: at-risk scan and actions
import { riskOfferFlow } from './risk-offer.ts'; // member: private offer of help from their own pulse answers
import { digestFlow } from './digest.flow.ts'; // lead: weekly digest
import { retentionFlow } from './retention.flow.ts'; // jobs: purge of expired rounds
import { reportReleaseFlow } from './report-release.ts'; // jobs: release of closed report periods

export const allFlows: readonly FlowModule[] = [
  helpFlow,
  surveyFlow,
  proposalFlow,
  waitlistNoticeFlow,
  programFlow,
  roundFlow,
  roundInviteFlow,
  surveyJobsFlow,
  matchPreviewFlow,
  publishFlow,
  roundCompleteFlow,
  leadsFlow,
  reportFlow,
  leadHomeFlow,
  proposalAnswerFlow,
  introFlow,
  checkinScheduleFlow,
  checkinFlow,
  sharedNotesFlow,
  prepareFlow,
  chemistryFlow,
  firstMeetingFlow,
  goalsFlow,
  pulseAnswerFlow,
  statusFlow,
  pauseFlow,
  endFlow,
  privacyFlow,
  reconcileFlow,
  riskFlow,
  riskOfferFlow,
  digestFlow,
  retentionFlow,
  reportReleaseFlow,
];
