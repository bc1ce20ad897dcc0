// `profile`, profiles on proposals (with the mentee's consent for the objective) and `guide`,
// through the bot core on both databases, in English and French.
import { afterEach, describe, expect, it } from 'vitest';
import { submitEnrollment } from '../../src/db/repositories/enrollment.repository.ts';
import { updateOrgFields } from '../../src/db/repositories/person.repository.ts';
import { getProfile, getWorkingHours } from '../../src/db/repositories/profile.repository.ts';
import type { Round } from '../../src/domain/model.ts';
import { DEFAULT_WORKING_HOURS } from '../../src/domain/profile.ts';
import { renderCard } from '../../src/ui/render-text.ts';
import { databaseKinds } from '../support/databases.ts';
import { activePair, completeSurvey, menteeAnswers, openRound, proposePair, sendProposalCards, snapshot } from '../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform, type TestPerson } from '../support/memory-platform.ts';

const OBJECTIVE = 'Lead a product team of five within two years.';

const profileValues = (overrides: Record<string, unknown> = {}) => ({
  title: 'Staff engineer', bio: 'Ten years of payments; I like whiteboards and honest questions.',
  workStart: '08:30', workEnd: '16:30', workDays: ['1', '2', '3', '4'], timezone: 'America/New_York', ...overrides,
});

