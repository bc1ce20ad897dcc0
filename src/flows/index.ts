// Every flow of the bot core, in the order their home sections appear.
import { helpFlow } from './help.flow.ts';
import type { FlowModule } from './registry.ts';
import { proposalFlow } from './matching/proposal.flow.ts'; // lead: proposals out, reminders, expiry
import { waitlistNoticeFlow } from './enrol/waitlist-notice.ts'; // lead: unmatched mentees told why
import { programFlow } from './admin/program.flow.ts'; // lead: admin program create|edit|list
import { roundFlow } from './admin/round.flow.ts'; // lead: admin round open|close|status
import { roundInviteFlow } from './enrol/round-invite.ts'; // lead: round invitations
import { surveyJobsFlow } from './enrol/round-survey-jobs.ts'; // lead: survey reminder and deadline
import { matchPreviewFlow } from './matching/match-preview.flow.ts'; // lead: admin match, pin, forbid
import { publishFlow } from './matching/publish.flow.ts'; // lead: admin publish
import { roundCompleteFlow } from './admin/round-complete.ts'; // lead: end of a round
import { leadsFlow } from './admin/leads.flow.ts'; // lead: admin leads add|remove
import { reportFlow } from './evaluation/report.flow.ts'; // lead: admin report
import { leadHomeFlow } from './admin/lead-home.ts'; // lead: home section
import { surveyFlow } from './enrol/survey.flow.ts';
import { approvalFlow } from './enrol/approval.flow.ts'; // enrolment approval by a lead or the manager
import { shortlistFlow } from './shortlist/shortlist.flow.ts'; // mentees rank a shortlist before the matching
import { proposalAnswerFlow } from './matching/proposal-answer.flow.ts';
import { introFlow } from './pair/intro.ts';
import { checkinScheduleFlow } from './pair/checkin-schedule.ts';
import { checkinFlow } from './pair/checkin.flow.ts';
import { findTimeFlow } from './pair/find-time.flow.ts';
import { sharedNotesFlow } from './pair/shared-notes.ts'; // member: next steps and advice applied, shared with the partner
import { prepareFlow } from './pair/prepare.ts'; // member: the preparation the day before a meeting, `prepare`
import { chemistryFlow } from './pair/chemistry.ts'; // member: continue or not the right fit, after the first meeting
import { agreementFlow } from './pair/agreement.flow.ts'; // member: confirm the pair's agreement, or suggest a change
import { firstMeetingFlow } from './pair/first-meeting.flow.ts';
import { goalsFlow } from './pair/goals.flow.ts';
import { pulseAnswerFlow } from './evaluation/pulse-answer.flow.ts';
import { statusFlow } from './status.flow.ts';
import { profileFlow } from './enrol/profile.flow.ts';
import { askFlow } from './flash/ask.flow.ts'; // anyone: `ask <topic>`, a flash session with a mentor
import { followUpFlow } from './flash/follow-up.flow.ts'; // flash session: intro, the one question after, continuing as a pair
import { guideFlow } from './pair/guide.flow.ts';
import { pauseFlow } from './pair/pause.flow.ts';
import { endFlow } from './pair/end.flow.ts';
import { closingFlow } from './pair/closing.flow.ts'; // member: wins and what I learnt when a pair ends, `wins` (the wins log)
import { privacyFlow } from './privacy/privacy.flow.ts';
import { reconcileFlow } from './reconcile.flow.ts'; // jobs: rebuild every schedule from the database
import { riskFlow } from './evaluation/risk.flow.ts'; // lead: at-risk scan and actions
import { riskOfferFlow } from './evaluation/risk-offer.ts'; // member: private offer of help from their own pulse answers
import { digestFlow } from './evaluation/digest.flow.ts'; // lead: weekly digest
import { retentionFlow } from './privacy/retention.flow.ts'; // jobs: purge of expired rounds
import { reportReleaseFlow } from './evaluation/report-release.ts'; // jobs: release of closed report periods
import { circleCreateFlow } from './circles/circle-create.flow.ts'; // lead and mentor: admin circle, circle
import { circlesAdminFlow } from './circles/circles-admin.flow.ts'; // lead: admin circles [fill]
import { circleSpaceFlow } from './circles/circle-space.flow.ts'; // jobs: a circle's conversation and introduction
import { circleCheckinFlow } from './circles/circle-checkin.flow.ts'; // member: check-ins per circle
import { circlePulseFlow } from './circles/circle-pulse.flow.ts'; // member: the program's pulses, per circle
import { circleEndFlow } from './circles/circle-end.flow.ts'; // notices: a circle ended with its leader's erasure

export const allFlows: readonly FlowModule[] = [
  helpFlow,
  surveyFlow,
  approvalFlow,
  shortlistFlow,
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
  agreementFlow,
  firstMeetingFlow,
  findTimeFlow,
  goalsFlow,
  pulseAnswerFlow,
  statusFlow,
  profileFlow,
  askFlow,
  followUpFlow,
  guideFlow,
  pauseFlow,
  endFlow,
  closingFlow,
  privacyFlow,
  reconcileFlow,
  riskFlow,
  riskOfferFlow,
  digestFlow,
  retentionFlow,
  reportReleaseFlow,
  circleCreateFlow,
  circlesAdminFlow,
  circleSpaceFlow,
  circleCheckinFlow,
  circlePulseFlow,
  circleEndFlow,
];
