// Programs started from a template: the choice `admin program create` offers, the form filled from
// the template, the program it creates, everything still editable, and the program's note in each
// pair's introduction. Through the core, as in Slack or Teams, on both databases.
import { afterEach, describe, expect, it } from 'vitest';
import { listPrograms } from '../../src/db/repositories/program.repository.ts';
import { builtInTemplates } from '../../src/program-templates.ts';
import type { Form } from '../../src/ui/form.ts';
import { databaseKinds } from '../support/databases.ts';
import { openForAnswers } from '../support/fixtures.ts';
import { createRound } from '../../src/db/repositories/round.repository.ts';
import { activePair, enroll, openRound } from '../support/employee-fixtures.ts';
import { createMemoryPlatform, type MemoryPlatform, type TestPerson } from '../support/memory-platform.ts';
import { workspaceOf } from './lead-fixtures.ts';

/** What a lead submits when they change nothing in a step: its pre-filled values. */
function asFilled(form: Form | undefined): Record<string, unknown> {
  if (!form) throw new Error('no form is open');
  return Object.fromEntries(form.fields.flatMap((f) => ('initial' in f && f.initial !== undefined ? [[f.id, f.initial]] : [])));
}

async function acceptEveryStep(lea: TestPerson): Promise<void> {
  for (let step = 1; step <= 4; step += 1) {
    const outcome = await lea.submit(asFilled(lea.openForm));
    expect(outcome.type, JSON.stringify(outcome)).toBe(step < 4 ? 'next' : 'done');
  }
}

