// Lead rights are per program. Every lead-only entry point of the core (each `admin …` command,
// each button and form flagged lead-only in the flow registry) is tried as someone who leads
// nothing and as the lead of another program: each is refused and nothing in the database, the
// queue or the outbox changes; the program's own lead gets through. The registry is enumerated,
// so a new lead action without a program check, or a new action nobody classified, fails here.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandName } from '../../src/domain/commands/command.ts';
import { listProgramLeads } from '../../src/db/repositories/lead.repository.ts';
import { findProgramByName } from '../../src/db/repositories/program.repository.ts';
import { raiseRiskAlert } from '../../src/db/repositories/risk-alert.repository.ts';
import type { Effect, SubmitOutcome } from '../../src/flows/effects.ts';
import { allFlows } from '../../src/flows/index.ts';
import { buildRegistry } from '../../src/flows/registry.ts';
import { databaseKinds } from '../support/databases.ts';
import { createMemoryPlatform, type MemoryPlatform, type TestPerson } from '../support/memory-platform.ts';
import { createProgramByForm, enroll, known, menteeAnswers, mentorAnswers, workspaceOf } from './lead-fixtures.ts';

const REFUSED = 'Only program leads can do that';
const A = 'Leadership 2027';
const B = 'Public speaking';

/** Actions and forms anyone may use on their own things (the handler checks it is theirs). */
const PARTICIPANT_ACTIONS = new Set([
  'survey.open', 'survey.step', 'proposal.accept', 'proposal.decline', 'proposal.decline_reason', 'checkin.open', 'checkin.submit',
  'goal.add', 'goal.edit', 'goal.progress', 'goal.done', 'goal.save', 'goal.progress_save', 'pulse.answer', 'pulse.submit',
  'end.confirm', 'end.submit', 'rematch.request', 'privacy.delete',
  // One's own profile (the handler checks the reference names the actor) and the guides (no data).
  'profile.edit', 'profile.save', 'guide.show',
  // A member's own private offer of help (the handler checks the offer is theirs).
  'risk.offer.rematch', 'risk.offer.lead', 'risk.offer.decline',
  // An enrolment's approver: a lead of its program or the person's manager, checked by the handler
  // against who may decide today (enrolment-approval.conversation.test.ts).
  'enrol.approve', 'enrol.refuse',
  // A member's own pair: preparation setting, chemistry answer, finding a time (each handler checks membership).
  'prepare.off', 'chemistry.continue', 'chemistry.not_fit', 'pair.find_time', 'pair.time_pick',
  // Flash sessions: the asker's own request and question, the asked mentor's answer, each side's one
  // answer afterwards and their retry of the pin (each handler checks the session names the actor).
  'flash.topic', 'flash.ask', 'flash.cancel', 'flash.accept', 'flash.decline', 'flash.answer', 'flash.pin', 'flash.find_time',
  // A member's own pair: the agreement (confirm, suggest a change) and the closing with the wins
  // (each handler checks membership; the wins log holds only the actor's own side).
  'agreement.confirm', 'agreement.change', 'agreement.change_save', 'closing.open', 'closing.submit', 'wins.export',
  // A circle's check-in: the handler checks the actor leads the circle or sits in it (circles/circle.conversation.test.ts).
  'circle.checkin.open', 'circle.checkin.submit',
  // A circle's pulse: the handler checks the actor leads the circle or sits in it (circles/circle-pulse.conversation.test.ts).
  'circle.pulse.answer', 'circle.pulse.submit',
  // A mentee's own shortlist (the handlers read only the actor's own shortlist).
  'shortlist.rank', 'shortlist.submit',
]);

/** Every table a lead action can touch, fingerprinted whole: a refused request must leave each as it was. */
const TABLES = [
  'programs', 'program_leads', 'rounds', 'round_invitations', 'enrollments', 'matches', 'match_events', 'match_rules', 'waitlist',
  'audit_log', 'deliveries', 'pulses', 'risk_alerts', 'used_action_refs', 'report_codes', 'report_sessions', 'checkins', 'goals',
  'circles', 'circle_members', 'circle_checkins', 'circle_pulse_answers',
] as const;

async function fingerprint(env: MemoryPlatform): Promise<string> {
  const parts: string[] = [];
  for (const table of TABLES) {
    const { rows } = await sql<{ h: string | null }>`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from ${sql.table(table)} t`.execute(env.database.db);
    parts.push(`${table}:${rows[0]?.h}`);
  }
  parts.push(`jobs:${[...env.scheduler.jobs.keys()].sort().join(',')}`, `sent:${env.messenger.delivered.length}`);
  return parts.join('\n');
}

