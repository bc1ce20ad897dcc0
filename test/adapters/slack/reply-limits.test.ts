// Slack takes at most 5 posts on a response_url and drops the rest (the fake refuses them too).
// Long answers, twelve programs or twelve at-risk pairs, must still reach the lead whole: packed
// into few messages, a click on one packed card replacing that card only, and an answer too long
// for the posts left going whole to the lead's DM.
import { addProgramLead } from '../../../src/db/repositories/lead.repository.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { json } from '../../../src/db/repositories/db.ts';
import { upsertPerson } from '../../../src/db/repositories/person.repository.ts';
import { raiseRiskAlert } from '../../../src/db/repositories/risk-alert.repository.ts';
import { findWorkspace } from '../../../src/db/repositories/workspace.repository.ts';
import { programSettingsSchema } from '../../../src/domain/program-settings.ts';
import { databaseKinds } from '../../support/databases.ts';
import { RESPONSE_URL_POSTS } from '../../support/slack-fake-api.ts';
import { SlackPlatform } from '../../support/slack-platform.ts';
import type { SlackTestUser } from '../../support/slack-user.ts';

const settings = programSettingsSchema.parse({ topics: [{ key: 'leadership', label: { en: 'Leadership', fr: 'Leadership' } }] });

describe.each(databaseKinds)('replies within Slack\'s response_url limit on %s', (kind) => {
  let env: SlackPlatform;
  afterEach(async () => { await env?.dispose(); });

  async function leadOf(): Promise<{ lea: SlackTestUser; workspaceId: string }> {
    env = await SlackPlatform.start(kind, { leads: ['U_LEA'] });
    const lea = env.person('Lea');
    await lea.command('/mentor help');
    const workspace = await findWorkspace(env.database.db, 'slack', env.team.id);
    return { lea, workspaceId: workspace!.id };
  }

  async function addProgram(workspaceId: string, name: string): Promise<string> {
    const now = env.clock.now();
    const row = await env.database.db.insertInto('programs').values({
      workspace_id: workspaceId, name, settings: json(settings), checkin_cadence: settings.checkinCadence, session_minutes: 60, duration_days: 180,
      default_capacity: 1, min_group_size: 5, retention_days: 365, updated_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    // Seeded programs are not created through the bot: the lead leads them as `admin leads add` would.
    const lea = await env.database.db.selectFrom('people').select('id').where('platform_user_id', '=', 'U_LEA').executeTakeFirstOrThrow();
    await addProgramLead(env.database.db, row.id, lea.id, null);
    return row.id;
  }

  /** The response_url posts of the lead's latest command, by URL. */
  function postsPerUrl(): number[] {
    const counts = new Map<string, number>();
    for (const c of env.fake.calls) if (c.method.startsWith('respond')) counts.set(String(c.args.path), (counts.get(String(c.args.path)) ?? 0) + 1);
    return [...counts.values()];
  }

  it('lists 12 programs in full through at most 5 response_url posts', async () => {
    const { lea, workspaceId } = await leadOf();
    const names = Array.from({ length: 12 }, (_, i) => `Program ${String(i + 1).padStart(2, '0')} 🚀`);
    for (const name of names) await addProgram(workspaceId, name);
    const before = env.fake.callsOf('respond').length;

    await lea.command('/mentor admin program list');

    const posts = env.fake.callsOf('respond').slice(before);
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.length).toBeLessThanOrEqual(RESPONSE_URL_POSTS);
    expect(env.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === `D-${lea.id}`)).toEqual([]);
    for (const name of names) expect(lea.text()).toContain(`== ${name} ==`);
    expect(lea.text()).toContain('12 programs.');
    expect(env.fake.callsOf('respond:refused')).toEqual([]);
    expect(env.fake.problems).toEqual([]);
  });

  /** The program "Pilot" with `count` active pairs, each with an open at-risk alert; the mentees' names. */
  async function atRiskPairs(workspaceId: string, count: number): Promise<string[]> {
    const db = env.database.db;
    const now = env.clock.now();
    const programId = await addProgram(workspaceId, 'Pilot');
    const round = await db.insertInto('rounds').values({ workspace_id: workspaceId, program_id: programId, name: 'R1', state: 'running', opened_at: now, published_at: now, updated_at: now })
      .returning('id').executeTakeFirstOrThrow();
    const mentees: string[] = [];
    for (let i = 1; i <= count; i += 1) {
      const mentee = env.person(`Mentee${i}`), mentor = env.person(`Mentor${i}`);
      mentees.push(mentee.user.name);
      const [a, b] = [
        await upsertPerson(db, workspaceId, { platformUserId: mentee.id, displayName: mentee.user.name, locale: 'en-US', timezone: 'Europe/Paris' }),
        await upsertPerson(db, workspaceId, { platformUserId: mentor.id, displayName: mentor.user.name, locale: 'en-US', timezone: 'Europe/Paris' }),
      ];
      const pair = await db.insertInto('matches').values({
        workspace_id: workspaceId, program_id: programId, round_id: round.id, mentee_id: a.id, mentor_id: b.id, state: 'active', score: 80, reasons: json([]),
        proposed_at: now, accepted_at: now, activated_at: now, updated_at: now,
      }).returning('id').executeTakeFirstOrThrow();
      await raiseRiskAlert(db, pair.id, 'no_first_meeting', now);
    }
    return mentees;
  }

  it('reports 12 at-risk pairs in full, and a click on one card replaces that card only', async () => {
    const { lea, workspaceId } = await leadOf();
    const db = env.database.db;
    const mentees = await atRiskPairs(workspaceId, 12);
    const before = env.fake.callsOf('respond').length;

    await lea.command('/mentor admin report Pilot');

    const posts = env.fake.callsOf('respond').slice(before);
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.length).toBeLessThanOrEqual(RESPONSE_URL_POSTS);
    expect(env.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === `D-${lea.id}`)).toEqual([]);
    const text = lea.text();
    expect(text).toContain('== Program health: Pilot ==');
    expect(text.split('== A pair may need help ==')).toHaveLength(13);
    for (const name of mentees) expect(text).toContain(`Mentee @${name}, mentor @${name.replace('Mentee', 'Mentor')}`);

    await lea.click('Mark as handled');
    const handled = await db.selectFrom('risk_alerts').select('id').where('handled_at', 'is not', null).execute();
    expect(handled).toHaveLength(1);
    const after = lea.text();
    // The other eleven cards and the report itself are still there, with their buttons.
    expect(after).toContain('== Program health: Pilot ==');
    expect(after.split('[Mark as handled]')).toHaveLength(12);
    expect(after.split('== A pair may need help ==')).toHaveLength(13);
    expect(postsPerUrl().every((n) => n <= RESPONSE_URL_POSTS)).toBe(true);
    expect(env.fake.callsOf('respond:refused')).toEqual([]);
    expect(env.fake.problems).toEqual([]);
  });

  it('says how many at-risk pairs are not shown when there are more than 20', async () => {
    const { lea, workspaceId } = await leadOf();
    await atRiskPairs(workspaceId, 22);
    await lea.command('/mentor admin report Pilot');
    const text = lea.text();
    expect(text.split('== A pair may need help ==')).toHaveLength(21);
    expect(text).toContain('The first 20 of 22 pairs at risk are shown here; mark some as handled to see the others.');
    expect(env.fake.callsOf('respond:refused')).toEqual([]);
    expect(env.fake.problems).toEqual([]);
  });

  it('sends an answer that needs more than 5 posts whole to the lead\'s DM', async () => {
    const { lea, workspaceId } = await leadOf();
    // About 4 blocks a program card: 80 of them need 7 messages of 50 blocks.
    const names = Array.from({ length: 80 }, (_, i) => `Program ${String(i + 1).padStart(2, '0')}`);
    for (const name of names) await addProgram(workspaceId, name);
    const before = env.fake.callsOf('respond').length;

    await lea.command('/mentor admin program list');

    expect(env.fake.callsOf('respond').length).toBe(before);
    const dms = env.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === `D-${lea.id}`);
    expect(dms.length).toBeGreaterThan(RESPONSE_URL_POSTS);
    for (const name of names) expect(lea.text()).toContain(`== ${name} ==`);
    expect(env.fake.problems).toEqual([]);
  });
});

describe('the fake Slack', () => {
  it('refuses a sixth post to one response_url, as Slack does', async () => {
    const { FakeSlackApi } = await import('../../support/slack-fake-api.ts');
    const fake = await new FakeSlackApi().start();
    try {
      const url = fake.responseUrl('U_X');
      const statuses: number[] = [];
      for (let i = 0; i < RESPONSE_URL_POSTS + 1; i += 1) {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `post ${i}` }) });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
      expect(fake.callsOf('respond:refused')).toHaveLength(1);
      expect(fake.problems).toHaveLength(1);
    } finally {
      await fake.stop();
    }
  });
});