describe.each(databaseKinds)('program templates on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });
  const programs = async () => listPrograms(env.database.db, (await workspaceOf(env)).id);

  it('offers every template and a blank program, then creates a program from each with its settings', async () => {
    env = await createMemoryPlatform(kind, { leads: ['U_LEA'] });
    const lea = env.person('Lea');
    const templates = builtInTemplates();
    expect(templates.map((t) => t.key).sort()).toEqual(['circles', 'flash', 'onboarding-buddy', 'one-to-one', 'peer-mentoring', 'reverse-mentoring']);
    for (const template of templates) {
      await lea.type('/mentor admin program create');
      const choice = lea.lastReply();
      for (const t of templates) expect(choice).toContain(t.title.en);
      expect(choice).toContain('Blank program');
      await lea.click(template.title.en);
      expect(lea.openForm?.id).toBe('program.identity');
      expect(lea.openForm?.title).toContain('New program');
      await acceptEveryStep(lea);
      const created = (await programs()).find((p) => p.name === template.name.en);
      expect(created, template.key).toBeDefined();
      // Every preset reaches the program: what the template leaves out takes the product's default.
      expect(created!.settings, template.key).toEqual(template.settings);
      expect(created!.description).toBe(template.description.en);
    }
    expect(await programs()).toHaveLength(6);
  });

  it('starts from a template named in the command, in the lead’s language, and keeps every field editable', async () => {
    env = await createMemoryPlatform(kind, { leads: ['U_LEA'] });
    const lea = env.person('Lea');
    await lea.type('/mentor lang fr');
    await lea.type('/mentor admin programme créer mentorat inversé');
    const form = lea.openForm;
    expect(form?.id).toBe('program.identity');
    const filled = asFilled(form);
    expect(filled.name).toBe('Mentorat inversé');
    // The lead renames it and drops a topic before saving.
    const topics = String(filled.topics).split('\n').slice(0, 2).join('\n');
    expect((await lea.submit({ ...filled, name: 'Mentorat inversé 2027', topics })).type).toBe('next');
    expect((await lea.submit({ ...asFilled(lea.openForm), checkinCadence: 'P2M', introNote_fr: 'Bienvenue à tous.' })).type).toBe('next');
    expect((await lea.submit(asFilled(lea.openForm))).type).toBe('next');
    expect((await lea.submit(asFilled(lea.openForm))).type).toBe('done');
    const [program] = await programs();
    expect(program?.name).toBe('Mentorat inversé 2027');
    expect(program?.settings.topics).toHaveLength(2);
    expect(program?.settings.checkinCadence).toBe('P2M');
    expect(program?.settings.weights.seniority).toBe(0);
    expect(program?.settings.introNote).toEqual({ en: expect.stringContaining('younger colleague'), fr: 'Bienvenue à tous.' });
  });

  it('says which templates there are when the one typed does not exist, and creates nothing', async () => {
    env = await createMemoryPlatform(kind, { leads: ['U_LEA'] });
    const lea = env.person('Lea');
    await lea.type('/mentor admin program create group coaching');
    expect(lea.lastReply()).toContain('There is no template “group coaching”');
    expect(lea.lastReply()).toContain('circles');
    expect(lea.lastReply()).toContain('onboarding-buddy');
    expect(lea.openForm).toBeUndefined();
    await lea.click('Blank program').catch(() => undefined);
    expect(await programs()).toHaveLength(0);
  });

  it('opens the blank form from the choice, as before templates', async () => {
    env = await createMemoryPlatform(kind, { leads: ['U_LEA'] });
    const lea = env.person('Lea');
    await lea.type('/mentor admin program create');
    await lea.click('Blank program');
    expect(lea.openForm?.id).toBe('program.identity');
    expect(asFilled(lea.openForm).name).toBeUndefined();
  });

  it('offers no template when the process has none, and goes straight to the blank form', async () => {
    env = await createMemoryPlatform(kind, { leads: ['U_LEA'], programTemplates: [] });
    const lea = env.person('Lea');
    await lea.type('/mentor admin program create');
    expect(lea.openForm?.id).toBe('program.identity');
  });

  it('adds the program’s note to each pair’s introduction, in each reader’s language', async () => {
    env = await createMemoryPlatform(kind);
    const { round } = await openRound(env, { settings: { introNote: { en: 'Meet in your first week.', fr: 'Rencontrez-vous la première semaine.' } } });
    const mia = env.person('Mia');
    const max = env.person('Max', { locale: 'fr-FR' });
    await mia.type('/mentor help');
    await max.type('/mentor help');
    await activePair(env, round, mia, max);
    const intro = env.messenger.delivered.find((d) => d.key?.startsWith('pair.intro:'));
    const text = JSON.stringify(intro?.content);
    expect(text).toContain('A word from the program');
    expect(text).toContain('Meet in your first week.');
    expect(text).toContain('Un mot du programme');
    expect(text).toContain('Rencontrez-vous la première semaine.');
  });

  it('starts a circles program by name, whose note welcomes each circle, and sets its circles up as any program', { timeout: 90_000 }, async () => {
    env = await createMemoryPlatform(kind, { leads: ['U_LEA'] });
    const lea = env.person('Lea');
    await lea.type('/mentor admin program create circles');
    const filled = asFilled(lea.openForm);
    expect(filled.name).toBe('Mentoring circles');
    await acceptEveryStep(lea);
    const template = builtInTemplates().find((t) => t.key === 'circles')!;
    const [created] = await programs();
    expect(created?.settings).toEqual(template.settings);
    expect(lea.lastReply()).toContain('Mentoring circles');

    // A round of the new program (its creator leads it): its circle's introduction carries the program's note.
    const draft = await createRound(env.database.db, { workspaceId: created!.workspaceId, programId: created!.id, name: 'Spring', createdBy: await lea.id() });
    const round = await openForAnswers(env, draft);
    const [omar, mia, ana, ben] = ['Omar', 'Mia', 'Ana', 'Ben'].map((n) => env.person(n, n === 'Mia' ? { locale: 'fr-FR' } : {}));
    for (const p of [omar!, mia!, ana!, ben!]) await p.type('/mentor help');
    await enroll(env, round, omar!, 'mentor');
    for (const m of [mia!, ana!, ben!]) await enroll(env, round, m, 'mentee');
    await lea.type('/mentor admin circle leadership @{U_OMAR} 3');
    await lea.type('/mentor admin circles fill');
    expect(lea.lastReply()).toContain('1 circle started');
    await env.runDueJobs();
    const intro = env.messenger.delivered.filter((d) => d.key?.startsWith('circle.intro:'));
    expect(intro).toHaveLength(1);
    const text = JSON.stringify(intro[0]!.content);
    expect(text).toContain('A word from the program');
    expect(text).toContain(template.settings.introNote!.en);
    expect(text).toContain('Un mot du programme');
    expect(text).toContain(template.settings.introNote!.fr);
  });
});
