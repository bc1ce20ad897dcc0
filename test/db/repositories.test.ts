import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as audit from '../../src/db/repositories/audit.repository.ts';
import * as checkins from '../../src/db/repositories/checkin.repository.ts';
import * as conversations from '../../src/db/repositories/conversation-ref.repository.ts';
import * as deliveries from '../../src/db/repositories/delivery.repository.ts';
import * as enrollments from '../../src/db/repositories/enrollment.repository.ts';
import * as goals from '../../src/db/repositories/goal.repository.ts';
import * as installations from '../../src/db/repositories/installation.repository.ts';
import * as leads from '../../src/db/repositories/lead.repository.ts';
import * as rules from '../../src/db/repositories/match-rule.repository.ts';
import * as pairs from '../../src/db/repositories/pair.repository.ts';
import * as people from '../../src/db/repositories/person.repository.ts';
import * as programs from '../../src/db/repositories/program.repository.ts';
import * as pulses from '../../src/db/repositories/pulse.repository.ts';
import * as dedup from '../../src/db/repositories/request-dedup.repository.ts';
import * as risks from '../../src/db/repositories/risk-alert.repository.ts';
import * as rounds from '../../src/db/repositories/round.repository.ts';
import * as waitlist from '../../src/db/repositories/waitlist.repository.ts';
import * as workspaces from '../../src/db/repositories/workspace.repository.ts';
import { loadSigner } from '../../src/secrets/signing-keys.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { whileHeldOpen } from '../support/row-race.ts';
import { programWithRound, sampleSettings, workspaceWithPeople } from '../support/fixtures.ts';