interface World {
  env: MemoryPlatform; ada: TestPerson; lea: TestPerson; olga: TestPerson; bob: TestPerson; mia: TestPerson; max: TestPerson;
  programA: string; programB: string; roundA: string; alerts: string[];
}

/**
 * Ada administers the workspace. Program A is led by Lea (and Ada, who created it), with an open
 * round, Mia and Max enrolled and a live pair with three open alerts; program B is led by Olga
 * only. Bob leads nothing.
 */
async function world(kind: (typeof databaseKinds)[number]): Promise<World> {
  const env = await createMemoryPlatform(kind, { leads: ['U_ADA'] });
  const [ada, lea, olga, bob, mia, max] = ['Ada', 'Lea', 'Olga', 'Bob', 'Mia', 'Max'].map((n) => env.person(n)) as [TestPerson, TestPerson, TestPerson, TestPerson, TestPerson, TestPerson];
  await createProgramByForm(ada, A);
  await createProgramByForm(ada, B);
  await ada.type(`/mentor admin leads add @{U_LEA} ${A}`);
  await ada.type(`/mentor admin leads add @{U_OLGA} ${B}`);
  await ada.type(`/mentor admin leads remove @{U_ADA} ${B}`);
  expect(ada.lastReply()).toContain(`is no longer a lead of “${B}”`);
  for (const p of [bob, olga]) await p.type('/mentor help');
  await lea.type(`/mentor admin round open ${A}`);
  const db = env.database.db;
  const ws = await workspaceOf(env);
  const programA = (await findProgramByName(db, ws.id, A))!.id;
  const programB = (await findProgramByName(db, ws.id, B))!.id;
  const round = await db.selectFrom('rounds').select('id').where('program_id', '=', programA).executeTakeFirstOrThrow();
  const [miaP, maxP] = [await known(env, mia), await known(env, max)];
  await enroll(env, round.id, miaP, 'mentee', menteeAnswers());
  await enroll(env, round.id, maxP, 'mentor', mentorAnswers());
  const now = env.clock.now();
  const pair = await db.insertInto('matches').values({
    workspace_id: ws.id, program_id: programA, round_id: round.id, mentee_id: miaP.id, mentor_id: maxP.id, state: 'active', score: 80,
    reasons: '[]', proposed_at: now, accepted_at: now, activated_at: now, updated_at: now,
  }).returning('id').executeTakeFirstOrThrow();
  const alerts: string[] = [];
  for (const rule of ['no_first_meeting', 'missed_checkins', 'long_pause'] as const) alerts.push((await raiseRiskAlert(db, pair.id, rule, now))!.id);
  await env.runDueJobs();
  return { env, ada, lea, olga, bob, mia, max, programA, programB, roundA: round.id, alerts };
}

interface ActionCase {
  readonly subjects: (w: World) => readonly string[];
  /** Form values, for a form; absent for a button. */
  readonly raw?: Record<string, unknown>;
}

const TOPICS = 'leadership | Leadership | Leadership';

/** Lead-only entry points that create a new program: any lead may use them, a non-lead none. */
const NEW_PROGRAM_ACTIONS: Readonly<Record<string, ActionCase>> = {
  'lead.program.blank': { subjects: () => [] },
  'lead.program.template': { subjects: () => ['onboarding-buddy'] },
  'lead.program.template_form': { subjects: () => ['onboarding-buddy'], raw: { name: 'Buddies', topics: TOPICS, languages: ['en'] } },
};

/**
 * One case per lead-only action and form, in the order the program's lead then uses them (each
 * leaves the round in the state the next one needs). A lead-only handler missing here fails.
 */
const LEAD_ACTIONS: Readonly<Record<string, ActionCase>> = {
  'lead.round.invite': { subjects: (w) => [w.roundA] },
  'lead.round.invitees': { subjects: (w) => [w.roundA], raw: { people: ['U_MIA'] } },
  'lead.round.status': { subjects: (w) => [w.roundA] },
  'lead.program.edit': { subjects: (w) => [w.programA] },
  'lead.program.form': { subjects: (w) => ['identity', w.programA], raw: { name: A, description: 'Renamed', topics: TOPICS, languages: ['en'] } },
  'report.csv_pairs': { subjects: (w) => [w.programA] },
  'report.csv_figures': { subjects: (w) => [w.programA] },
  'report.audit': { subjects: (w) => [w.programA] },
  'lead.pairs.help': { subjects: (w) => [w.roundA] },
  'risk.nudge': { subjects: (w) => [w.alerts[0]!] },
  'risk.handled': { subjects: (w) => [w.alerts[1]!] },
  'risk.rematch': { subjects: (w) => [w.alerts[2]!] },
  'lead.round.close': { subjects: (w) => [w.roundA] },
  'lead.shortlist.close': { subjects: (w) => [w.roundA] },
  'lead.match.run': { subjects: (w) => [w.roundA] },
  'lead.publish': { subjects: (w) => [w.roundA] },
  'lead.round.open': { subjects: (w) => [w.programA] },
};

