// The program's pulse reaches a circle: each of its people (leader and mentees) gets one private
// card, answers once about the circle, a second answer or a re-run of the pulse (a lost queue
// reconciled) changes nothing, someone outside the circle is refused, and the report's circles
// card shows a pulse's averages only once it is closed and enough people answered it.
import { afterEach, describe, expect, it } from 'vitest';
import { listCircles } from '../../../src/db/repositories/circle.repository.ts';
import { addProgramLead } from '../../../src/db/repositories/lead.repository.ts';
import { ensurePulse } from '../../../src/db/repositories/pulse.repository.ts';
import { releasedKeys } from '../../../src/db/repositories/report-release.repository.ts';
import { databaseKinds } from '../../support/databases.ts';
import { enroll, openRound, snapshot } from '../../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform, type TestPerson } from '../../support/memory-platform.ts';

const DAY = 86_400_000;

describe.each(databaseKinds)('pulses per circle on %s', { timeout: 90_000 }, (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  /** Omar's circle of four mentees (Mia reads French), started in an open round; Lea leads the program. */
  async function activeCircle() {
    env = await createMemoryPlatform(kind, { start: new Date('2027-03-01T08:00:00Z') });
    const { program, round } = await openRound(env);
    const lea = env.person('Lea');
    const [omar, mia, ana, ben, carl, dan, eve] = ['Omar', 'Mia', 'Ana', 'Ben', 'Carl', 'Dan', 'Eve'].map((n) => env.person(n, n === 'Mia' ? { locale: 'fr-FR' } : {})) as TestPerson[];
    for (const p of [lea, omar!, mia!, ana!, ben!, carl!, dan!, eve!]) await p.type('/mentor help');
    await addProgramLead(env.database.db, program.id, await lea.id(), null);
    await enroll(env, round, omar!, 'mentor');
    for (const m of [mia!, ana!, ben!, carl!]) await enroll(env, round, m, 'mentee');
    await lea.type('/mentor admin circle leadership @{U_OMAR} 4');
    await lea.type('/mentor admin circles fill');
    await env.runDueJobs();
    const [circle] = await listCircles(env.database.db, round.id);
    expect(circle!.state).toBe('active');
    return { program, round, lea, omar: omar!, mia: mia!, ana: ana!, ben: ben!, carl: carl!, dan: dan!, eve: eve! };
  }

  it('asks each person of the circle once, privately, and reports circles apart once the pulse is closed and enough answered', async () => {
    const { round, lea, omar, mia, ana, ben, carl, dan, eve } = await activeCircle();
    const people = [omar, mia, ana, ben, carl];

    const pulse = await ensurePulse(env.database.db, { roundId: round.id, kind: 'periodic', period: 1, opensAt: env.clock.now(), closesAt: new Date(env.clock.now().getTime() + 7 * DAY) });
    // The round is under way and its pulse's job was lost with the queue: the reconciliation sends it.
    await env.database.db.updateTable('rounds').set({ state: 'running', published_at: env.clock.now() }).where('id', '=', round.id).execute();
    await env.core.runJob('reconcile', {});
    await env.runDueJobs();
    expect(env.messenger.delivered.filter((d) => d.key?.startsWith(`pulse:${pulse.id}:circle:`))).toHaveLength(5);
    // The job again, and the reconciliation again: nobody is asked twice.
    await env.core.runJob('pulse.open', { pulseId: pulse.id });
    await env.core.runJob('reconcile', {});
    await env.runDueJobs();
    const cards = env.messenger.delivered.filter((d) => d.key?.startsWith(`pulse:${pulse.id}:circle:`));
    expect(cards.map((d) => d.to).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))))
      .toEqual((await Promise.all(people.map(async (p) => ({ kind: 'person', personId: await p.id() })))).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
    expect(ana!.text()).toContain('A quick pulse on the “Leadership” circle');
    expect(mia!.text()).toContain('Petite enquête sur le cercle «\u00a0Leadership\u00a0»');
    expect(dan!.text()).not.toContain('pulse');

    // Four answer; one answers twice, the second changes nothing.
    for (const p of [omar!, ana!, ben!]) {
      await p.click('Answer');
      expect(p.openForm?.id).toBe('circle_pulse');
      await p.submit({ satisfaction: 4, progress: 3 });
      expect(p.lastReply()).toContain('nobody in the circle sees them');
    }
    await mia!.click('Répondre');
    await mia!.submit({ satisfaction: 5, progress: 5 });
    expect(mia!.lastReply()).toContain('personne dans le cercle ne les voit');
    const before = await snapshot(env);
    await ana!.click('Answer');
    expect(ana!.lastReply()).toContain('already answered');
    expect(await snapshot(env)).toBe(before);
    // A malformed answer is refused and stores nothing.
    await carl!.click('Answer');
    const bad = await carl!.submit({ satisfaction: 9, progress: 'lots' });
    expect(bad.type).toBe('errors');
    expect(await snapshot(env)).toBe(before);

    // Someone outside the circle cannot answer with a member's button.
    const button = cards[0]!.content.kind === 'card' ? cards[0]!.content.actions[0]! : undefined;
    await eve!.clickRef(button!.kind === 'button' ? button!.ref : '');
    expect(eve!.openForm?.id).not.toBe('circle_pulse');

    // Four people are too few, and the pulse is still open: nothing is shown.
    const circlesCard = () => lea.text().slice(lea.text().lastIndexOf('== Circles =='));
    await lea.type('/mentor admin report');
    expect(circlesCard()).toMatch(/Satisfaction with the circle \(closed pulses\): not enough answers/u);
    // The pulse closes with four people: too few, still withheld.
    await env.advance(8 * DAY);
    await lea.type('/mentor admin report');
    expect(circlesCard()).toMatch(/Satisfaction with the circle \(closed pulses\): not enough answers/u);
    // Each pulse is released on its own: a fifth person answering only the next pulse would not
    // complete the first one's group (that would show their answer by difference). The next
    // pulse is answered by all five: while it is open nothing moves (a figure never changes while
    // people answer), once it is closed its averages over the five people show.
    const next = await ensurePulse(env.database.db, { roundId: round.id, kind: 'periodic', period: 2, opensAt: env.clock.now(), closesAt: new Date(env.clock.now().getTime() + 7 * DAY) });
    await env.core.runJob('pulse.open', { pulseId: next.id });
    await env.runDueJobs();
    for (const [p, satisfaction, progress] of [[omar!, 4, 3], [ana!, 4, 3], [ben!, 4, 3], [carl!, 3, 4]] as const) {
      await p.click('Answer');
      await p.submit({ satisfaction, progress });
    }
    await mia!.click('Répondre');
    await mia!.submit({ satisfaction: 5, progress: 5 });
    await lea.type('/mentor admin report');
    expect(circlesCard()).toMatch(/Satisfaction with the circle \(closed pulses\): not enough answers/u);
    await env.advance(8 * DAY);
    await lea.type('/mentor admin report');
    expect(circlesCard()).toMatch(/Satisfaction with the circle \(closed pulses\): 4(\.0)? \/ 5/u);
    expect(circlesCard()).toMatch(/Progress thanks to the circle \(closed pulses\): 3\.6 \/ 5/u);
    // A button lives as long as its pulse: a late click has expired with it, and nothing is stored.
    await ana!.click('Answer');
    expect(ana!.lastReply()).toMatch(/expired|closed/u);
    expect(ana!.openForm?.id).not.toBe('circle_pulse');
    const stored = await env.database.db.selectFrom('circle_pulse_answers').select(['person_id']).execute();
    expect(stored).toHaveLength(9);
    // Mia's export holds her own pulse answer about the circle, never another member's.
    const [effect] = await mia!.type('/mentor export');
    const data = JSON.parse((effect as { content: { content: string } }).content.content) as { circlePulseAnswers: { person_id: string; satisfaction: number }[] };
    expect(data.circlePulseAnswers).toEqual([expect.objectContaining({ person_id: mia!.personId(), satisfaction: 5 }), expect.objectContaining({ person_id: mia!.personId(), satisfaction: 5 })]);
    // Erased, her rating stays in the closed pulse's figures but is no longer linked to her.
    await mia!.type('/mentor lang en');
    await mia!.type('/mentor delete');
    await mia!.click('Erase my data');
    await env.runDueJobs();
    const after = await env.database.db.selectFrom('circle_pulse_answers').select(['person_id', 'satisfaction']).execute();
    expect(after).toHaveLength(9);
    expect(after.filter((a) => a.person_id === null)).toEqual([{ person_id: null, satisfaction: 5 }, { person_id: null, satisfaction: 5 }]);
  });

  it('an answer sent as the pulse closes, after another process released the circle figures: refused as closed, not thanked and left out', async () => {
    const { program, round, ana } = await activeCircle();
    await env.database.db.updateTable('rounds').set({ state: 'running', published_at: env.clock.now() }).where('id', '=', round.id).execute();
    const pulse = await ensurePulse(env.database.db, { roundId: round.id, kind: 'periodic', period: 1, opensAt: env.clock.now(), closesAt: new Date(env.clock.now().getTime() + 7 * DAY) });
    await env.core.runJob('pulse.open', { pulseId: pulse.id });
    await env.runDueJobs();
    await ana.click('Answer');
    expect(ana.openForm?.id).toBe('circle_pulse');
    // The release runs a millisecond after the close; Ana's request starts with a clock a millisecond before it.
    env.clock.advance(7 * DAY);
    await env.core.runJob('report.release', {});
    expect(await releasedKeys(env.database.db, program.id)).toContain(`circle_pulse:${pulse.id}`);
    env.clock.advance(-1);
    await ana.submit({ satisfaction: 4, progress: 3 });
    expect(ana.lastReply()).toContain('closed');
    expect(await env.database.db.selectFrom('circle_pulse_answers').select('id').execute()).toEqual([]);
  });
});
