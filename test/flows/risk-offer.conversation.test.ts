// At-risk help without breaking the pulse promise: a low rating in a closed pulse reaches only
// the member who gave it, as a private offer (suggest a rematch, involve the program lead, no
// thanks); the lead learns of the pair only once that member involves them. A pulse still open is
// never read. Attack: the lead's whole view (home, report, figures CSV, digest, audit log) is the
// same with and without the low rating until the member consents.
import { afterEach, describe, expect, it } from 'vitest';
import { programSettingsSchema } from '../../src/domain/program-settings.ts';
import { json } from '../../src/db/repositories/db.ts';
import { collectPersonData, erasePersonalTraces } from '../../src/db/repositories/person-data.repository.ts';
import { renderCard } from '../../src/ui/render-text.ts';
import { databaseKinds } from '../support/databases.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../support/memory-platform.ts';
import { known, workspaceOf } from './lead-fixtures.ts';

const DAY = 86_400_000;
const OFFER = 'Would some help be useful?';
const LEAD_CARD = 'A pair may need help';

describe.each(databaseKinds)('private at-risk offers on %s', (kind) => {
  const envs: MemoryPlatform[] = [];
  afterEach(async () => { for (const env of envs.splice(0)) await env.dispose(); });

  /** Lea leads "Pilot"; Mia (mentee) and Max (mentor) have met and answer a pulse that closes at `closesIn` from now. */
  async function world(ratings: { mia: number; max: number }, closesIn = -DAY, locale = 'en-US') {
    const env = await createMemoryPlatform(kind, { leads: ['U_LEA'] });
    envs.push(env);
    const lea = env.person('Lea'), mia = env.person('Mia', { locale }), max = env.person('Max');
    await lea.type('/mentor help');
    const [miaP, maxP] = [await known(env, mia, locale), await known(env, max)];
    const ws = await workspaceOf(env);
    const db = env.database.db;
    const now = env.clock.now();
    const settings = programSettingsSchema.parse({ topics: [{ key: 'leadership', label: { en: 'Leadership', fr: 'Leadership' } }] });
    const program = await db.insertInto('programs').values({
      workspace_id: ws.id, name: 'Pilot', settings: json(settings), checkin_cadence: settings.checkinCadence, session_minutes: 60, duration_days: 180,
      default_capacity: 1, min_group_size: 5, retention_days: 365, updated_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('program_leads').values({ program_id: program.id, person_id: await lea.id() }).execute();
    const round = await db.insertInto('rounds').values({ workspace_id: ws.id, program_id: program.id, name: 'R1', state: 'running', opened_at: now, published_at: now, updated_at: now })
      .returning('id').executeTakeFirstOrThrow();
    const since = new Date(now.getTime() - 10 * DAY);
    const pair = await db.insertInto('matches').values({
      workspace_id: ws.id, program_id: program.id, round_id: round.id, mentee_id: miaP.id, mentor_id: maxP.id, state: 'active', score: 80, reasons: json([]),
      proposed_at: since, accepted_at: since, activated_at: since, first_meeting_at: since, updated_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    const addPulse = async (period: number, closesAt: Date, r: { mia: number; max: number }) => {
      const pulse = await db.insertInto('pulses').values({ round_id: round.id, kind: 'periodic', period, opens_at: new Date(closesAt.getTime() - 7 * DAY), closes_at: closesAt })
        .returning('id').executeTakeFirstOrThrow();
      for (const [person, role, rating] of [[miaP.id, 'mentee', r.mia], [maxP.id, 'mentor', r.max]] as const) {
        await db.insertInto('pulse_answers').values({
          pulse_id: pulse.id, person_id: person, match_id: pair.id, role, satisfaction: rating, relationship: rating, progress: rating, recommend: 8,
          answered_at: new Date(closesAt.getTime() - 6 * DAY),
        }).execute();
      }
    };
    await addPulse(1, new Date(now.getTime() + closesIn), ratings);
    const scan = async () => { await env.core.runJob('risk.scan', {}); await env.runDueJobs(); };

    /** Everything the lead can look at, rendered with names instead of ids. */
    async function leadView(): Promise<string> {
      const names = new Map([[miaP.id, 'Mia'], [maxP.id, 'Max'], [await lea.id(), 'Lea'], [program.id, 'program'], [round.id, 'round'], [pair.id, 'pair']]);
      const anonymise = (text: string) => [...names].reduce((s, [id, name]) => s.replaceAll(id, name), text);
      await lea.type('/mentor admin report Pilot');
      await lea.click('Figures (CSV)');
      await lea.click('Audit log');
      await env.core.runJob('lead.digest', {});
      await env.runDueJobs();
      const home = (await lea.home()).map((c) => renderCard(c, { nameOf: (id) => names.get(id) ?? id })).join('\n');
      return anonymise(`${home}\n${lea.text()}`).replace(/"at":"[^"]*"/g, '');
    }
    return { env, lea, mia, max, miaP, maxP, db, pair, addPulse, scan, leadView, now };
  }

  it('offers help to the member who rated low, privately; the lead sees exactly what they would see without the low rating', async () => {
    const low = await world({ mia: 1, max: 4 });
    const fine = await world({ mia: 4, max: 4 });
    await low.scan();
    await fine.scan();
    expect(low.mia.inbox().map((c) => (c.kind === 'card' ? c.header.title : ''))).toContain(OFFER);
    const offer = low.mia.text();
    expect(offer).toContain('Your answers to the last pulse suggest that your mentoring with @Max may not be going as you would like.');
    expect(offer).toContain('neither your partner nor the program lead knows about it');
    expect(offer).toMatch(/\[1\] Suggest a rematch\s+\[2\] Involve the program lead \(primary\)\s+\[3\] No thanks/);
    // Nobody else hears of it: not the partner, and not the lead.
    expect(low.max.text()).not.toContain(OFFER);
    expect(fine.mia.text()).not.toContain(OFFER);
    const [lowView, fineView] = [await low.leadView(), await fine.leadView()];
    expect(lowView).toEqual(fineView);
    expect(lowView).not.toContain(LEAD_CARD);
    expect(lowView).toContain('open_risk_alerts,,0');
    // A retried scan sends nothing twice.
    await low.scan();
    expect(low.mia.inbox().filter((c) => c.kind === 'card' && c.header.title === OFFER)).toHaveLength(1);
  });

  it('tells the lead once the member involves them, and only then', async () => {
    const w = await world({ mia: 2, max: 5 });
    await w.scan();
    // Max's own answers were fine, and the gap between them is Mia's to raise, not his.
    expect(w.max.text()).not.toContain(OFFER);
    // Max cannot use Mia's buttons, nor can the lead.
    const offerCard = w.mia.inbox().find((c) => c.kind === 'card' && c.header.title === OFFER);
    const involve = offerCard?.kind === 'card' ? offerCard.actions.find((a) => a.kind === 'button' && a.label === 'Involve the program lead') : undefined;
    await w.max.clickRef(involve!.kind === 'button' ? involve!.ref : '');
    await w.lea.clickRef(involve!.kind === 'button' ? involve!.ref : '');
    expect(await w.db.selectFrom('risk_alerts').select('shared_at').where('shared_at', 'is not', null).execute()).toEqual([]);
    expect((await w.lea.home()).map((c) => c.header.title)).not.toContain(LEAD_CARD);

    await w.mia.click('Involve the program lead');
    expect(w.mia.lastReply()).toContain('The program lead now knows you would like help with this pairing');
    await w.env.runDueJobs();
    const told = w.lea.inbox().filter((c) => c.kind === 'card' && c.header.title === LEAD_CARD);
    expect(told).toHaveLength(1);
    expect(w.lea.text()).toContain('@Mia asked for your help with this pair.');
    expect(w.lea.text()).toContain('Suggested: reach out to them personally.');
    // The lead sees that Mia asked, never the ratings or which signal it was.
    expect(w.lea.text()).not.toMatch(/low rating|rate the relationship|pulse/i);
    expect((await w.lea.home()).map((c) => c.header.title)).toContain(LEAD_CARD);
    await w.lea.type('/mentor admin report Pilot');
    expect(w.lea.text()).toContain('@Mia asked for your help with this pair.');
    // A second click changes nothing and tells no lead twice.
    await w.mia.clickRef(involve!.kind === 'button' ? involve!.ref : '');
    await w.env.runDueJobs();
    expect(w.lea.inbox().filter((c) => c.kind === 'card' && c.header.title === LEAD_CARD)).toHaveLength(1);
    // The lead acts on it as on any alert.
    await w.lea.click('Mark as handled');
    expect(w.lea.lastReply()).toContain('Marked as handled.');
  });

  it('shows a member their offers in their export, and erases the private ones with their data', async () => {
    const w = await world({ mia: 1, max: 1 });
    await w.scan();
    await w.mia.click('Involve the program lead');
    expect((await collectPersonData(w.db, w.maxP.id)).offersOfHelp).toEqual([expect.objectContaining({ match_id: w.pair.id, shared_at: null })]);
    await erasePersonalTraces(w.db, w.maxP.id, w.env.clock.now());
    await erasePersonalTraces(w.db, w.miaP.id, w.env.clock.now());
    // Max's private offer is gone; the one Mia shared stays the leads' record.
    expect(await w.db.selectFrom('risk_alerts').select('person_id').execute()).toEqual([{ person_id: w.miaP.id }]);
  });

  it('reads nothing from a pulse that is still open, and offers once it has closed', async () => {
    const w = await world({ mia: 1, max: 1 }, 2 * DAY);
    await w.scan();
    expect(await w.db.selectFrom('risk_alerts').selectAll().execute()).toEqual([]);
    expect(w.mia.text()).not.toContain(OFFER);
    expect(w.max.text()).not.toContain(OFFER);
    await w.env.advance(2 * DAY);
    await w.scan();
    expect(w.mia.text()).toContain(OFFER);
    expect(w.max.text()).toContain(OFFER);
  });

  it('respects a no thanks: nothing reaches the lead, and only a later low pulse offers again', async () => {
    const w = await world({ mia: 4, max: 1 });
    await w.scan();
    await w.max.click('No thanks');
    expect(w.max.lastReply()).toContain('Noted, and nobody else will know.');
    await w.max.click('No thanks');
    await w.scan();
    expect(w.max.inbox().filter((c) => c.kind === 'card' && c.header.title === OFFER)).toHaveLength(1);
    expect((await w.lea.home()).map((c) => c.header.title)).not.toContain(LEAD_CARD);
    expect((await w.db.selectFrom('audit_log').select('action').execute()).map((a) => a.action)).not.toEqual(expect.arrayContaining([expect.stringMatching(/^risk/)]));

    await w.env.advance(5 * DAY);
    await w.addPulse(2, w.env.clock.now(), { mia: 4, max: 2 });
    await w.env.advance(1000);
    await w.scan();
    expect(w.max.inbox().filter((c) => c.kind === 'card' && c.header.title === OFFER)).toHaveLength(2);
  });

  it('suggests a rematch through the end form: the pair ends as if the member had typed “end”', async () => {
    const w = await world({ mia: 1, max: 4 }, -DAY, 'fr-FR');
    await w.scan();
    expect(w.mia.text()).toContain('Un coup de main vous serait-il utile');
    await w.mia.click('Proposer un nouveau binôme');
    expect(w.mia.openForm?.id).toBe('end');
    await w.mia.submit({ reason: '' });
    const ended = await w.db.selectFrom('matches').select(['state', 'ended_by']).where('id', '=', w.pair.id).executeTakeFirstOrThrow();
    expect(ended).toEqual({ state: 'ended', ended_by: w.miaP.id });
    await w.env.runDueJobs();
    expect(w.max.text()).toContain('has ended your mentoring pairing');
    // The offer is gone with the pair, and no lead was told anything about it.
    await w.mia.click('Faire appel au responsable');
    expect(w.mia.lastReply()).toContain('ne s’applique plus');
    expect(await w.db.selectFrom('risk_alerts').select('id').where('shared_at', 'is not', null).execute()).toEqual([]);
    expect(w.lea.inbox().filter((c) => c.kind === 'card' && c.header.title === LEAD_CARD)).toEqual([]);
  });
});