/**
 * Every `admin …` command, aimed at program A. `otherLead` is what the lead of program B gets when
 * the command cannot name program A: their own programs only, never A.
 */
const ADMIN_COMMANDS: Readonly<Record<string, { text: string; otherLead?: RegExp }>> = {
  'admin.program.create': { text: 'admin program create', otherLead: /Start a new program/ },
  'admin.program.edit': { text: `admin program edit ${A}` },
  'admin.program.list': { text: 'admin program list', otherLead: new RegExp(`You lead 1 program[\\s\\S]*${B}`) },
  'admin.round.open': { text: `admin round open ${A}` },
  'admin.round.close': { text: `admin round close ${A}` },
  'admin.round.status': { text: `admin round status ${A}` },
  'admin.match': { text: `admin match ${A}` },
  'admin.publish': { text: `admin publish ${A}` },
  'admin.report': { text: `admin report ${A}` },
  'admin.pin': { text: 'admin pin @{U_MIA} @{U_MAX}', otherLead: /No round is being matched for this mentee/ },
  'admin.forbid': { text: 'admin forbid @{U_MIA} @{U_MAX}', otherLead: /No round is being matched for this mentee/ },
  'admin.leads.add': { text: `admin leads add @{U_BOB} ${A}` },
  'admin.leads.remove': { text: `admin leads remove @{U_LEA} ${A}` },
  'admin.circle': { text: 'admin circle leadership @{U_MAX}', otherLead: /None of the programs you lead has a round under way/ },
  'admin.circles': { text: `admin circles ${A}` },
  'admin.circles.fill': { text: `admin circles fill ${A}` },
};

const registry = buildRegistry(allFlows);
const textOf = (effects: readonly Effect[]): string => JSON.stringify(effects);

async function press(w: World, who: TestPerson, kind: string, c: ActionCase): Promise<string> {
  const ref = w.env.signer.sign({ kind, subjects: c.subjects(w), personId: await who.id(), expiresAt: new Date(w.env.clock.now().getTime() + 3_600_000) });
  if (!c.raw) return textOf(await w.env.core.action(who.actor, ref));
  const outcome: SubmitOutcome = await w.env.core.submit(who.actor, ref, c.raw);
  return outcome.type === 'done' ? textOf(outcome.effects) : JSON.stringify(outcome);
}

describe('the lead-only entry points', () => {
  it('are all classified, and every lead-only one has a case here', () => {
    const leadOnly = [...registry.actions].filter(([, h]) => h.lead).map(([k]) => k)
      .concat([...registry.forms].filter(([, h]) => h.lead).map(([k]) => k)).sort();
    expect(leadOnly).toEqual([...Object.keys(LEAD_ACTIONS), ...Object.keys(NEW_PROGRAM_ACTIONS)].sort());
    const unflagged = [...registry.actions].filter(([, h]) => !h.lead).map(([k]) => k)
      .concat([...registry.forms].filter(([, h]) => !h.lead).map(([k]) => k));
    // Anything not flagged must be a participant's own action, listed on purpose.
    expect(unflagged.filter((k) => !PARTICIPANT_ACTIONS.has(k))).toEqual([]);
    const adminCommands = [...registry.commands.keys()].filter((n: CommandName) => n.startsWith('admin.')).sort();
    expect(adminCommands).toEqual(Object.keys(ADMIN_COMMANDS).sort());
  });
});