describe.each(databaseKinds)('profiles and guides on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  async function enrollWith(round: Round, person: TestPerson, role: 'mentee' | 'mentor', extra: Record<string, unknown> = {}): Promise<void> {
    const common = {
      domain: 'product', values: ['learning'], cadenceDays: 14, sessionMinutes: 60, modes: ['video'], languages: ['en'],
      workingHours: { start: '09:00', end: '17:30' }, feedbackStyle: 'direct', avoid: [], consent: true,
    };
    const answers = role === 'mentee'
      ? { ...common, topics: ['leadership'], careerObjective: OBJECTIVE, seniorityGap: 'any', department: 'any', ...extra }
      : { ...common, expertise: [{ topic: 'leadership', level: 3 }], yearsExperience: 12, capacity: 1, mentoringExperience: 'some' };
    await submitEnrollment(env.database.db, {
      workspaceId: round.workspaceId, roundId: round.id, personId: await person.id(), role, answers, capacity: role === 'mentor' ? 1 : null, at: env.clock.now(),
    });
  }

  async function setup() {
    env = await createMemoryPlatform(kind, { start: new Date('2027-03-01T08:00:00Z') });
    const { round } = await openRound(env, { state: 'running' });
    const mia = env.person('Mia');
    const omar = env.person('Omar');
    await mia.type('/mentor help');
    await omar.type('/mentor help');
    return { round, mia, omar };
  }

  it('opens the profile form with the defaults, saves it, and keeps the chosen time zone against the platform’s', async () => {
    const { mia } = await setup();
    await mia.type('/mentor profile');
    const form = mia.openForm;
    expect(form?.id).toBe('profile');
    const initial = Object.fromEntries((form?.fields ?? []).map((f) => [f.id, f.initial]));
    expect(initial).toEqual({ title: undefined, bio: undefined, workStart: '09:00', workEnd: '17:00', workDays: ['1', '2', '3', '4', '5'], timezone: 'Europe/Paris', flashOptIn: false, flashCap: 2 });

    expect((await mia.submit(profileValues())).type).toBe('done');
    expect(mia.text()).toContain('Your profile is saved.');
    expect(mia.lastReply()).toContain('Staff engineer');
    expect(mia.lastReply()).toContain('Monday, Tuesday, Wednesday and Thursday, 08:30–16:30 (America/New_York)');
    const id = await mia.id();
    expect(await getProfile(env.database.db, id)).toMatchObject({
      title: 'Staff engineer', timezone: 'America/New_York', workingHoursSet: true, workingHours: { startMin: 510, endMin: 990, days: [1, 2, 3, 4] },
    });

    // The platform still says Europe/Paris on every request: the zone Mia chose stays.
    await mia.type('/mentor status');
    expect((await getProfile(env.database.db, id))?.timezone).toBe('America/New_York');

    // Reopened with what was saved.
    await mia.click('Edit my profile');
    expect(Object.fromEntries((mia.openForm?.fields ?? []).map((f) => [f.id, f.initial]))).toMatchObject({ title: 'Staff engineer', workStart: '08:30', workDays: ['1', '2', '3', '4'] });
  });

  it('gives the default working hours (09:00–17:00, Monday to Friday) to someone who never set them', async () => {
    const { mia, omar } = await setup();
    await mia.type('/mentor profile');
    await mia.submit(profileValues({ workDays: ['1', '3', '5'] }));
    const hours = await getWorkingHours(env.database.db, [await mia.id(), await omar.id()]);
    expect(hours.get(await omar.id())).toEqual({ hours: DEFAULT_WORKING_HOURS, timeZone: 'Europe/Paris' });
    expect(hours.get(await mia.id())?.hours.days).toEqual([1, 3, 5]);
  });

  it('refuses a bio over 160 characters, an unknown time zone and hours that end before they start, in the person’s language, and stores nothing', async () => {
    const { mia } = await setup();
    const before = await snapshot(env, ['people']);
    await mia.type('/mentor profile');
    expect((await mia.submit(profileValues({ bio: 'x'.repeat(161) }))).type).toBe('errors');
    expect(mia.lastErrors?.bio).toContain('160');
    await mia.submit(profileValues({ timezone: 'Mars/Olympus' }));
    expect(mia.lastErrors?.timezone).toContain('Unknown time zone');
    await mia.submit(profileValues({ workStart: '17:00', workEnd: '09:00' }));
    expect(mia.lastErrors?.workEnd).toContain('end after they start');
    await mia.submit(profileValues({ workDays: [] }));
    expect(mia.lastErrors?.workDays).toBeDefined();
    await mia.submit(profileValues({ workStart: '25:00' }));
    expect(mia.lastErrors?.workStart).toBeDefined();
    expect(await snapshot(env, ['people'])).toBe(before);

    await mia.type('/mentor lang fr');
    await mia.type('/mentor profil');
    await mia.submit(profileValues({ timezone: 'Nowhere/Town' }));
    expect(mia.lastErrors?.timezone).toContain('Fuseau horaire inconnu');
    // A bio typed on several lines is kept on one.
    expect((await mia.submit(profileValues({ bio: 'Line one\nline two' }))).type).toBe('done');
    expect((await getProfile(env.database.db, await mia.id()))?.bio).toBe('Line one line two');
    expect(mia.text()).toContain('Votre profil est enregistré.');
  });

  it('shows each side the other’s profile lines on the proposal, and the objective to the mentor only when the mentee agreed', async () => {
    const { round, mia, omar } = await setup();
    await omar.type('/mentor profile');
    await omar.submit(profileValues({ title: 'VP Engineering', bio: 'Built three teams from scratch.' }));
    await mia.type('/mentor profile');
    await mia.submit(profileValues({ title: 'Product analyst', bio: 'Curious about people and numbers.' }));
    await updateOrgFields(env.database.db, await mia.id(), { department: 'Finance', location: 'Lyon' });
    await enrollWith(round, mia, 'mentee', { shareObjective: true });
    await enrollWith(round, omar, 'mentor');
    const pair = await proposePair(env, round, mia, omar);
    await sendProposalCards(env, pair);

    const omarCard = omar.text();
    expect(omarCard).toContain('About them');
    expect(omarCard).toContain('Title: Product analyst');
    expect(omarCard).toContain('Department: Finance');
    expect(omarCard).toContain('Location: Lyon');
    expect(omarCard).toContain('About: Curious about people and numbers.');
    expect(omarCard).toContain('Their objective, shared with you');
    expect(omarCard).toContain(OBJECTIVE);

    const miaCard = mia.text();
    expect(miaCard).toContain('Title: VP Engineering');
    expect(miaCard).toContain('About: Built three teams from scratch.');
    expect(miaCard).not.toContain('Their objective');
    // Nobody but the proposed mentor was ever sent the objective (leads included).
    const others = env.messenger.delivered.filter((d) => !(d.to.kind === 'person' && d.to.personId === (pair.mentorId)));
    expect(others.map((d) => JSON.stringify(d.content)).join('\n')).not.toContain(OBJECTIVE);
  });

  it('keeps the objective off the proposal when the mentee did not agree, and renders the card in French', async () => {
    const { round, mia, omar } = await setup();
    await omar.type('/mentor lang fr');
    await mia.type('/mentor profile');
    await mia.submit(profileValues({ title: 'Product analyst' }));
    await enrollWith(round, mia, 'mentee');
    await enrollWith(round, omar, 'mentor');
    const pair = await proposePair(env, round, mia, omar);
    await sendProposalCards(env, pair);
    const card = env.messenger.to(pair.mentorId).map((d) => d.content).find((c) => c.kind === 'card');
    expect(card && card.kind === 'card' ? renderCard(card) : '').toContain('Poste\u00a0: Product analyst');
    expect(omar.text()).toContain('Qui est cette personne');
    expect(omar.text()).not.toContain(OBJECTIVE);
    expect(omar.text()).not.toContain('Son objectif');
  });

  it('asks the mentee survey’s consent question and stores the answer', async () => {
    env = await createMemoryPlatform(kind, { start: new Date('2027-03-01T08:00:00Z') });
    await openRound(env);
    const mia = env.person('Mia');
    await mia.type('/mentor find');
    expect(mia.openForm?.fields.find((f) => f.id === 'shareObjective')).toMatchObject({ kind: 'checkbox', required: false, label: 'Show my career objective to the mentor I am proposed to' });
    await completeSurvey(mia, { ...menteeAnswers, shareObjective: true });
    const row = await env.database.db.selectFrom('enrollments').select('answers').where('person_id', '=', await mia.id()).executeTakeFirstOrThrow();
    expect(row.answers).toMatchObject({ shareObjective: true, careerObjective: menteeAnswers.careerObjective });

    const noel = env.person('Noel');
    await noel.type('/mentor find');
    await completeSurvey(noel, menteeAnswers);
    const other = await env.database.db.selectFrom('enrollments').select('answers').where('person_id', '=', await noel.id()).executeTakeFirstOrThrow();
    expect(other.answers).not.toHaveProperty('shareObjective');
  });

  it('exports the profile and clears it on erasure', async () => {
    const { mia } = await setup();
    await mia.type('/mentor profile');
    await mia.submit(profileValues());
    await mia.type('/mentor export');
    const file = mia.seen.at(-1);
    expect(file?.kind).toBe('file');
    const exported = JSON.parse(file?.kind === 'file' ? file.content : '{}');
    expect(exported.person).toMatchObject({ title: 'Staff engineer', bio: profileValues().bio, work_start_min: 510, work_end_min: 990, work_days: '1234', timezone: 'America/New_York' });

    await mia.type('/mentor delete');
    await mia.click('Erase my data');
    const row = await env.database.db.selectFrom('people').selectAll().where('id', '=', await mia.id()).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ title: null, bio: null, work_start_min: null, work_end_min: null, work_days: null, timezone: 'UTC', timezone_pinned: false });
  });

  it('shows the guides on `guide`, in English and French, and sends each member the guide of their role after the intro', async () => {
    const { round, mia, omar } = await setup();
    await mia.type('/mentor guide');
    expect(mia.lastReply()).toContain('Which guide would you like to read?');
    await mia.click('Guide for mentees');
    expect(mia.lastReply()).toContain('What makes a good mentee');
    expect(mia.lastReply()).toContain('Put advice into practice and report back on it');
    await mia.type('/mentor guide mentor');
    expect(mia.lastReply()).toContain('What makes a good mentor');
    expect(mia.lastReply()).toContain('Giving and receiving feedback');
    await mia.type('/mentor guide boss');
    expect(mia.lastReply()).toContain('boss');
    expect(mia.lastReply()).toContain('guide [mentor|mentee]');

    await omar.type('/mentor lang fr');
    await enrollWith(round, mia, 'mentee');
    await enrollWith(round, omar, 'mentor');
    const pair = await activePair(env, round, mia, omar);
    const firstGuides = env.messenger.delivered.filter((d) => d.key?.startsWith(`guide.first:${pair.id}`));
    expect(firstGuides).toHaveLength(2);
    expect(mia.text()).toContain('Now that you are paired, here is a short guide for your role. Type /mentor guide any time');
    expect(mia.text()).toContain('Guide for mentees');
    expect(omar.text()).toContain('Guide du mentor');
    expect(omar.text()).toContain('Écoutez activement');

    // Sent once: running the jobs again sends nothing more.
    await env.runDueJobs();
    expect(env.messenger.delivered.filter((d) => d.key?.startsWith(`guide.first:${pair.id}`))).toHaveLength(2);

    // Without a role named, `guide` picks the person's role in their pair.
    await omar.type('/mentor guide');
    expect(omar.lastReply()).toContain('Ce qui fait un bon mentor');
    await omar.type('/mentor guide mentoré');
    expect(omar.lastReply()).toContain('Ce qui fait un bon mentoré');
  });
});
