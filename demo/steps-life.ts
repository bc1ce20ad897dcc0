// Steps 6–7: mentees set a goal, then the short cadence brings check-in prompts and a pulse,
// answered from their cards. One pair stays silent: its check-ins go unanswered until the bot
// marks them missed, and its pulse says it is not going well.
import type { Pair } from '../src/domain/model.ts';
import { cadenceText } from '../src/flows/pair/cadence-text.ts';
import type { FakeCall, Json, SlackMessage } from './fake-slack.ts';
import { deliveryKey, NoModalError } from './slack-client.ts';
import { t } from '../src/ui/i18n/t.ts';
import { fillModal } from './steps-enrol.ts';
import { inParallel, waitUntil } from './wait.ts';
import type { Member, World } from './world.ts';
import { circleCheckinSeen } from './steps-circle.ts';

const GOALS_EN = ['Present the team roadmap at the quarterly review', 'Run my first hiring interview loop', 'Ship a data dashboard used by my team', 'Lead a cross-team design review'];
const GOALS_FR = ['Présenter la feuille de route en revue trimestrielle', 'Mener ma première série d’entretiens de recrutement', 'Livrer un tableau de bord utilisé par l’équipe', 'Animer une revue de conception inter-équipes'];

const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

async function setGoal(w: World, m: Member, index: number): Promise<string> {
  const title = (m.employee.french ? GOALS_FR : GOALS_EN)[index % GOALS_EN.length]!;
  const { replies } = await m.person.command(m.employee.french ? 'objectifs' : 'goals');
  const { modal } = await m.person.click(replies.at(-1)!, w.label(m.person, 'goals.add'), { modal: true });
  await fillModal(m.person, modal, {
    title, measure: m.employee.french ? 'Fait, et un retour écrit obtenu' : 'Done, with written feedback', targetDate: isoDay(new Date(Date.now() + 60 * 86_400_000)),
  });
  return title;
}

export async function setGoals(w: World): Promise<void> {
  const { out } = w;
  out.step('step.goals');
  const active = await w.pairs(['active']);
  const mentees = await Promise.all(active.map((p) => w.member(p.menteeId)));
  let example = '';
  await inParallel(mentees.map((m, i) => ({ m, i })), w.rhythm.lanes, async ({ m, i }) => {
    const title = await setGoal(w, m, i);
    if (i === 0) example = title;
  });
  const goals = await w.db.selectFrom('goals').select('match_id').where('match_id', 'in', active.map((p) => p.id)).execute();
  const withGoal = new Set(goals.map((g) => g.match_id)).size;
  if (withGoal !== active.length) throw new Error(`${active.length} mentees set a goal but ${withGoal} pairs have one in the database`);
  out.progress('goals.done', { count: mentees.length, name: mentees[0]!.person.user.name, goal: example });
}

/**
 * Check-in answers a person gives in the modal: met, useful, progress on each goal shown, and in
 * one answer out of three what the pair agreed to do next (shared with the partner, quoted by the
 * next preparation).
 */
function checkinValues(modal: Json, seed: number, french: boolean): Record<string, unknown> {
  const values: Record<string, unknown> = { met: seed % 5 === 0 ? 'rescheduled' : 'yes', usefulness: String(3 + (seed % 3)) };
  if (seed % 3 === 0) values.nextSteps = french ? 'Préparer trois diapositives et les répéter ensemble' : 'Draft three slides and rehearse them together';
  for (const block of (modal.blocks ?? []) as Json[]) {
    if (String(block.block_id ?? '').startsWith('progress.')) values[String(block.block_id)] = String(10 + (seed % 4) * 10);
  }
  return values;
}

async function answerCard(w: World, m: Member, card: SlackMessage, button: 'checkin.prompt.answer' | 'pulse.prompt.answer', values: (modal: Json) => Record<string, unknown>): Promise<void> {
  const { modal } = await m.person.click(card, w.label(m.person, button), { modal: true });
  await fillModal(m.person, modal, values(modal!));
}

/**
 * Everyone but the silent pair answers each check-in prompt as it reaches Slack, from its card,
 * and the reminder instead when the prompt is overdue by then (a loaded machine), each check-in
 * once, until the report step stops it.
 */