describe.each(databaseKinds)('lead rights per program on %s', (kind) => {
  let env: MemoryPlatform | undefined;
  afterEach(async () => { await env?.dispose(); env = undefined; });

  it('refuses every lead-only command, button, form and export to a non-lead and to a lead of another program, changing nothing; the program’s lead gets through', async () => {
    const w = await world(kind);
    env = w.env;
    const before = await fingerprint(w.env);

    for (const [name, { text, otherLead }] of Object.entries(ADMIN_COMMANDS)) {
      expect(textOf(await w.bob.type(`/mentor ${text}`)), `${name} as a non-lead`).toContain(REFUSED);
      const reply = textOf(await w.olga.type(`/mentor ${text}`));
      if (otherLead) expect(reply, `${name} as the lead of B`).toMatch(otherLead);
      else expect(reply, `${name} as the lead of B`).toContain(REFUSED);
      expect(reply, `${name} as the lead of B`).not.toContain('Renamed');
      await w.env.runDueJobs();
      expect(await fingerprint(w.env), name).toBe(before);
    }
    for (const [kind, c] of Object.entries(LEAD_ACTIONS)) {
      for (const who of [w.bob, w.olga]) {
        expect(await press(w, who, kind, c), `${kind} as ${who.name}`).toContain(REFUSED);
        await w.env.runDueJobs();
        expect(await fingerprint(w.env), `${kind} as ${who.name}`).toBe(before);
      }
    }
    // Creating a program needs some lead role; it never reaches program A.
    expect(await press(w, w.bob, 'lead.program.form', { subjects: () => ['identity'], raw: { name: 'Bob’s', topics: TOPICS, languages: ['en'] } })).toContain(REFUSED);
    for (const [kind, c] of Object.entries(NEW_PROGRAM_ACTIONS)) {
      expect(await press(w, w.bob, kind, c), `${kind} as Bob`).toContain(REFUSED);
    }
    // The home view of B's lead shows B, never A.
    const home = JSON.stringify(await w.olga.home());
    expect(home).toContain(B);
    expect(home).not.toContain(A);
    expect(await fingerprint(w.env)).toBe(before);

    // Program A's lead, through every one of them.
    for (const [kind, c] of Object.entries(LEAD_ACTIONS)) {
      const reply = await press(w, w.lea, kind, c);
      expect(reply, kind).not.toContain(REFUSED);
      expect(reply, kind).not.toMatch(/not valid for you|already recorded|already handled|Not possible/);
      await w.env.runDueJobs();
    }
    expect((await w.env.database.db.selectFrom('rounds').select('state').where('id', '=', w.roundA).executeTakeFirstOrThrow()).state).toBe('published');
    for (const [kind, c] of Object.entries(NEW_PROGRAM_ACTIONS)) expect(await press(w, w.olga, kind, c), `${kind} as Olga`).not.toContain(REFUSED);
    for (const [name, { text }] of Object.entries(ADMIN_COMMANDS)) {
      if (name === 'admin.leads.remove') continue;
      expect(textOf(await w.lea.type(`/mentor ${text}`)), name).not.toContain(REFUSED);
    }
  });
});

