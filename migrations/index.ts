// The ordered list of migrations. Kysely's Migrator takes them from here rather than from a
// folder scan, so the same set runs from source under Node and under the test runner.
import type { Migration } from 'kysely/migration';
import * as initialModel from './2026-11-26T12-00_initial-model.ts';
import * as deliveryRateBuckets from './2026-11-26T14-00_delivery-rate-buckets.ts';
import * as checkinTallies from './2026-11-26T16-00_checkin-tallies.ts';
import * as requestLeases from './2026-12-06T10-00_request-leases.ts';
import * as programLeads from './2026-12-06T13-00_program-leads.ts';
import * as reportReleases from './2026-12-06T14-00_report-releases.ts';
import * as leadToolsPrivacy from './2026-12-06T15-00_lead-tools-privacy.ts';
import * as sealedSecrets from './2026-12-06T16-00_sealed-secrets.ts';
import * as deliveryFencing from './2026-12-06T17-00_delivery-fencing.ts';
import * as recurringRuns from './2026-12-06T18-00_recurring-runs.ts';
import * as deliveryStrays from './2026-12-07T09-00_delivery-strays.ts';
import * as adapterState from './2026-12-07T10-00_adapter-state.ts';
import * as deliveryCopies from './2026-12-07T12-00_delivery-copies.ts';
import * as teamsTeams from './2026-12-07T12-30_teams-teams.ts';
import * as roundMatchSeed from './2026-12-07T13-00_round-match-seed.ts';
import * as peopleProfiles from './2026-12-08T09-00_people-profiles.ts';
import * as peopleTimezonePinned from './2026-12-08T10-00_people-timezone-pinned.ts';
import * as meetings from './2026-12-08T11-00_meetings.ts';
import * as checkinNextSteps from './2026-12-08T12-00_checkin-next-steps.ts';
import * as pairLife from './2026-12-08T12-30_pair-life.ts';
import * as deliveryCopyAudit from './2026-12-08T13-00_delivery-copy-audit.ts';
import * as enrolmentApproval from './2026-12-08T14-00_enrolment-approval.ts';
import * as pairAgreements from './2026-12-09T10-00_pair-agreements.ts';
import * as closings from './2026-12-09T11-00_closings.ts';
import * as flashSessions from './2026-12-09T14-00_flash-sessions.ts';
import * as circles from './2026-12-09T13-00_circles.ts';
import * as circlePulses from './2026-12-09T15-00_circle-pulses.ts';
import * as teamsCircleChats from './2026-12-09T16-30_teams-circle-chats.ts';
import * as circleFlashReleases from './2026-12-09T17-00_circle-flash-releases.ts';
import * as circleSpaceRemovals from './2026-12-09T17-30_circle-space-removals.ts';
import * as flashMeetings from './2026-12-09T16-00_flash-meetings.ts';
import * as meetingCancellations from './2026-12-09T18-00_meeting-cancellations.ts';
import * as roundPurges from './2026-12-09T18-30_round-purges.ts';
import * as roundShortlists from './2026-12-09T12-00_round-shortlists.ts';
import * as roundPreviewUnmatched from './2026-12-10T09-00_round-preview-unmatched.ts';

export const migrations: Record<string, Migration> = {
  '2026-11-26T12-00_initial-model': initialModel,
  '2026-11-26T14-00_delivery-rate-buckets': deliveryRateBuckets,
  '2026-11-26T16-00_checkin-tallies': checkinTallies,
  '2026-12-06T10-00_request-leases': requestLeases,
  '2026-12-06T13-00_program-leads': programLeads,
  '2026-12-06T14-00_report-releases': reportReleases,
  '2026-12-06T15-00_lead-tools-privacy': leadToolsPrivacy,
  '2026-12-06T16-00_sealed-secrets': sealedSecrets,
  '2026-12-06T17-00_delivery-fencing': deliveryFencing,
  '2026-12-06T18-00_recurring-runs': recurringRuns,
  '2026-12-07T09-00_delivery-strays': deliveryStrays,
  '2026-12-07T10-00_adapter-state': adapterState,
  '2026-12-07T12-00_delivery-copies': deliveryCopies,
  '2026-12-07T12-30_teams-teams': teamsTeams,
  '2026-12-07T13-00_round-match-seed': roundMatchSeed,
  '2026-12-08T09-00_people-profiles': peopleProfiles,
  '2026-12-08T10-00_people-timezone-pinned': peopleTimezonePinned,
  '2026-12-08T11-00_meetings': meetings,
  '2026-12-08T12-00_checkin-next-steps': checkinNextSteps,
  '2026-12-08T12-30_pair-life': pairLife,
  '2026-12-08T13-00_delivery-copy-audit': deliveryCopyAudit,
  '2026-12-08T14-00_enrolment-approval': enrolmentApproval,
  '2026-12-09T10-00_pair-agreements': pairAgreements,
  '2026-12-09T11-00_closings': closings,
  '2026-12-09T12-00_round-shortlists': roundShortlists,
  '2026-12-09T13-00_circles': circles,
  '2026-12-09T14-00_flash-sessions': flashSessions,
  '2026-12-09T15-00_circle-pulses': circlePulses,
  '2026-12-09T16-00_flash-meetings': flashMeetings,
  '2026-12-09T16-30_teams-circle-chats': teamsCircleChats,
  '2026-12-09T17-00_circle-flash-releases': circleFlashReleases,
  '2026-12-09T17-30_circle-space-removals': circleSpaceRemovals,
  '2026-12-09T18-00_meeting-cancellations': meetingCancellations,
  '2026-12-09T18-30_round-purges': roundPurges,
  '2026-12-10T09-00_round-preview-unmatched': roundPreviewUnmatched,
};
