// A private offer of help through Slack: a low rating in a closed pulse reaches the member who
// gave it as a DM with three buttons; the lead's Home tab shows nothing until the member clicks
// "Involve the program lead", then the lead gets the pair's card by DM and on the Home tab.
import { afterEach, describe, expect, it } from 'vitest';
import { json } from '../../../src/db/repositories/db.ts';
import { setProgramLeads } from '../../../src/db/repositories/lead.repository.ts';
import { databaseKinds } from '../../support/databases.ts';
import { openSlackRound } from '../../support/slack-journey.ts';
import { SlackPlatform } from '../../support/slack-platform.ts';

const DAY = 86_400_000;

describe.each(databaseKinds)('a private offer of help through Slack on %s', (kind) => {
  let env: SlackPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('goes to the member alone, and to the lead only once the member asks', async () => {
    env = await SlackPlatform.start(kind, { start: new Date('2027-03-01T08:00:00Z'), leads: ['U_LEA'] });
    const { program, round } = await openSlackRound(env);
    const lea = env.person('Lea'), mia = env.person('Mia'), max = env.person('Max');
    for (const u of [lea, mia, max]) await u.command('/mentor help');
    const db = env.database.db;
    await setProgramLeads(db, program.id, [await lea.personId()]);
    const now = env.clock.now(), since = new Date(now.getTime() - 10 * DAY);
    await db.updateTable('rounds').set({ state: 'running', published_at: since }).where('id', '=', round.id).execute();
    const pair = await db.insertInto('matches').values({
      workspace_id: round.workspaceId, program_id: program.id, round_id: round.id, mentee_id: await mia.personId(), mentor_id: await max.personId(),
      state: 'active', score: 80, reasons: json([]), proposed_at: since, accepted_at: since, activated_at: since, first_meeting_at: since, updated_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    const pulse = await db.insertInto('pulses').values({ round_id: round.id, kind: 'periodic', period: 1, opens_at: new Date(now.getTime() - 8 * DAY), closes_at: new Date(now.getTime() - DAY) })
      .returning('id').executeTakeFirstOrThrow();
    for (const [u, role, rating] of [[mia, 'mentee', 1], [max, 'mentor', 4]] as const) {
      await db.insertInto('pulse_answers').values({
        pulse_id: pulse.id, person_id: await u.personId(), match_id: pair.id, role, satisfaction: rating, relationship: rating, progress: rating, recommend: 6, answered_at: since,
      }).execute();
    }

    await env.core.runJob('risk.scan', {});
    await env.runDueJobs();
    expect(mia.text()).toContain('Would some help be useful?');
    expect(max.text()).not.toContain('Would some help be useful?');
    await lea.openHome();
    expect(JSON.stringify(lea.homeBlocks())).toContain('Leadership 2027');
    expect(JSON.stringify(lea.homeBlocks())).not.toContain('A pair may need help');
    expect(lea.text()).not.toContain('A pair may need help');

    await mia.click('Involve the program lead');
    expect(mia.text()).toContain('The program lead now knows you would like help with this pairing');
    await env.runDueJobs();
    expect(lea.text()).toContain('A pair may need help');
    expect(lea.text()).toContain('asked for your help with this pair.');
    expect(lea.lastMessageText()).toContain('asked for your help with this pair.');
    expect(lea.lastMessageText()).not.toMatch(/low rating|pulse/i);
    await lea.openHome();
    expect(JSON.stringify(lea.homeBlocks())).toContain('A pair may need help');
  });
});