const T0 = new Date('2027-01-04T09:00:00.000Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe.each(databaseKinds)('repositories round-trip on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => { database = await createTestDatabase(kind); });
  afterAll(async () => { await database?.dispose(); });
  const db = () => database.db;

  it('workspaces and installations', async () => {
    const ws = await workspaces.upsertWorkspace(db(), { platform: 'teams', externalId: 'tenant-1', name: 'Contoso' });
    expect(await workspaces.upsertWorkspace(db(), { platform: 'teams', externalId: 'tenant-1' })).toEqual(ws);
    expect(await workspaces.getWorkspace(db(), ws.id)).toEqual(ws);
    expect(await workspaces.findWorkspace(db(), 'teams', 'tenant-1')).toEqual(ws);
    expect(await workspaces.findWorkspace(db(), 'slack', 'tenant-1')).toBeUndefined();
    const install = { workspaceId: ws.id, enterpriseId: null, botUserId: 'B1', installerPlatformUserId: 'U1', data: { bot: { token: 'xoxb-1' }, scopes: ['chat:write'] } };
    await installations.saveInstallation(db(), install);
    expect(await installations.findInstallation(db(), ws.id)).toEqual(install);
    await installations.saveInstallation(db(), { ...install, botUserId: 'B2' });
    expect((await installations.findInstallation(db(), ws.id))?.botUserId).toBe('B2');
    expect(await installations.deleteInstallation(db(), ws.id)).toBe(true);
    expect(await installations.findInstallation(db(), ws.id)).toBeUndefined();
  });

  it('a workspace is created once, renamed when its platform gives a new name, and otherwise only read', async () => {
    const first = await workspaces.upsertWorkspace(db(), { platform: 'slack', externalId: 'T-RENAME', name: 'acme' });
    expect(first.name).toBe('acme');
    const renamed = await workspaces.upsertWorkspace(db(), { platform: 'slack', externalId: 'T-RENAME', name: 'acme-corp' });
    expect(renamed).toEqual({ ...first, name: 'acme-corp' });
    expect(await workspaces.getWorkspace(db(), first.id)).toEqual(renamed);
    // No name (a Slack view submission carries none) keeps the one known.
    expect(await workspaces.upsertWorkspace(db(), { platform: 'slack', externalId: 'T-RENAME' })).toEqual(renamed);
    expect(await workspaces.upsertWorkspace(db(), { platform: 'slack', externalId: 'T-RENAME', name: null })).toEqual(renamed);
    const unnamed = await workspaces.upsertWorkspace(db(), { platform: 'teams', externalId: 'tenant-unnamed' });
    expect(unnamed.name).toBeNull();
    expect(await workspaces.upsertWorkspace(db(), { platform: 'teams', externalId: 'tenant-unnamed', name: 'Fabrikam' })).toEqual({ ...unnamed, name: 'Fabrikam' });
  });

  it.runIf(kind === 'postgres')('a known workspace resolved inside a transaction leaves its row unlocked', async () => {
    const ws = await workspaces.upsertWorkspace(db(), { platform: 'slack', externalId: 'T-UNLOCKED', name: 'acme' });
    await whileHeldOpen(db(), async (trx) => {
      expect(await workspaces.upsertWorkspace(trx, { platform: 'slack', externalId: 'T-UNLOCKED', name: 'acme' })).toEqual(ws);
    }, async () => {
      // Another request's lock on the row is granted at once (nowait fails if any lock is held).
      await db().transaction().execute(async (trx) => {
        await sql`select id from workspaces where id = ${ws.id} for update nowait`.execute(trx);
      });
    });
  });

  it.runIf(kind === 'postgres')('a program name being checked (workspace locked) holds up no insert of the workspace', async () => {
    const ws = await workspaces.upsertWorkspace(db(), { platform: 'slack', externalId: 'T-NAMES', name: 'acme' });
    await whileHeldOpen(db(), (trx) => workspaces.lockWorkspace(trx, ws.id), async () => {
      await db().transaction().execute(async (trx) => {
        await sql`set local lock_timeout = '2s'`.execute(trx);
        await people.upsertPerson(trx, ws.id, { platformUserId: 'U-NEW', displayName: 'New', locale: null, timezone: null, email: null });
      });
      // A second name check waits for the first.
      await expect(db().transaction().execute(async (trx) => {
        await sql`set local lock_timeout = '200ms'`.execute(trx);
        await workspaces.lockWorkspace(trx, ws.id);
      })).rejects.toThrow(/lock timeout/);
    });
  });

  it.runIf(kind === 'postgres')('two first requests of a new workspace at once make one row', async () => {
    const both = await Promise.all([0, 1].map(() => db().transaction().execute((trx) =>
      workspaces.upsertWorkspace(trx, { platform: 'teams', externalId: 'tenant-twice', name: 'Twice' }))));
    expect(both[1]).toEqual(both[0]);
    const rows = await db().selectFrom('workspaces').select('id').where('external_id', '=', 'tenant-twice').execute();
    expect(rows).toHaveLength(1);
  });

  it('people, org links, management chain and anonymisation', async () => {
    const { workspace, people: [ceo, vp, manager, alice] } = await workspaceWithPeople(db(), ['ceo', 'vp', 'manager', 'alice']);
    await people.updateOrgFields(db(), vp!.id, { managerId: ceo!.id, level: 8 });
    await people.updateOrgFields(db(), manager!.id, { managerId: vp!.id, department: 'Sales' });
    await people.updateOrgFields(db(), alice!.id, { managerId: manager!.id, department: 'Sales', level: 3, location: 'Lyon' });
    expect(await people.managementChain(db(), alice!.id)).toEqual([manager!.id, vp!.id, ceo!.id]);
    expect(await people.managementChain(db(), ceo!.id)).toEqual([]);
    const refreshed = await people.upsertPerson(db(), workspace.id, { platformUserId: alice!.platformUserId, displayName: 'Alice M.', email: 'Alice@Example.com' });
    expect(refreshed).toMatchObject({ id: alice!.id, displayName: 'Alice M.', department: 'Sales', level: 3, location: 'Lyon', timezone: 'Europe/Paris' });
    expect((await people.findPersonByEmail(db(), workspace.id, 'alice@example.com'))?.id).toBe(alice!.id);
    expect((await people.findPersonByPlatformId(db(), workspace.id, alice!.platformUserId))?.id).toBe(alice!.id);
    await people.setLocaleOverride(db(), alice!.id, 'fr');
    expect((await people.getPerson(db(), alice!.id))?.localeOverride).toBe('fr');
    expect((await people.getPeople(db(), [ceo!.id, vp!.id])).map((p) => p.displayName).sort()).toEqual(['ceo', 'vp']);
    await people.anonymisePerson(db(), manager!.id, T0);
    const erased = await people.getPerson(db(), manager!.id);
    expect(erased).toMatchObject({ displayName: 'Former participant', email: null, department: null, managerId: null, erasedAt: T0 });
    expect(erased?.platformUserId).toBe(`erased:${manager!.id}`);
    expect((await people.getPerson(db(), alice!.id))?.managerId).toBeNull();
  });

  it('program leads, per program', async () => {
    const { workspace, people: [lead, other, report] } = await workspaceWithPeople(db(), ['lead', 'other', 'report']);
    const { program, round } = await programWithRound(db(), workspace, lead!);
    const { program: second } = await programWithRound(db(), workspace, other!);
    expect(await leads.addProgramLead(db(), program.id, lead!.id, null)).toBe(true);
    expect(await leads.addProgramLead(db(), program.id, lead!.id, null)).toBe(false);
    expect(await leads.isProgramLead(db(), program.id, lead!.id)).toBe(true);
    expect(await leads.isProgramLead(db(), second.id, lead!.id)).toBe(false);
    expect(await leads.listLedPrograms(db(), workspace.id, lead!.id)).toEqual([program.id]);
    await leads.setProgramLeads(db(), program.id, [lead!.id, other!.id]);
    expect(await leads.listProgramLeads(db(), program.id)).toEqual([lead!.id, other!.id].sort());
    expect(await leads.removeProgramLead(db(), program.id, lead!.id)).toBe(true);
    expect(await leads.removeProgramLead(db(), program.id, lead!.id)).toBe(false);
    expect(await leads.listLedPrograms(db(), workspace.id, lead!.id)).toEqual([]);
    // `other` manages `report`, who enrolls in the first program only.
    await db().updateTable('people').set({ manager_id: other!.id }).where('id', '=', report!.id).execute();
    expect(await leads.managesParticipantOf(db(), program.id, other!.id)).toBe(false);
    await db().insertInto('enrollments').values({ workspace_id: workspace.id, round_id: round.id, person_id: report!.id, role: 'mentee', updated_at: new Date() }).execute();
    expect(await leads.managesParticipantOf(db(), program.id, other!.id)).toBe(true);
    expect(await leads.managesParticipantOf(db(), second.id, other!.id)).toBe(false);
    expect(await leads.managesParticipantOf(db(), program.id, lead!.id)).toBe(false);
  });

  it('programs keep every setting', async () => {
    const { workspace, people: [lead] } = await workspaceWithPeople(db(), ['lead']);
    const settings = sampleSettings({ checkinCadence: 'PT30S', minGroupSize: 6, objective: 'score', weights: { ...sampleSettings().weights, values: 20 } });
    const program = await programs.createProgram(db(), { workspaceId: workspace.id, name: 'Leadership 2027', description: 'For new managers', settings, createdBy: lead!.id });
    expect(program.settings).toEqual(settings);
    expect(await programs.getProgram(db(), program.id)).toEqual(program);
    expect((await programs.findProgramByName(db(), workspace.id, 'leadership 2027'))?.id).toBe(program.id);
    const updated = await programs.updateProgram(db(), program.id, { settings: { ...settings, sessionMinutes: 45 }, status: 'archived' });
    expect(updated?.settings.sessionMinutes).toBe(45);
    expect(await programs.listPrograms(db(), workspace.id)).toEqual([]);
    expect((await programs.listPrograms(db(), workspace.id, { includeArchived: true })).map((p) => p.id)).toEqual([program.id]);
    await expect(programs.createProgram(db(), { workspaceId: workspace.id, name: 'Leadership 2027', settings, createdBy: null })).rejects.toThrow();
  });

  it('rounds move state by compare-and-set, with invitations and a waitlist', async () => {
    const { workspace, people: [lead, a, b] } = await workspaceWithPeople(db(), ['lead', 'a', 'b']);
    const { program, round } = await programWithRound(db(), workspace, lead!);
    expect(round.state).toBe('draft');
    const opened = await rounds.transitionRound(db(), round.id, ['draft'], 'open', { opened_at: T0, survey_deadline: later(60 * 24 * 14) });
    expect(opened).toMatchObject({ state: 'open', openedAt: T0 });
    expect(await rounds.transitionRound(db(), round.id, ['draft'], 'open', { opened_at: T0 })).toBeUndefined();
    expect((await rounds.listRoundsInState(db(), workspace.id, ['open'])).map((r) => r.id)).toEqual([round.id]);
    expect(await rounds.getRound(db(), round.id)).toEqual(opened);
    expect(await rounds.listRounds(db(), program.id)).toEqual([opened]);
    // Only one round of a program collects surveys at a time.
    const second = await rounds.createRound(db(), { workspaceId: workspace.id, programId: program.id, name: 'Autumn', createdBy: lead!.id });
    await expect(rounds.transitionRound(db(), second.id, ['draft'], 'open', { opened_at: T0 })).rejects.toThrow();
    expect(await rounds.addInvitations(db(), round.id, [a!.id, b!.id, a!.id])).toBe(2);
    expect(await rounds.addInvitations(db(), round.id, [a!.id])).toBe(0);
    expect(await rounds.listInvitations(db(), round.id)).toEqual([a!.id, b!.id].sort());
    await waitlist.addToWaitlist(db(), { programId: program.id, personId: a!.id, role: 'mentee', reason: 'no_open_round' });
    await waitlist.addToWaitlist(db(), { programId: program.id, personId: a!.id, role: 'mentee', reason: 'unmatched' });
    expect((await waitlist.listWaitlist(db(), program.id)).map((w) => [w.personId, w.role, w.reason])).toEqual([[a!.id, 'mentee', 'unmatched']]);
    await waitlist.removeFromWaitlist(db(), program.id, a!.id);
    expect(await waitlist.listWaitlist(db(), program.id)).toEqual([]);
  });

  it('enrollments keep survey answers', async () => {
    const { workspace, people: [lead, mentee, mentor] } = await workspaceWithPeople(db(), ['lead', 'mentee', 'mentor']);
    const { round } = await programWithRound(db(), workspace, lead!);
    const started = await enrollments.startEnrollment(db(), { workspaceId: workspace.id, roundId: round.id, personId: mentee!.id, role: 'mentee', draft: { topics: ['leadership'] } });
    expect(started).toMatchObject({ status: 'started', answers: { topics: ['leadership'] }, capacity: null });
    const answers = { topics: ['leadership'], careerObjective: 'Lead a team', values: ['kindness'] };
    const submitted = await enrollments.submitEnrollment(db(), { workspaceId: workspace.id, roundId: round.id, personId: mentee!.id, role: 'mentee', answers, capacity: 2, at: T0 });
    expect(submitted).toMatchObject({ id: started.id, status: 'submitted', answers, capacity: null, consentAt: T0, submittedAt: T0 });
    const mentorEnrollment = await enrollments.submitEnrollment(db(), { workspaceId: workspace.id, roundId: round.id, personId: mentor!.id, role: 'mentor', answers: { capacity: 2 }, capacity: 2, at: T0 });
    expect(mentorEnrollment.capacity).toBe(2);
    await expect(enrollments.submitEnrollment(db(), { workspaceId: workspace.id, roundId: round.id, personId: lead!.id, role: 'mentor', answers: {}, capacity: 5, at: T0 })).rejects.toThrow();
    expect(await enrollments.getEnrollment(db(), submitted.id)).toEqual(submitted);
    expect(await enrollments.findEnrollment(db(), round.id, mentee!.id, 'mentee')).toEqual(submitted);
    expect((await enrollments.listEnrollments(db(), round.id, { role: 'mentor', status: 'submitted' })).map((e) => e.personId)).toEqual([mentor!.id]);
    expect((await enrollments.listEnrollmentsOfPerson(db(), mentee!.id)).map((e) => e.id)).toEqual([submitted.id]);
    expect(await enrollments.withdrawEnrollment(db(), submitted.id, later(1))).toBe(true);
    expect(await enrollments.withdrawEnrollment(db(), submitted.id, later(2))).toBe(false);
  });

  it('pairs: preview, proposal, compare-and-set transitions with history, no repeats', async () => {
    const { workspace, people: [lead, mentee, mentor, mentor2] } = await workspaceWithPeople(db(), ['lead', 'mentee', 'mentor', 'mentor2']);
    const { program, round } = await programWithRound(db(), workspace, lead!);
    const base = { workspaceId: workspace.id, programId: program.id, roundId: round.id };
    const reasons = [{ code: 'shared_values', values: ['kindness'] }];
    const [draft] = await pairs.replaceDraftPairs(db(), round.id, [{ ...base, menteeId: mentee!.id, mentorId: mentor!.id, score: 87.25, reasons }]);
    expect(draft).toMatchObject({ state: 'draft', score: 87.25, reasons, source: 'round' });
    const [redo] = await pairs.replaceDraftPairs(db(), round.id, [{ ...base, menteeId: mentee!.id, mentorId: mentor!.id, score: 80, reasons }]);
    expect(await pairs.listPairs(db(), round.id)).toEqual([redo]);
    const proposed = await pairs.transitionPair(db(), redo!.id, { from: ['draft'], to: 'proposed', patch: { proposed_at: T0, expires_at: later(60) }, actorId: lead!.id, at: T0 });
    expect(proposed).toMatchObject({ state: 'proposed', proposedAt: T0, expiresAt: later(60) });
    expect(await pairs.transitionPair(db(), redo!.id, { from: ['draft'], to: 'proposed', actorId: lead!.id, at: T0 })).toBeUndefined();
    const halfAccepted = await pairs.patchPair(db(), redo!.id, ['proposed'], { mentee_accepted_at: later(5) }, later(5));
    expect(halfAccepted?.menteeAcceptedAt).toEqual(later(5));
    await pairs.transitionPair(db(), redo!.id, { from: ['proposed'], to: 'accepted', patch: { mentor_accepted_at: later(6), accepted_at: later(6) }, actorId: mentor!.id, at: later(6) });
    await pairs.transitionPair(db(), redo!.id, { from: ['accepted'], to: 'active', patch: { activated_at: later(7) }, actorId: null, at: later(7) });
    await expect(pairs.transitionPair(db(), redo!.id, { from: ['active'], to: 'paused', actorId: mentee!.id, at: later(8) })).rejects.toThrow();
    const paused = await pairs.transitionPair(db(), redo!.id, { from: ['active'], to: 'paused', patch: { paused_until: later(60 * 24 * 14) }, actorId: mentee!.id, at: later(8) });
    expect(paused?.pausedUntil).toEqual(later(60 * 24 * 14));
    expect((await pairs.listPairEvents(db(), redo!.id)).map((e) => [e.fromState, e.toState])).toEqual([
      ['draft', 'proposed'], ['proposed', 'accepted'], ['accepted', 'active'], ['active', 'paused'],
    ]);
    expect((await pairs.listPairsOfPerson(db(), mentor!.id, ['paused'])).map((p) => p.id)).toEqual([redo!.id]);
    expect(await pairs.listPairsOfPerson(db(), mentor!.id, [])).toEqual([]);
    expect(await pairs.pastPairsOfProgram(db(), program.id)).toEqual([{ menteeId: mentee!.id, mentorId: mentor!.id }]);
    // A mentee has one live pair per round; a past pair is never proposed again.
    await expect(pairs.insertProposedPair(db(), { ...base, menteeId: mentee!.id, mentorId: mentor2!.id, score: 50, reasons: [] }, T0, later(60))).rejects.toThrow();
    await pairs.transitionPair(db(), redo!.id, { from: ['paused'], to: 'ended', patch: { ended_at: later(9), ended_by: mentee!.id, end_reason: 'schedule' }, actorId: mentee!.id, at: later(9) });
    await expect(pairs.insertProposedPair(db(), { ...base, menteeId: mentee!.id, mentorId: mentor!.id, score: 50, reasons: [] }, T0, later(60))).rejects.toThrow();
    const rematch = await pairs.insertProposedPair(db(), { ...base, menteeId: mentee!.id, mentorId: mentor2!.id, score: 64.5, reasons }, later(10), later(70));
    expect(rematch).toMatchObject({ state: 'proposed', source: 'rematch', score: 64.5 });
    expect(await pairs.getPair(db(), rematch.id)).toEqual(rematch);
  });

  it('match rules, goals, check-ins, pulses and risk alerts', async () => {
    const { workspace, people: [lead, mentee, mentor] } = await workspaceWithPeople(db(), ['lead', 'mentee', 'mentor']);
    const { program, round } = await programWithRound(db(), workspace, lead!);
    await rules.setMatchRule(db(), { roundId: round.id, menteeId: mentee!.id, mentorId: mentor!.id, kind: 'pin', createdBy: lead!.id });
    await rules.setMatchRule(db(), { roundId: round.id, menteeId: mentee!.id, mentorId: mentor!.id, kind: 'forbid', createdBy: lead!.id });
    expect(await rules.listMatchRules(db(), round.id)).toEqual([{ roundId: round.id, menteeId: mentee!.id, mentorId: mentor!.id, kind: 'forbid', createdBy: lead!.id }]);
    expect(await rules.removeMatchRule(db(), round.id, mentee!.id, mentor!.id)).toBe(true);

    const pair = await pairs.insertProposedPair(db(), { workspaceId: workspace.id, programId: program.id, roundId: round.id, menteeId: mentee!.id, mentorId: mentor!.id, score: 70, reasons: [] }, T0, later(60));
    const goal = await goals.createGoal(db(), { matchId: pair.id, title: 'Run a team meeting', measure: 'Three meetings led', targetDate: '2027-03-31', createdBy: mentee!.id });
    expect(goal).toMatchObject({ progress: 0, status: 'open', targetDate: '2027-03-31' });
    const progressed = await goals.updateGoal(db(), goal.id, { progress: 40 }, mentor!.id);
    expect(progressed).toMatchObject({ progress: 40, updatedBy: mentor!.id, title: 'Run a team meeting' });
    await expect(goals.updateGoal(db(), goal.id, { progress: 140 }, mentor!.id)).rejects.toThrow();
    expect(await goals.getGoal(db(), goal.id)).toEqual(progressed);
    expect(await goals.listGoals(db(), pair.id)).toEqual([progressed]);

    const checkin = await checkins.scheduleCheckin(db(), { matchId: pair.id, personId: mentee!.id, period: 1, dueAt: later(100) });
    expect(await checkins.scheduleCheckin(db(), { matchId: pair.id, personId: mentee!.id, period: 1, dueAt: later(999) })).toEqual(checkin);
    expect(await checkins.setCheckinStatus(db(), checkin.id, ['scheduled'], 'prompted', later(100))).toBe(true);
    expect((await checkins.findOpenCheckin(db(), mentee!.id))?.id).toBe(checkin.id);
    const answer = { met: 'yes' as const, usefulness: 4, goalProgress: { [goal.id]: 50 }, privateNote: 'Felt good' };
    const answered = await checkins.answerCheckin(db(), checkin.id, answer, later(120));
    expect(answered).toMatchObject({ status: 'answered', ...answer, answeredAt: later(120), promptedAt: later(100) });
    expect(await checkins.answerCheckin(db(), checkin.id, { ...answer, usefulness: 1 }, later(121))).toBeUndefined();
    expect(await checkins.getCheckin(db(), checkin.id)).toEqual(answered);
    expect(await checkins.listCheckins(db(), pair.id)).toEqual([answered]);
    expect(await checkins.findOpenCheckin(db(), mentee!.id)).toBeUndefined();

    const pulse = await pulses.ensurePulse(db(), { roundId: round.id, kind: 'periodic', period: 1, opensAt: T0, closesAt: later(60 * 24 * 7) });
    expect(await pulses.ensurePulse(db(), { roundId: round.id, kind: 'periodic', period: 1, opensAt: later(5), closesAt: later(10) })).toEqual(pulse);
    expect(await pulses.getPulse(db(), pulse.id)).toEqual(pulse);
    expect(await pulses.listPulses(db(), round.id)).toEqual([pulse]);
    const pulseAnswer = { pulseId: pulse.id, personId: mentee!.id, matchId: pair.id, role: 'mentee' as const, satisfaction: 5, relationship: 4, progress: 3, recommend: 9, comment: 'Great', at: later(30) };
    const saved = await pulses.savePulseAnswer(db(), pulseAnswer);
    expect(saved).toMatchObject({ satisfaction: 5, recommend: 9, comment: 'Great', answeredAt: later(30) });
    expect(await pulses.savePulseAnswer(db(), { ...pulseAnswer, satisfaction: 1 })).toBeUndefined();
    expect(await pulses.hasAnsweredPulse(db(), pulse.id, mentee!.id)).toBe(true);
    expect(await pulses.listPulseAnswersForAggregation(db(), pulse.id)).toEqual([saved]);
    await expect(pulses.savePulseAnswer(db(), { ...pulseAnswer, personId: mentor!.id, recommend: 11 })).rejects.toThrow();

    const alert = await risks.raiseRiskAlert(db(), pair.id, 'no_first_meeting', later(1000));
    expect(alert).toMatchObject({ rule: 'no_first_meeting', handledAt: null });
    expect(await risks.raiseRiskAlert(db(), pair.id, 'no_first_meeting', later(1001))).toBeUndefined();
    expect((await risks.listOpenRiskAlerts(db(), program.id)).map((a) => a.id)).toEqual([alert!.id]);
    expect(await risks.handleRiskAlert(db(), alert!.id, 'nudge', lead!.id, later(1002))).toMatchObject({ action: 'nudge', handledBy: lead!.id });
    expect(await risks.handleRiskAlert(db(), alert!.id, 'handled', lead!.id, later(1003))).toBeUndefined();
    expect(await risks.listOpenRiskAlerts(db(), program.id)).toEqual([]);
    expect((await risks.getRiskAlert(db(), alert!.id))?.action).toBe('nudge');
    // Once handled, the same rule may fire again later as a new alert.
    expect(await risks.raiseRiskAlert(db(), pair.id, 'no_first_meeting', later(2000))).toBeDefined();
  });

  it('deliveries are claimed once, and requests and action nonces are processed once', async () => {
    const { workspace, people: [person] } = await workspaceWithPeople(db(), ['person']);
    const claim = { workspaceId: workspace.id, idempotencyKey: `checkin:pair:1:${person!.id}`, kind: 'checkin', personId: person!.id, matchId: null, payload: { checkinId: 'c1' } };
    const first = await deliveries.claimDelivery(db(), claim);
    expect(first.created).toBe(true);
    expect(first.delivery.payload).toEqual({ checkinId: 'c1' });
    expect((await deliveries.listUnsentDeliveries(db(), { workspaceId: workspace.id })).map((d) => d.id)).toEqual([first.delivery.id]);
    const second = await deliveries.claimDelivery(db(), claim);
    expect(second).toEqual({ created: false, delivery: first.delivery });
    expect(await deliveries.beginSending(db(), first.delivery.id, later(1), 60_000)).toEqual({ token: 1, outcomeUnknown: false, attempts: 0, throttledWaits: 0 });
    expect(await deliveries.beginSending(db(), first.delivery.id, later(1), 60_000)).toBeUndefined();
    // A sender that died frees the delivery once its lease is over; the new holder gets a new
    // token, and the outcome of the dead sender's attempt is unknown.
    expect(await deliveries.beginSending(db(), first.delivery.id, later(3), 60_000)).toEqual({ token: 2, outcomeUnknown: true, attempts: 0, throttledWaits: 0 });
    expect(await deliveries.holdsLease(db(), first.delivery.id, 1)).toBe(false);
    expect(await deliveries.holdsLease(db(), first.delivery.id, 2)).toBe(true);
    // The old holder can record nothing.
    expect(await deliveries.markDeliverySent(db(), first.delivery.id, { channelId: 'D1', messageId: '0.1' }, later(3), 1)).toBe(false);
    expect(await deliveries.markDeliveryFailed(db(), first.delivery.id, 'late', { final: true, token: 1 }, later(3))).toBe(false);
    expect(await deliveries.markDeliveryFailed(db(), first.delivery.id, 'ratelimited', { final: false, token: 2 }, later(1))).toBe(true);
    expect(await deliveries.getDeliveryByKey(db(), claim.idempotencyKey)).toMatchObject({ status: 'failed', attempts: 1, error: 'ratelimited' });
    expect(await deliveries.markDeliverySent(db(), first.delivery.id, { channelId: 'D1', messageId: '1.2' }, later(2))).toBe(true);
    expect(await deliveries.markDeliverySent(db(), first.delivery.id, { channelId: 'D1', messageId: '1.3' }, later(3))).toBe(false);
    expect(await deliveries.getDeliveryByKey(db(), claim.idempotencyKey)).toMatchObject({ status: 'sent', attempts: 2, platformMessageId: '1.2', sentAt: later(2), error: null });
    const other = await deliveries.claimDelivery(db(), { ...claim, idempotencyKey: 'intro:x' });
    await deliveries.markDeliveryFailed(db(), other.delivery.id, 'account_inactive', true, later(4));
    const third = await deliveries.claimDelivery(db(), { ...claim, idempotencyKey: 'proposal:y' });
    await deliveries.cancelDelivery(db(), third.delivery.id, 'withdrawn', later(5));
    expect(await deliveries.countDeliveriesByStatus(db(), workspace.id)).toEqual({ pending: 0, sending: 0, sent: 1, failed: 0, undeliverable: 1, cancelled: 1, split: 0 });

    const request = await dedup.claimRequest(db(), `slack:event:Ev1:${workspace.id}`, { now: new Date(), leaseMs: 30_000, workspaceId: workspace.id });
    expect(request.status).toBe('claimed');
    expect((await dedup.claimRequest(db(), `slack:event:Ev1:${workspace.id}`, { now: new Date(), leaseMs: 30_000 })).status).toBe('in_progress');
    expect(await dedup.purgeProcessedRequests(db(), new Date(Date.now() + 60_000))).toBeGreaterThanOrEqual(1);
    expect(await dedup.consumeActionNonce(db(), `nonce-${workspace.id}`, person!.id, later(60))).toBe(true);
    expect(await dedup.consumeActionNonce(db(), `nonce-${workspace.id}`, person!.id, later(60))).toBe(false);
  });

  it('conversation references, audit log and secrets', async () => {
    const { workspace, people: [person, lead] } = await workspaceWithPeople(db(), ['person', 'lead']);
    const reference = { conversation: { id: 'a:1' }, serviceUrl: 'https://smba.example/', bot: { id: '28:bot' } };
    await conversations.saveConversationRef(db(), workspace.id, person!.id, reference);
    expect(await conversations.getConversationRef(db(), person!.id)).toEqual(reference);
    await conversations.saveConversationRef(db(), workspace.id, person!.id, { ...reference, serviceUrl: 'https://other/' });
    expect((await conversations.getConversationRef(db(), person!.id))?.serviceUrl).toBe('https://other/');
    await conversations.saveConversationRef(db(), workspace.id, person!.id, { ...reference, user: { id: '29:abc', aadObjectId: 'aad-1' } });
    expect(await conversations.findPersonByConversationUser(db(), workspace.id, '29:abc')).toEqual({ id: person!.id, platformUserId: person!.platformUserId });
    expect(await conversations.findPersonByConversationUser(db(), workspace.id, '29:zzz')).toBeUndefined();
    await conversations.deleteConversationRef(db(), person!.id);
    expect(await conversations.getConversationRef(db(), person!.id)).toBeUndefined();

    await audit.recordAudit(db(), { workspaceId: workspace.id, actorId: lead!.id, action: 'program.create', targetType: 'program', targetId: 'p1', details: { name: 'X' }, at: T0 });
    await audit.recordAudit(db(), { workspaceId: workspace.id, actorId: lead!.id, action: 'round.open', targetType: 'round', targetId: 'r1' });
    const entries = await audit.listAudit(db(), workspace.id);
    expect(entries.map((e) => e.action)).toEqual(['round.open', 'program.create']);
    expect(entries[1]).toMatchObject({ actorId: lead!.id, targetType: 'program', targetId: 'p1', details: { name: 'X' }, at: T0 });
    expect((await audit.listAudit(db(), workspace.id, { targetId: 'p1' })).map((e) => e.action)).toEqual(['program.create']);
    expect(await audit.listAudit(db(), workspace.id, { before: entries[1]!.id })).toEqual([]);

    // The signing key is created once and shared: a second load verifies what the first signed.
    const ref = (await loadSigner(db(), 'action-ref-key')).sign({ kind: 'x.y', subjects: [], personId: lead!.id, expiresAt: later(60) });
    expect((await loadSigner(db(), 'action-ref-key')).verify(ref, lead!.id, T0).ok).toBe(true);
    expect(await db().selectFrom('signing_keys').select('purpose').where('purpose', '=', 'action-ref-key').execute()).toHaveLength(1);
  });
});

describe.each(databaseKinds)('rate buckets on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => { database = await createTestDatabase(kind); });
  afterAll(async () => { await database?.dispose(); });

  it('let a burst through, then say how long to wait, and honour a penalty', async () => {
    const { takeRateToken, penaliseRateBucket } = await import('../../src/db/repositories/rate-bucket.repository.ts');
    const results: number[] = [];
    for (let i = 0; i < 5; i += 1) results.push(await takeRateToken(database.db, 'slack:T1', 1, 3));
    expect(results.slice(0, 3)).toEqual([0, 0, 0]);
    expect(results[3]).toBeGreaterThan(0);
    expect(results[3]).toBeLessThanOrEqual(1000);
    expect(await takeRateToken(database.db, 'slack:T2', 1, 3)).toBe(0);
    await penaliseRateBucket(database.db, 'slack:T2', 1, 30_000);
    const wait = await takeRateToken(database.db, 'slack:T2', 1, 3);
    expect(wait).toBeGreaterThan(29_000);
    expect(wait).toBeLessThanOrEqual(31_000);
  });
});
