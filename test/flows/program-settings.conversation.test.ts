// The minimum group size has a floor no setting lowers, and every setting change is audited
// with its old and new values. Through the lead's program form, as in Slack or Teams.
import { afterEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/db/repositories/audit.repository.ts';
import { listPrograms } from '../../src/db/repositories/program.repository.ts';
import { MIN_GROUP_FLOOR, programSettingsSchema } from '../../src/domain/program-settings.ts';
import { t } from '../../src/ui/i18n/t.ts';
import { databaseKinds } from '../support/databases.ts';
import { createMemoryPlatform, type MemoryPlatform, type TestPerson } from '../support/memory-platform.ts';
import { createProgramByForm, workspaceOf } from './lead-fixtures.ts';

const RHYTHM = { checkinCadence: 'P14D', sessionMinutes: '45', durationDays: '120', pulseEvery: 'P1M', proposalTimeoutHours: '48', surveyDays: '10' };
const MATCHING = {
  defaultCapacity: '2', objective: 'participation', minScore: '30', minOverlapHours: '1,5',
  weight_expertise: '40', weight_domain: '10', weight_values: '10', weight_cadence: '5', weight_mode: '5',
  weight_hours: '10', weight_seniority: '8', weight_feedback: '6', weight_department: '6',
    weight_language: '4', weight_career: '6', sameTeamRule: 'yes',
};

describe.each(databaseKinds)('program settings on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  const program = async () => (await listPrograms(env.database.db, (await workspaceOf(env)).id))[0]!;
  const edits = async () => (await listAudit(env.database.db, (await workspaceOf(env)).id)).filter((e) => e.action === 'program.edit');

  /** Opens the edit form and goes to its privacy step, changing nothing before it. */
  async function privacyStep(lea: TestPerson, name: string): Promise<void> {
    await lea.type(`/mentor admin program edit ${name}`);
    expect((await lea.submit({ name, description: 'Grow leaders', topics: 'leadership | Leadership | Leadership\npublic-speaking | Public speaking | Prise de parole', languages: ['en', 'fr'] })).type).toBe('next');
    expect((await lea.submit(RHYTHM)).type).toBe('next');
    expect((await lea.submit(MATCHING)).type).toBe('next');
    expect(lea.openForm?.id).toBe('program.privacy');
  }

  it('refuses a minimum group size under 5 with a clear error in the lead’s language, and changes nothing', async () => {
    env = await createMemoryPlatform(kind, { leads: ['U_LEA', 'U_NOE'] });
    const lea = env.person('Lea');
    await createProgramByForm(lea);
    expect((await program()).settings.minGroupSize).toBe(6);
    const before = await edits();
    await privacyStep(lea, 'Leadership 2027');
    expect(lea.openForm?.fields.find((f) => f.id === 'minGroupSize')).toMatchObject({ min: MIN_GROUP_FLOOR, help: expect.stringContaining('5 at least') });
    for (const value of ['2', '4', '0', '-5', '4.5']) {
      const outcome = await lea.submit({ minGroupSize: value, retentionDays: '400' });
      expect(outcome.type).toBe('errors');
      expect(lea.lastErrors?.minGroupSize).toBeDefined();
      expect((await program()).settings.minGroupSize).toBe(6);
    }
    await lea.submit({ minGroupSize: '2', retentionDays: '400', enrolmentApproval: 'none' });
    expect(lea.lastErrors?.minGroupSize).toBe(t('en', 'program.error.min_group_floor', { floor: 5 }));
    expect(lea.lastErrors?.minGroupSize).toContain('At least 5');
    expect(await edits()).toEqual(before);

    const noe = env.person('Noe', { locale: 'fr-FR' });
    await createProgramByForm(noe, 'Mentorat 2027');
    await privacyStep(noe, 'Mentorat 2027');
    await noe.submit({ minGroupSize: '4', retentionDays: '400', enrolmentApproval: 'none' });
    expect(noe.lastErrors?.minGroupSize).toBe(t('fr', 'program.error.min_group_floor', { floor: 5 }));
    expect(noe.lastErrors?.minGroupSize).toContain('Au moins 5');
    expect((await program()).settings.minGroupSize).toBe(6);
  });

  it('accepts 5 and 8, and audits each change with its old and new value', async () => {
    env = await createMemoryPlatform(kind, { leads: ['U_LEA'] });
    const lea = env.person('Lea');
    await createProgramByForm(lea);
    const create = (await listAudit(env.database.db, (await workspaceOf(env)).id)).find((e) => e.action === 'program.create');
    expect(create?.details).toMatchObject({ name: 'Leadership 2027', settings: { minGroupSize: 5 } });
    // The creation form stores each step: its last step moved the minimum from the default to 6.
    expect((await edits()).at(0)?.details).toEqual({ step: 'privacy', changes: { minGroupSize: { from: 5, to: 6 }, retentionDays: { from: 365, to: 400 } } });

    const created = (await edits()).length;
    await privacyStep(lea, 'Leadership 2027');
    expect((await lea.submit({ minGroupSize: '5', retentionDays: '400', enrolmentApproval: 'none' })).type).toBe('done');
    expect((await program()).settings.minGroupSize).toBe(5);
    expect((await edits()).at(0)?.details).toEqual({ step: 'privacy', changes: { minGroupSize: { from: 6, to: 5 } } });

    await privacyStep(lea, 'Leadership 2027');
    expect((await lea.submit({ minGroupSize: '8', retentionDays: '400', enrolmentApproval: 'none' })).type).toBe('done');
    expect((await program()).settings.minGroupSize).toBe(8);
    const last = await edits();
    expect(last.at(0)?.details).toEqual({ step: 'privacy', changes: { minGroupSize: { from: 5, to: 8 } } });
    expect(last.at(0)?.actorId).toBe(await lea.id());
    // Going through the earlier steps without changing them left no entry of their own.
    expect(last).toHaveLength(created + 2);
  });

  it('audits the other settings too, weight by weight', async () => {
    env = await createMemoryPlatform(kind, { leads: ['U_LEA'] });
    const lea = env.person('Lea');
    await createProgramByForm(lea);
    await lea.type('/mentor admin program edit Leadership 2027');
    await lea.submit({ name: 'Leaders 2027', description: 'Grow leaders', topics: 'leadership | Leadership | Leadership', languages: ['en'] });
    expect((await edits()).at(0)?.details).toEqual({ step: 'identity', changes: {
      name: { from: 'Leadership 2027', to: 'Leaders 2027' }, languages: { from: ['en', 'fr'], to: ['en'] },
      topics: {
        from: [{ key: 'leadership', label: { en: 'Leadership', fr: 'Leadership' } }, { key: 'public-speaking', label: { en: 'Public speaking', fr: 'Prise de parole' } }],
        to: [{ key: 'leadership', label: { en: 'Leadership', fr: 'Leadership' } }],
      },
    } });
    await lea.submit({ ...RHYTHM, sessionMinutes: '60' });
    expect((await edits()).at(0)?.details).toEqual({ step: 'rhythm', changes: { sessionMinutes: { from: 45, to: 60 } } });
    await lea.submit({ ...MATCHING, weight_values: '20', minScore: '35' });
    expect((await edits()).at(0)?.details).toEqual({ step: 'matching', changes: { minScore: { from: 30, to: 35 }, 'weights.values': { from: 10, to: 20 } } });
  });
});

describe('the floor in the settings schema', () => {
  const topics = [{ key: 'leadership', label: { en: 'Leadership', fr: 'Leadership' } }];
  it('holds for every value under 5 and lets 5 to 100 through', () => {
    for (const minGroupSize of [-1, 0, 1, 2, 3, 4]) expect(programSettingsSchema.safeParse({ topics, minGroupSize }).success).toBe(false);
    for (const minGroupSize of [5, 6, 8, 100]) expect(programSettingsSchema.safeParse({ topics, minGroupSize }).success).toBe(true);
    expect(programSettingsSchema.parse({ topics }).minGroupSize).toBe(5);
    expect(MIN_GROUP_FLOOR).toBe(5);
  });
});