describe.each(databaseKinds)('managing the leads of a program on %s', (kind) => {
  let env: MemoryPlatform | undefined;
  afterEach(async () => { await env?.dispose(); env = undefined; });

  const auditOf = async (e: MemoryPlatform) => (await e.database.db.selectFrom('audit_log').select(['action', 'actor_id', 'target_id', 'details'])
    .where('action', 'in', ['lead.add', 'lead.remove', 'program.create']).orderBy('id').execute());

  it('makes the creator the lead, lets a program’s leads and the administrators add and remove its leads, audited, and makes no one an administrator', async () => {
    const w = await world(kind);
    env = w.env;
    const db = w.env.database.db;
    const [ada, lea, olga, bob] = [await w.ada.id(), await w.lea.id(), await w.olga.id(), await w.bob.id()];
    expect(await listProgramLeads(db, w.programA)).toEqual([ada, lea].sort());
    expect(await listProgramLeads(db, w.programB)).toEqual([olga]);
    const audit = await auditOf(w.env);
    expect(audit.map((e) => [e.action, e.actor_id, e.target_id, (e.details as { personId?: string }).personId])).toEqual([
      ['program.create', ada, w.programA, undefined], ['program.create', ada, w.programB, undefined],
      ['lead.add', ada, w.programA, lea], ['lead.add', ada, w.programB, olga], ['lead.remove', ada, w.programB, ada],
    ]);

    // Lea, a lead of A (not an administrator), adds Bob to A; Bob then acts on A only.
    await w.lea.type(`/mentor admin leads add @{U_BOB} ${A}`);
    expect(w.lea.lastReply()).toContain(`@Bob is now a lead of “${A}”`);
    expect(await listProgramLeads(db, w.programA)).toEqual([ada, lea, bob].sort());
    await w.bob.type(`/mentor admin round status ${A}`);
    expect(w.bob.lastReply()).not.toContain(REFUSED);
    // Neither Lea nor Bob can touch B's leads: administrators are only those the configuration names.
    const before = await fingerprint(w.env);
    for (const [who, text] of [[w.lea, `admin leads add @{U_BOB} ${B}`], [w.bob, `admin leads add @{U_LEA} ${B}`], [w.bob, `admin leads remove @{U_OLGA} ${B}`], [w.lea, `admin report ${B}`]] as const) {
      await who.type(`/mentor ${text}`);
      expect(who.lastReply(), text).toContain(REFUSED);
    }
    expect(await fingerprint(w.env)).toBe(before);

    // Ada, an administrator who no longer leads B, manages its leads but does not read it.
    await w.ada.type(`/mentor admin report ${B}`);
    expect(w.ada.lastReply()).toContain(REFUSED);
    await w.ada.type(`/mentor admin leads remove @{U_ADA} ${A}`);
    await w.ada.type('/mentor admin round status');
    expect(w.ada.lastReply()).toContain(REFUSED);
    await w.ada.type('/mentor admin program list');
    expect(w.ada.lastReply()).toContain(`Other programs of this workspace (as an administrator you manage their leads): “${A}”, “${B}”.`);
    await w.ada.type(`/mentor admin leads add @{U_BOB} ${B}`);
    expect(w.ada.lastReply()).toContain(`@Bob is now a lead of “${B}”`);
    await w.bob.type(`/mentor admin leads remove @{U_BOB} ${B}`);
    expect(w.bob.lastReply()).toContain(`@Bob is no longer a lead of “${B}”`);
    // The last lead of a program stays.
    await w.olga.type(`/mentor admin leads remove @{U_OLGA} ${B}`);
    expect(w.olga.lastReply()).toContain(`This is the last lead of “${B}”`);
    expect(await listProgramLeads(db, w.programB)).toEqual([olga]);
    const last = (await auditOf(w.env)).slice(-4);
    expect(last.map((e) => [e.action, e.actor_id, e.target_id, e.details])).toEqual([
      ['lead.add', lea, w.programA, { personId: bob, asAdmin: false }],
      ['lead.remove', ada, w.programA, { personId: ada, asAdmin: false }],
      ['lead.add', ada, w.programB, { personId: bob, asAdmin: true }],
      ['lead.remove', bob, w.programB, { personId: bob, asAdmin: false }],
    ]);
    // The program card names its leads.
    await w.lea.type('/mentor admin program list');
    expect(w.lea.text()).toContain('Leads: Bob and Lea');
  });

  it('sends each program’s weekly digest to its own leads only', async () => {
    const w = await world(kind);
    env = w.env;
    await w.env.core.runJob('lead.digest', {});
    const rows = await w.env.database.db.selectFrom('deliveries').select(['person_id', 'payload']).where('kind', '=', 'lead.digest').execute();
    const sent = rows.map((r) => `${(r.payload as { programId: string }).programId}:${r.person_id}`).sort();
    expect(sent).toEqual([`${w.programA}:${await w.ada.id()}`, `${w.programA}:${await w.lea.id()}`, `${w.programB}:${await w.olga.id()}`].sort());
  });

  it('takes administrators from the configuration for their own workspace only', async () => {
    env = await createMemoryPlatform(kind, { admins: [{ workspaceExternalId: 'T_OTHER', platformUserId: 'U_ADA' }] });
    const ada = env.person('Ada');
    await ada.type('/mentor admin program create');
    expect(ada.lastReply()).toContain(REFUSED);
    expect(ada.openForm).toBeUndefined();
  });

  it('refuses to make the manager of someone taking part in a program a lead of it', async () => {
    const w = await world(kind);
    env = w.env;
    const db = w.env.database.db;
    const nora = w.env.person('Nora');
    const noraP = await known(w.env, nora);
    // Nora manages Mia, who is enrolled in A; she manages nobody in B.
    await db.updateTable('people').set({ manager_id: noraP.id }).where('id', '=', await w.mia.id()).execute();
    const before = await fingerprint(w.env);
    for (const admin of [w.lea, w.ada]) {
      await admin.type(`/mentor admin leads add @{U_NORA} ${A}`);
      expect(admin.lastReply()).toContain(`@Nora cannot lead “${A}”: a lead may not be the manager of anyone taking part in the program.`);
    }
    expect(await fingerprint(w.env)).toBe(before);
    await w.olga.type(`/mentor admin leads add @{U_NORA} ${B}`);
    expect(w.olga.lastReply()).toContain(`@Nora is now a lead of “${B}”`);
  });
});
