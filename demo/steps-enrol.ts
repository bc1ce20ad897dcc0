// Steps 1–3: the lead creates the program and opens a round for everyone, and each employee
// answers the mentee or mentor survey from the invitation card, step by step in the modal.
import { cadenceText } from '../src/flows/pair/cadence-text.ts';
import { listPrograms } from '../src/db/repositories/program.repository.ts';
import { listRounds } from '../src/db/repositories/round.repository.ts';
import { findWorkspace } from '../src/db/repositories/workspace.repository.ts';
import type { Json } from './fake-slack.ts';
import { TOPICS } from './people.ts';
import { deliveryKey, TEAM, type SlackPerson } from './slack-client.ts';
import { inParallel, waitUntil } from './wait.ts';
import type { Member, World } from './world.ts';

/** The program's minimum group size: figures about fewer people than this are not shown. */
export const MIN_GROUP_SIZE = 5;

/** Submits every step of a multi-step modal with the same answers; returns how many steps. */
export async function fillModal(person: SlackPerson, modal: Json | undefined, answers: Readonly<Record<string, unknown>>): Promise<number> {
  let steps = 0;
  for (let view = modal; view; steps += 1) {
    if (steps > 10) throw new Error(`${person.user.name}: the modal keeps asking for more steps`);
    view = await person.submit(view, answers);
  }
  return steps;
}

/** The lead's DM that arrived after `count` messages, once it is there. */
const nextDm = (person: SlackPerson, count: number) =>
  waitUntil(() => person.inbox()[count], `a direct message to ${person.user.name}`);

export async function createProgram(w: World): Promise<void> {
  const { out, lead } = w;
  out.step('step.program');
  out.say('program.typed', { lead: lead.user.name, topics: TOPICS.length, cadence: cadenceText(out.lang, w.rhythm.checkinCadence), pulse: cadenceText(out.lang, w.rhythm.pulseEvery) });
  const before = lead.inbox().length;
  // The command offers the program templates first; the demo starts from a blank program.
  const { replies } = await lead.command('admin program create', { replies: 1 });
  const choice = replies[0];
  if (!choice) throw new Error('/mentor admin program create showed no choice of template');
  const { modal } = await lead.click(choice, /^(Blank program|Programme vierge)$/, { modal: true });
  if (!modal) throw new Error('Blank program opened no form');
  await fillModal(lead, modal, {
    name: out.lang === 'fr' ? 'Mentorat 2027' : 'Mentoring 2027',
    description: out.lang === 'fr' ? 'Un an pour grandir, en binôme.' : 'A year to grow, in pairs.',
    topics: TOPICS.map((t) => `${t.key} | ${t.en} | ${t.fr}`).join('\n'), languages: ['en', 'fr'],
    checkinCadence: w.rhythm.checkinCadence, pulseEvery: w.rhythm.pulseEvery, sessionMinutes: '45', durationDays: '1',
    proposalTimeoutHours: '24', surveyDays: '1', defaultCapacity: '2', objective: 'participation', minOverlapHours: '1', minGroupSize: String(MIN_GROUP_SIZE),
    // The mentees choose from a shortlist of 3; the lead ends the ranking long before its day is up.
    matching: 'choice', shortlistSize: '3', rankingDays: '1',
  });
  out.quote(w.read(await nextDm(lead, before)));
  const workspace = await findWorkspace(w.db, 'slack', TEAM.id);
  const [program] = workspace ? await listPrograms(w.db, workspace.id) : [];
  if (!program) throw new Error('the program was not saved');
  w.facts.programId = program.id;
}

export async function openRound(w: World): Promise<void> {
  const { out, lead, members } = w;
  out.step('step.round');
  out.say('round.typed', { lead: lead.user.name, count: members.length });
  const before = lead.inbox().length;
  const { modal } = await lead.command('admin round open', { modal: true });
  await fillModal(lead, modal, { people: members.map((m) => m.person.id) });
  out.quote(w.read(await nextDm(lead, before)));
  const [round] = await listRounds(w.db, w.facts.programId!);
  if (!round) throw new Error('the round was not opened');
  w.facts.roundId = round.id;
  // Everyone picked gets the invitation in Slack, as the database says it was sent.
  const invited = await waitUntil(async () => {
    const rows = await w.db.selectFrom('deliveries').select('status').where('kind', '=', 'round.invite').execute();
    return rows.length === members.length && rows.every((r) => r.status === 'sent') ? rows.length : undefined;
  }, `the ${members.length} invitations to be sent`, undefined, 100);
  const seen = members.filter((m) => m.person.inbox().some((msg) => deliveryKey(msg).startsWith('round.invite:'))).length;
  if (seen !== invited) throw new Error(`the bot sent ${invited} invitations but Slack shows ${seen}`);
  const english = members.find((m) => !m.employee.french) ?? members[0]!;
  const french = members.find((m) => m.employee.french);
  for (const m of french ? [english, french] : [english]) {
    out.say('invitation', { name: m.person.user.name, lang: w.langOf(m.person) });
    out.quote(w.read(await m.person.waitForMessage('round.invite:')));
  }
}

async function answerSurvey(w: World, m: Member): Promise<void> {
  const invitation = await m.person.waitForMessage('round.invite:');
  const button = w.label(m.person, m.employee.role === 'mentee' ? 'round.invite.as_mentee' : 'round.invite.as_mentor');
  const before = m.person.inbox().length;
  const { modal } = await m.person.click(invitation, button, { modal: true });
  await fillModal(m.person, modal, m.employee.answers);
  await nextDm(m.person, before);
}

export async function answerSurveys(w: World): Promise<void> {
  const { out, members } = w;
  out.step('step.surveys');
  const started = Date.now();
  let done = 0;
  await inParallel(members, w.rhythm.lanes, async (m) => {
    await answerSurvey(w, m);
    done += 1;
    if (done % 10 === 0 && done < members.length) out.progress('surveys.progress', { done, total: members.length });
  });
  const mentees = members.filter((m) => m.employee.role === 'mentee').length;
  const saved = await w.db.selectFrom('enrollments').select('role').where('round_id', '=', w.facts.roundId!).where('status', '=', 'submitted').execute();
  const savedMentees = saved.filter((e) => e.role === 'mentee').length;
  if (saved.length !== members.length || savedMentees !== mentees) {
    throw new Error(`${members.length} people answered the survey (${mentees} mentees) but the database holds ${saved.length} answers (${savedMentees} mentees)`);
  }
  out.progress('surveys.done', { mentees, mentors: members.length - mentees, seconds: ((Date.now() - started) / 1000).toFixed(1) });
  for (const m of [members.find((x) => x.employee.role === 'mentor' && x.employee.french), members.find((x) => x.employee.role === 'mentee' && !x.employee.french)]) {
    if (!m) continue;
    out.say('surveys.example', { name: m.person.user.name, role: out.text(m.employee.role === 'mentee' ? 'role_mentee' : 'role_mentor'), blurb: m.employee.blurb });
    out.quote(w.read(m.person.inbox().at(-1)!));
  }
}
