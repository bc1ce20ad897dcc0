// Circle and flash figures wherever the pairs' figures appear (docs/privacy.md): the CSV of
// figures, the lead's home and the weekly digest carry the program's circles and the workspace's
// flash sessions from their releases only, as the report cards do. The curious lead exports and
// reads everything, then one more check-in answer, one more pulse answer, one more flash request
// and a late flash answer happen, and every view reads the same; once the new periods close they
// come as whole periods, withheld when too few people are behind them. Both databases.
import { afterEach, describe, expect, it } from 'vitest';
import { listCircles } from '../../../src/db/repositories/circle.repository.ts';
import { addProgramLead } from '../../../src/db/repositories/lead.repository.ts';
import { ensurePulse } from '../../../src/db/repositories/pulse.repository.ts';
import type { Effect } from '../../../src/flows/effects.ts';
import { renderCard } from '../../../src/ui/render-text.ts';
import { databaseKinds } from '../../support/databases.ts';
import { enroll, openRound } from '../../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform, type TestPerson } from '../../support/memory-platform.ts';

const DAY = 86_400_000;

describe.each(databaseKinds)('circle and flash figures in the CSV, the home and the digest on %s', { timeout: 180_000 }, (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  const fileOf = (effects: readonly Effect[]): string => {
    for (const e of effects) if (e.type !== 'open_form' && e.content.kind === 'file') return e.content.content;
    throw new Error('no file');
  };

  /** The CSV of figures, as the lead downloads it from the report card. */
  async function figuresCsv(lea: TestPerson): Promise<string> {
    await lea.type('/mentor admin report');
    return fileOf(await lea.click('Figures (CSV)'));
  }
  const sideLines = (csv: string): string[] => csv.split('\r\n').filter((l) => /^(circles?_|flash_)/u.test(l));

  /** The health card of the lead's home. */
  async function homeHealth(lea: TestPerson): Promise<string> {
    return (await lea.home()).map((c) => renderCard(c)).filter((c) => c.includes('Health:')).join('\n');
  }

  /** The weekly digest the lead gets now. */
  async function digest(lea: TestPerson): Promise<string> {
    const before = env.messenger.to(lea.personId()!).length;
    await env.core.runJob('lead.digest', {});
    await env.runDueJobs();
    const got = env.messenger.to(lea.personId()!).slice(before).flatMap((d) => (d.content.kind === 'card' ? [renderCard(d.content)] : []));
    expect(got).toHaveLength(1);
    return got[0]!;
  }

  it('shows released circle and flash figures only, and one more answer between two readings changes nothing', async () => {
    env = await createMemoryPlatform(kind, { start: new Date('2027-03-01T08:00:00Z') });
    const { round } = await openRound(env, { settings: { checkinCadence: 'P1W' } });
    const db = env.database.db;
    const lea = env.person('Lea');
    const [omar, ana, ben, carl, dan, eve, max] = ['Omar', 'Ana', 'Ben', 'Carl', 'Dan', 'Eve', 'Max'].map((n) => env.person(n)) as TestPerson[];
    const mentees = [ana!, ben!, carl!, dan!, eve!];
    for (const p of [lea, omar!, max!, ...mentees]) await p.type('/mentor help');
    await addProgramLead(db, round.programId, await lea.id(), null);
    await enroll(env, round, omar!, 'mentor');
    for (const m of mentees) await enroll(env, round, m, 'mentee');
    await lea.type('/mentor admin circle leadership @{U_OMAR} 5');
    await lea.type('/mentor admin circles fill');
    await env.runDueJobs();
    const [circle] = await listCircles(db, round.id);
    expect(circle!.state).toBe('active');
    await db.updateTable('rounds').set({ state: 'running', published_at: env.clock.now() }).where('id', '=', round.id).execute();

    // March: six people ask for a flash session, all accepted by Max and found useful by both sides.
    const askers = [omar!, ...mentees];
    for (const [i, a] of askers.entries()) {
      const at = new Date(`2027-03-0${2 + i}T09:00:00Z`);
      await db.insertInto('flash_sessions').values({
        workspace_id: circle!.workspaceId, asker_id: await a.id(), topic: 'leadership', question: `Question ${i}`, state: 'accepted',
        mentor_id: await max!.id(), attempt: 1, asked_at: at, accepted_at: at, asker_useful: true, asker_continue: false,
        mentor_useful: true, mentor_continue: false, created_at: at, updated_at: at,
      }).execute();
    }
    // The circle's first check-in, answered by the five mentees; a pulse answered by all six.
    await env.advance(7 * DAY + 4 * 3_600_000);
    const ratings: Array<[TestPerson, 'yes' | 'not_yet', number]> = [[ana!, 'yes', 5], [ben!, 'yes', 4], [carl!, 'yes', 4], [dan!, 'not_yet', 3], [eve!, 'yes', 4]];
    for (const [p, met, usefulness] of ratings) {
      await p.click('Answer');
      await p.submit({ met, usefulness });
    }
    const pulse = await ensurePulse(db, { roundId: round.id, kind: 'periodic', period: 1, opensAt: env.clock.now(), closesAt: new Date(env.clock.now().getTime() + 5 * DAY) });
    await env.core.runJob('pulse.open', { pulseId: pulse.id });
    await env.runDueJobs();
    for (const [who, satisfaction, progress] of [[omar!, 4, 4], [ana!, 5, 4], [ben!, 4, 3], [carl!, 4, 4], [dan!, 3, 3], [eve!, 4, 4]] as const) {
      await who.click('Answer');
      await who.submit({ satisfaction, progress });
    }

    // Still March: nothing is released, so no circle or flash line anywhere but the live headcounts.
    expect(sideLines(await figuresCsv(lea))).toEqual([
      'circles_running,,1', 'circles_ended,,0', 'circle_mentees,,5', 'circle_checkin_met_rate,,withheld', 'circle_usefulness,,withheld',
      'circle_pulse_satisfaction,,withheld', 'circle_pulse_progress,,withheld',
    ]);
    expect(await homeHealth(lea)).toContain('Circles: not enough answers (shown from 5)');
    expect(await homeHealth(lea)).not.toContain('Flash sessions');

    // May 2: March is released for the circles (April 1) and for flash sessions (30 days later).
    await env.advance(55 * DAY);
    const csv = await figuresCsv(lea);
    const opened = pulse.opensAt.toISOString().slice(0, 10);
    expect(sideLines(csv)).toEqual(expect.arrayContaining([
      'circle_checkin_met_rate,,0.8', 'circle_usefulness,,4', 'circle_pulse_satisfaction,,4', 'circle_pulse_progress,,3.667',
      'circle_checkin_met_rate,2027-03,0.8', 'circle_usefulness,2027-03,4',
      `circle_pulse_satisfaction,${opened} periodic 1,4`, `circle_pulse_progress,${opened} periodic 1,3.667`,
      'flash_requests,,6', 'flash_accepted,,6', 'flash_useful,,12', 'flash_requests,2027-03,6', 'flash_accepted,2027-03,6',
    ]));
    // April had no answer: released, and withheld.
    expect(sideLines(csv)).toEqual(expect.arrayContaining(['circle_checkin_met_rate,2027-04,withheld', 'circle_usefulness,2027-04,withheld']));
    const home = await homeHealth(lea);
    expect(home).toContain('Circles: met 80% · usefulness 4 / 5 · satisfaction 4 / 5 (released months and pulses)');
    expect(home).toMatch(/Flash sessions \(whole workspace\): requested 6, accepted 6, useful 12/u);
    const weekly = await digest(lea);
    expect(weekly).toContain('Circles: met 80%');
    expect(weekly).toMatch(/Flash sessions \(whole workspace\): requested 6, accepted 6, useful 12/u);

    // One more of everything in May: Ana answers a check-in (not met, rated 1), answers a second
    // pulse alone, asks for a flash session, and a late "not useful" lands on a March session.
    await ana!.click('Answer');
    await ana!.submit({ met: 'not_yet', usefulness: 1 });
    const second = await ensurePulse(db, { roundId: round.id, kind: 'periodic', period: 2, opensAt: env.clock.now(), closesAt: new Date(env.clock.now().getTime() + 20 * DAY) });
    await env.core.runJob('pulse.open', { pulseId: second.id });
    await env.runDueJobs();
    await ana!.click('Answer');
    await ana!.submit({ satisfaction: 1, progress: 1 });
    await db.insertInto('flash_sessions').values({
      workspace_id: circle!.workspaceId, asker_id: await ana!.id(), topic: 'leadership', question: 'One more', state: 'accepted', mentor_id: await max!.id(),
      attempt: 1, asked_at: env.clock.now(), accepted_at: env.clock.now(), asker_useful: false, created_at: env.clock.now(), updated_at: env.clock.now(),
    }).execute();
    await db.updateTable('flash_sessions').set({ mentor_useful: false }).where('question', '=', 'Question 0').execute();

    // Read again right away and a week later (the next digest): every view reads the same.
    expect(await figuresCsv(lea)).toBe(csv);
    expect(await homeHealth(lea)).toBe(home);
    await env.advance(7 * DAY);
    expect(await figuresCsv(lea)).toBe(csv);
    expect(await digest(lea)).toBe(weekly);

    // July 2: May is released for the circles and June 1 for flash: one person's answers make a
    // whole period withheld and left out of the totals, so the totals have not moved.
    await env.advance(54 * DAY);
    const july = sideLines(await figuresCsv(lea));
    expect(july).toEqual(expect.arrayContaining([
      'circle_checkin_met_rate,,0.8', 'circle_usefulness,,4', 'circle_pulse_satisfaction,,4', 'circles_running,,1',
      'circle_checkin_met_rate,2027-05,withheld', 'circle_usefulness,2027-05,withheld',
      'flash_requests,,6', 'flash_useful,,12', 'flash_requests,2027-03,6', 'flash_useful,2027-03,12',
    ]));
    // The second pulse (Ana alone) is withheld; the first reads as it did.
    expect(july).toEqual(expect.arrayContaining([`circle_pulse_satisfaction,${opened} periodic 1,4`, expect.stringMatching(/^circle_pulse_satisfaction,\d{4}-\d{2}-\d{2} periodic 2,withheld$/u)]));
    // Every line released in May reads the same in July.
    for (const line of sideLines(csv).filter((l) => /^[a-z_]+,\d{4}-/u.test(l))) expect(july).toContain(line);
    expect(await homeHealth(lea)).toContain('Circles: met 80% · usefulness 4 / 5 · satisfaction 4 / 5');
  });

  it('reads the same in French', async () => {
    env = await createMemoryPlatform(kind, { start: new Date('2027-03-01T08:00:00Z') });
    const { round } = await openRound(env);
    const lou = env.person('Lou', { locale: 'fr-FR' });
    await lou.type('/mentor help');
    await addProgramLead(env.database.db, round.programId, await lou.id(), null);
    const omar = env.person('Omar');
    await omar.type('/mentor help');
    await enroll(env, round, omar, 'mentor');
    await lou.type('/mentor admin circle leadership @{U_OMAR} 3');
    const [circle] = await listCircles(env.database.db, round.id);
    // A running circle without released answers: the home says so in French.
    await env.database.db.updateTable('circles').set({ state: 'active', started_at: env.clock.now() }).where('id', '=', circle!.id).execute();
    const home = (await lou.home()).map((c) => renderCard(c)).join('\n');
    expect(home).toContain('Cercles: pas assez de réponses (affiché à partir de 5)');
  });
});
