// `npm run demo` in CI, small: the whole program played through the real app on the embedded
// default, then checked from the database it leaves: each check-in prompted reached Slack
// exactly once, the declined mentee was rematched and accepted, the report's numbers are the
// data's, and nothing the app sent would be refused by Slack.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo, type DemoResult } from '../../demo/demo.ts';
import { deliveryKey } from '../../demo/slack-client.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/connect.ts';
import { formatMonth, formatNumber } from '../../src/ui/i18n/format.ts';
import { t } from '../../src/ui/i18n/t.ts';

describe('npm run demo (16 people, embedded database)', () => {
  let result: DemoResult;
  let database: DatabaseHandle;
  let output = '';

  beforeAll(async () => {
    result = await runDemo({ seed: 7, people: 16, lang: 'en', quiet: false, keep: true, write: (text) => { output += text; } });
    database = await openDatabase({ dataDir: result.dataDir });
    // The demo slows its rhythm on a loaded machine rather than tell a wrong story.
  }, 900_000);

  afterAll(async () => {
    await database?.close();
    if (result) await rm(result.dataDir, { recursive: true, force: true });
  });

  const db = () => database.db;
  const sentKeys = (): string[] => [...result.messages.values()].flat().map(deliveryKey).filter(Boolean);
  const personId = async (platformUserId: string) =>
    (await db().selectFrom('people').select('id').where('platform_user_id', '=', platformUserId).executeTakeFirstOrThrow()).id;

  it('tells the story in the bot’s own words, some in French, and Slack would accept every message', () => {
    expect(output).toContain('Matching preview: ');
    expect(output).toContain('Un mentor vous est proposé');
    expect(output).toContain('Program health: ');
    expect(result.problems).toEqual([]);
    // Durations in words and rules by name: never an ISO duration or a rule's code.
    expect(output).toContain('check-ins every ');
    expect(output).not.toMatch(/\bP(T?\d+[SMHDW])+\b|missed_checkins|low_pulse|\b1 days\b/);
  });

  it('gave the app its public address: the report card links to the report page, which the lead opened', () => {
    expect(result.facts.reportText).toContain(`[${t('en', 'report.page.button')}]`);
    expect(result.facts.reportText).not.toContain(t('en', 'report.page.no_url'));
    expect(output).toMatch(/with its four charts, drawn on the server: the funnel, the pulse averages, .*the at-risk alerts\./);
    // At the end, a fresh one-time link to the page (the card's was spent by the lead's visit).
    expect(result.reportUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/report\?code=/);
    expect(output).toContain(result.reportUrl);
  });

  it('sent every check-in prompt of every accepted pair exactly once', async () => {
    const accepted = await db().selectFrom('matches').select(['id', 'mentee_id', 'mentor_id']).where('accepted_at', 'is not', null).execute();
    expect(accepted.length).toBeGreaterThan(3);
    const keys = sentKeys();
    const prompted = await db().selectFrom('checkins').select(['id', 'match_id', 'person_id', 'prompted_at', 'status'])
      .where('status', 'in', ['prompted', 'answered', 'missed']).execute();
    for (const pair of accepted) {
      const mine = prompted.filter((c) => c.match_id === pair.id);
      // The first period of both members at least; later periods as the cadence brought them.
      expect(new Set(mine.map((c) => c.person_id))).toEqual(new Set([pair.mentee_id, pair.mentor_id]));
    }
    for (const checkin of prompted) {
      const messages = keys.filter((k) => k === `checkin:${checkin.id}`).length;
      const deliveries = await db().selectFrom('deliveries').select('status').where('idempotency_key', '=', `checkin:${checkin.id}`).execute();
      expect(deliveries, `check-in ${checkin.id}`).toHaveLength(1);
      // Prompts up to the report were settled: sent, or dropped by the composer because the
      // check-in was already marked missed when its turn came (a loaded machine). One made as
      // the demo stopped may still be on its way. An answered check-in was sent.
      if (checkin.prompted_at! <= result.facts.reportAt!) expect(['sent', 'cancelled'], `check-in ${checkin.id}`).toContain(deliveries[0]!.status);
      // An answered check-in reached its person: its prompt, or the reminder sent in its place.
      const reminders = await db().selectFrom('deliveries').select('status').where('idempotency_key', '=', `checkin.missed:${checkin.id}`).execute();
      expect(reminders.length, `check-in ${checkin.id}`).toBeLessThanOrEqual(1);
      expect(keys.filter((k) => k === `checkin.missed:${checkin.id}`).length).toBe(reminders[0]?.status === 'sent' ? 1 : 0);
      if (checkin.status === 'answered') expect([deliveries[0]!.status, reminders[0]?.status], `check-in ${checkin.id}`).toContain('sent');
      expect(messages, `check-in ${checkin.id}`).toBe(deliveries[0]!.status === 'sent' ? 1 : 0);
    }
    // No message of any kind reached Slack twice.
    expect(keys.length).toBe(new Set(keys).size);
  });

  it('ran a circle in its own private channel, and its mentees were neither paired nor waitlisted', async () => {
    const circle = result.facts.circle!;
    const row = await db().selectFrom('circles').select(['state', 'space_id']).where('id', '=', circle.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'active', space_id: circle.channel });
    const keys = (result.messages.get(circle.channel) ?? []).map(deliveryKey);
    expect(keys).toContain(`circle.intro:${circle.id}`);
    expect(keys.some((k) => k.startsWith(`circle.checkin:${circle.id}:`))).toBe(true);
    const seated = await Promise.all(circle.members.map(personId));
    expect(seated.length).toBeGreaterThanOrEqual(3);
    expect(await db().selectFrom('matches').select('id').where('mentee_id', 'in', seated).execute()).toEqual([]);
    expect(await db().selectFrom('waitlist').select('person_id').where('person_id', 'in', seated).execute()).toEqual([]);
    // No shortlist either: their place is the circle.
    expect(await db().selectFrom('shortlists').select('mentee_id').where('mentee_id', 'in', seated).execute()).toEqual([]);
  });

  it('let the mentees rank a shortlist, honoured as far as the cohort allows, and counted the choices in the preview', async () => {
    const choice = result.facts.choice!;
    const mentee = await personId(choice.menteeId);
    const list = await db().selectFrom('shortlists').select(['ranking', 'mentor_ids']).where('mentee_id', '=', mentee).executeTakeFirstOrThrow();
    expect((list.ranking as string[])[0]).toBe(await personId(choice.firstChoiceId));
    // The preview's line, as the lead read it.
    expect(output).toContain(`${t('en', 'match.preview.choices')}: `);
    expect(output).toContain(choice.got === choice.firstChoiceId ? 'their first choice' : 'ranked');
  });

  it('rematched the declined mentee with another mentor, and that pair went ahead', async () => {
    const { menteeId, mentorId } = result.facts.declined!;
    const mentee = await personId(menteeId), mentor = await personId(mentorId);
    const pairs = await db().selectFrom('matches').select(['state', 'mentor_id', 'source', 'decline_reason', 'declined_by']).where('mentee_id', '=', mentee).execute();
    const declined = pairs.find((p) => p.state === 'declined');
    expect(declined).toMatchObject({ mentor_id: mentor, declined_by: mentor });
    const rematch = pairs.find((p) => p.source === 'rematch');
    expect(rematch?.state).toBe('active');
    expect(rematch?.mentor_id).not.toBe(mentor);
    // The private reason is stored for the mentor's record and shown nowhere.
    expect(declined?.decline_reason).toBeTruthy();
    expect(output).not.toContain(declined!.decline_reason!);
  });

  it('let the silent pair miss its check-ins, and the at-risk scan flagged it', async () => {
    const mentee = await personId(result.facts.atRisk!.menteeId);
    const pair = await db().selectFrom('matches').select('id').where('mentee_id', '=', mentee).where('state', '=', 'active').executeTakeFirstOrThrow();
    const statuses = (await db().selectFrom('checkins').select('status').where('match_id', '=', pair.id).execute()).map((c) => c.status);
    expect(statuses).toContain('missed');
    expect(statuses).not.toContain('answered');
    const alerts = await db().selectFrom('risk_alerts').select(['rule', 'person_id', 'shared_at']).where('match_id', '=', pair.id).execute();
    // Missed check-ins went to the lead; the low ratings to the members only, one of whom involved the lead.
    expect(alerts.filter((a) => a.person_id === null).map((a) => a.rule)).toEqual(['missed_checkins']);
    const offers = alerts.filter((a) => a.person_id !== null);
    expect(offers.length).toBeGreaterThan(0);
    expect(offers.every((a) => a.rule === 'low_pulse')).toBe(true);
    expect(offers.filter((a) => a.shared_at !== null)).toHaveLength(1);
    expect(output).toContain(t('en', 'risk.rule.asked_for_help', { person: '' }).trim());
    // The others answered every check-in and rated their pair alike: no alert.
    expect(await db().selectFrom('risk_alerts').select(['match_id', 'rule']).where('match_id', '!=', pair.id).execute()).toEqual([]);
  });

  it('let a pair find a time (three offered, the .ics in each DM) and confirm its agreement, and sent a member the preparation', async () => {
    const pairId = result.facts.meetingPairId!;
    const meeting = await db().selectFrom('meetings').select(['slots', 'ics_uid']).where('match_id', '=', pairId).where('state', '=', 'booked').executeTakeFirstOrThrow();
    expect(meeting.slots).toHaveLength(3);
    const pair = await db().selectFrom('matches').select(['mentee_id', 'mentor_id', 'agreed_at', 'mentee_agreed_at', 'mentor_agreed_at']).where('id', '=', pairId).executeTakeFirstOrThrow();
    expect([pair.agreed_at, pair.mentee_agreed_at, pair.mentor_agreed_at].every((at) => at !== null)).toBe(true);
    const platformIds = await db().selectFrom('people').select('platform_user_id').where('id', 'in', [pair.mentee_id, pair.mentor_id]).execute();
    const invited = result.files.filter((f) => f.content.includes(`UID:${meeting.ics_uid}`)).map((f) => f.channel).sort();
    expect(invited).toEqual(platformIds.map((p) => `D-${p.platform_user_id}`).sort());
    expect(output).toMatch(/DTSTART;TZID=[\w/]+:\d{8}T\d{6}/);
    // The preparation: sent once, with the pair's goals, what they agreed last time and the questions.
    const checkin = await db().selectFrom('checkins').select('match_id').where('id', '=', result.facts.preparedCheckinId!).executeTakeFirstOrThrow();
    expect(sentKeys().filter((k) => k === `prepare:${result.facts.preparedCheckinId}`)).toHaveLength(1);
    const goals = await db().selectFrom('goals').select('title').where('match_id', '=', checkin.match_id).execute();
    for (const goal of goals) expect(output).toContain(goal.title);
    expect(output).toMatch(new RegExp(`${t('en', 'prepare.questions')}|${t('fr', 'prepare.questions')}`));
  });

  it('printed a report whose numbers are the data at the time it was asked for', async () => {
    const at = result.facts.reportAt!;
    const report = result.facts.reportText!;
    const enrolled = await db().selectFrom('enrollments').select('role').where('status', '=', 'submitted').execute();
    const count = (role: string) => enrolled.filter((e) => e.role === role).length;
    expect(report).toContain(t('en', 'report.fact.participants_value', { mentees: count('mentee'), mentors: count('mentor') }));

    const pairs = await db().selectFrom('matches').select(['state', 'accepted_at']).where('state', '!=', 'draft').execute();
    const accepted = pairs.filter((p) => p.accepted_at !== null).length;
    const declined = pairs.filter((p) => p.state === 'declined').length;
    const expired = pairs.filter((p) => p.state === 'expired').length;
    const pending = pairs.filter((p) => p.state === 'proposed').length;
    const rate = `${formatNumber('en', Math.round((accepted / (accepted + declined + expired)) * 100))}%`;
    expect(report).toContain(t('en', 'report.fact.acceptance_value', { rate, accepted, declined, expired, pending }));

    // Check-ins count once their month is over (privacy: no figure moves with one answer); the
    // month under way is named instead.
    const monthStart = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1);
    const prompted = (await db().selectFrom('checkins').select(['status', 'due_at', 'prompted_at']).execute())
      .filter((c) => c.prompted_at !== null && c.prompted_at <= at);
    const past = prompted.filter((c) => c.due_at.getTime() < monthStart);
    const month = formatMonth('en', new Date(monthStart));
    expect(prompted.length).toBeGreaterThan(past.length);
    expect(report).toContain(past.length === 0
      ? t('en', 'report.fact.checkins_pending', { month })
      : t('en', 'report.fact.checkins_value_pending', { answered: past.filter((c) => c.status === 'answered').length, asked: past.length, month }));

    const open = await db().selectFrom('risk_alerts').select(['match_id', 'shared_at', 'handled_at']).execute();
    const openAtReport = open.filter((a) => a.shared_at !== null && a.shared_at <= at && (a.handled_at === null || a.handled_at > at));
    expect(openAtReport.length).toBeGreaterThan(1);
    // Counted by pair, and one card per pair with all its reasons (missed check-ins, a member asking for help).
    const pairsAtRisk = new Set(openAtReport.map((a) => a.match_id)).size;
    expect(report).toMatch(new RegExp(`${t('en', 'report.fact.at_risk')}:\\s+${pairsAtRisk}\\b`));
    expect(report.split(t('en', 'risk.card.title')).length - 1).toBe(pairsAtRisk);
    expect(report).toContain(t('en', 'report.fact.pairs_value', { active: pairs.filter((p) => p.state === 'active').length, paused: 0, ended: 0, early: 0 }));
  });
}, 300_000);