class CheckinAnswerer {
  readonly #w: World;
  readonly #silentId: string;
  /** Check-ins taken, by id, whichever of their two cards came first. */
  readonly #taken = new Set<string>();
  readonly #queue: Array<{ m: Member; card: SlackMessage; id: string }> = [];
  readonly #lanes = new Set<Promise<void>>();
  readonly #answered = new Map<Member, number>();
  /** Varies the answers from one check-in to the next. */
  #seeds = 0;
  #failure: unknown;
  // The fake stores a message before it reports the call: the newest of its channel.
  readonly #onCall = (call: FakeCall) => {
    const channel = String(call.args.channel);
    if (call.method === 'chat.postMessage') this.#take(channel, this.#w.fake.channels.get(channel)?.at(-1));
  };

  constructor(w: World, silentId: string) {
    this.#w = w;
    this.#silentId = silentId;
    // Prompts that came before the answerer started (a slow goals step) are answered too.
    for (const [channel, messages] of w.fake.channels) for (const card of messages) this.#take(channel, card);
    w.fake.on('call', this.#onCall);
  }

  #take(channel: string, card: SlackMessage | undefined): void {
    const [kind, id] = card ? deliveryKey(card).split(':') : [];
    const m = this.#w.byPlatformId(channel.replace(/^D-/, ''));
    if (!card || !m || !id || (kind !== 'checkin' && kind !== 'checkin.missed') || this.#taken.has(id)) return;
    this.#taken.add(id);
    this.#queue.push({ m, card, id });
    if (this.#lanes.size < this.#w.rhythm.lanes) this.#lane();
  }

  /** Check-ins answered so far by this person. */
  answeredBy(m: Member): number { return this.#answered.get(m) ?? 0; }

  get answered(): number { return [...this.#answered.values()].reduce((a, b) => a + b, 0); }

  /** Throws what went wrong in the background, if anything did. */
  check(): void { if (this.#failure !== undefined) throw this.#failure; }

  #lane(): void {
    const lane = (async () => {
      for (let next = this.#queue.shift(); next && this.#failure === undefined; next = this.#queue.shift()) await this.#answer(next);
    })().catch((err: unknown) => { this.#failure ??= err; }).finally(() => { this.#lanes.delete(lane); });
    this.#lanes.add(lane);
  }

  async #answer({ m, card, id }: { m: Member; card: SlackMessage; id: string }): Promise<void> {
    const checkin = await this.#w.db.selectFrom('checkins').select(['match_id', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    if (checkin.match_id === this.#silentId || checkin.status === 'answered') return;
    const seed = this.#seeds++;
    await answerCard(this.#w, m, card, 'checkin.prompt.answer', (modal) => checkinValues(modal, seed, m.employee.french));
    this.#answered.set(m, this.answeredBy(m) + 1);
  }

  /** Takes no more prompts and lets the answers under way finish. */
  async stop(): Promise<void> {
    this.#w.fake.off('call', this.#onCall);
    this.#queue.length = 0;
    while (this.#lanes.size > 0) await Promise.all(this.#lanes);
    this.check();
  }
}


/** Pulse answers: the silent pair's members say it goes badly; the others rate it 4–5 (progress 3–4), never two apart. */
function pulseValues(unhappy: boolean, i: number): Record<string, string> {
  if (unhappy) return { satisfaction: '1', relationship: '2', progress: '1', recommend: '3' };
  return { satisfaction: String(4 + (i % 2)), relationship: String(5 - (i % 2)), progress: String(3 + ((i >> 1) % 2)), recommend: String(7 + (i % 4)) };
}

/** People of the talking pairs with no answered check-in yet in one of their pairs, from the database. */
async function notYetAnswered(w: World, talking: readonly Pair[]): Promise<string[]> {
  const answered = await w.db.selectFrom('checkins').select(['match_id', 'person_id']).where('status', '=', 'answered')
    .where('match_id', 'in', talking.map((p) => p.id)).execute();
  const done = new Set(answered.map((c) => `${c.match_id}:${c.person_id}`));
  return talking.flatMap((p) => [p.menteeId, p.mentorId].filter((id) => !done.has(`${p.id}:${id}`)));
}

export async function checkinsAndPulse(w: World): Promise<void> {
  const { out, rhythm } = w;
  out.step('step.checkins');
  const active = await w.pairs(['active']);
  // The silent pair: the earliest active one whose mentor has no other mentee (a person answers
  // the pulse once, for all their pairs), so that only this pair goes badly.
  const byActivation = [...active].sort((a, b) => a.activatedAt!.getTime() - b.activatedAt!.getTime());
  const silent = byActivation.find((p) => active.filter((q) => q.mentorId === p.mentorId).length === 1) ?? byActivation[0]!;
  const silentMentee = await w.member(silent.menteeId), silentMentor = await w.member(silent.mentorId);
  w.facts.atRisk = { menteeId: silentMentee.person.id, mentorId: silentMentor.person.id };
  w.facts.silentPairId = silent.id;
  out.say('risk.setup', { mentee: silentMentee.person.user.name, mentor: silentMentor.person.user.name });
  out.progress('checkins.wait', { cadence: cadenceText(out.lang, rhythm.checkinCadence) });

  const talking = active.filter((p) => p.id !== silent.id);
  // Each person with the number of pairs whose check-ins they answer (a mentor may have two).
  const people = new Map<string, { m: Member; talking: number }>();
  for (const pair of active) {
    for (const id of [pair.menteeId, pair.mentorId]) {
      const entry = people.get(id) ?? { m: await w.member(id), talking: 0 };
      if (pair.id !== silent.id) entry.talking += 1;
      people.set(id, entry);
    }
  }
  const everyone = [...people.values()];
  const answerer = new CheckinAnswerer(w, silent.id);
  w.stopAnswering = () => answerer.stop();
  const shown = everyone.find(({ m, talking }) => talking > 0 && m.employee.french) ?? everyone.find(({ talking }) => talking > 0)!;
  const missed = silentMentee.person.waitForMessage('checkin.missed:');
  // Awaited further down; a failure meanwhile must not go unhandled.
  missed.catch(() => undefined);
  // The pulse opens one period after publication, about when the first check-ins come, and closes
  // one period later: each member answers it as soon as it reaches them, beside the check-ins;
  // the silent pair's members say it is not going well.
  const unhappy = new Set([silentMentee, silentMentor]);
  const late: string[] = [];
  const pulseDone = Promise.all(everyone.map(async ({ m }, i) => {
    const card = await m.person.waitForMessage('pulse:');
    await answerCard(w, m, card, 'pulse.prompt.answer', () => pulseValues(unhappy.has(m), i))
      .catch((err: unknown) => {
        // The bot refused: the pulse closed before this person could answer.
        if (err instanceof NoModalError && err.reply === t(m.employee.french ? 'fr' : 'en', 'pulse.closed')) late.push(m.person.user.name);
        else throw err;
      });
  }));
  pulseDone.catch(() => undefined);
  // The prompt, or the reminder sent in its place when the check-in was marked missed before its
  // prompt went out (a loaded machine): both open the same check-in.
  const prompt = await shown.m.person.waitForMessage('checkin');
  out.say('checkin.seen', { name: shown.m.person.user.name, lang: w.langOf(shown.m.person) });
  out.quote(w.read(prompt));
  // The first period, as the database has it: every member of every talking pair answered one.
  let waiting: string[] = [];
  await waitUntil(async () => {
    answerer.check();
    waiting = await notYetAnswered(w, talking);
    return waiting.length === 0;
  }, () => `the first check-ins of every talking pair to be answered (${waiting.length} people still without one)`, undefined, 100);
  const answered = await w.db.selectFrom('checkins').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'answered').executeTakeFirstOrThrow();
  out.progress('checkins.done', { answered: Number(answered.n) });
  // The pulse reached the members of the pairs active when it opened, once per person.
  const recipients = await waitUntil(async () => {
    const rows = await w.db.selectFrom('deliveries').select('person_id').where('kind', '=', 'pulse.prompt').execute();
    return rows.length > 0 ? new Set(rows.map((r) => r.person_id)) : undefined;
  }, 'the evaluation pulse to open', undefined, 100);
  const answering = everyone.filter(({ m }) => [...recipients].some((id) => people.get(id ?? '')?.m === m));
  if (answering.length < everyone.length) throw new Error(`the pulse reached ${answering.length} of the ${everyone.length} members of active pairs`);
  const viewer = answering.find(({ m }) => m.employee.french) ?? answering[0]!;
  out.say('pulse.seen', { name: viewer.m.person.user.name });
  out.quote(w.read(await viewer.m.person.waitForMessage('pulse:')));
  await pulseDone;
  if (late.length > 0) throw new Error(`the pulse closed before ${late.length} of ${answering.length} members could answer (${late.slice(0, 3).join(', ')}${late.length > 3 ? '…' : ''})`);
  const given = await w.db.selectFrom('pulse_answers').innerJoin('pulses', 'pulses.id', 'pulse_answers.pulse_id')
    .select((eb) => eb.fn.countAll<number>().as('n')).where('pulses.round_id', '=', w.facts.roundId!).executeTakeFirstOrThrow();
  if (Number(given.n) < answering.length) throw new Error(`${answering.length} members answered the pulse but the database holds ${Number(given.n)} answers`);
  out.progress('pulse.done', { answered: Number(given.n) });
  await circleCheckinSeen(w);
  out.say('risk.missed', { name: silentMentee.person.user.name });
  out.quote(w.read(await missed));
}
