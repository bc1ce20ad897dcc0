// Steps 6–7: mentees set a goal, then the short cadence brings check-in prompts and a pulse,
// answered from their cards. One pair stays silent: its check-ins go unanswered until the bot
// marks them missed, and its pulse says it is not going well.
import type { Json, SlackMessage } from './fake-slack.ts';
import { deliveryKey, NoModalError } from './slack-client.ts';
import { t } from '../src/ui/i18n/t.ts';
import { fillModal } from './steps-enrol.ts';
import { inParallel, waitUntil } from './wait.ts';
import type { Member, World } from './world.ts';

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
  await inParallel(mentees.map((m, i) => ({ m, i })), 6, async ({ m, i }) => {
    const title = await setGoal(w, m, i);
    if (i === 0) example = title;
  });
  out.progress('goals.done', { count: mentees.length, name: mentees[0]!.person.user.name, goal: example });
}

/** Check-in answers a person gives in the modal: met, useful, and progress on each goal shown. */
function checkinValues(modal: Json, seed: number): Record<string, unknown> {
  const values: Record<string, unknown> = { met: seed % 5 === 0 ? 'rescheduled' : 'yes', usefulness: String(3 + (seed % 3)) };
  for (const block of (modal.blocks ?? []) as Json[]) {
    if (String(block.block_id ?? '').startsWith('progress.')) values[String(block.block_id)] = String(10 + (seed % 4) * 10);
  }
  return values;
}

async function answerCard(w: World, m: Member, card: SlackMessage, button: 'checkin.prompt.answer' | 'pulse.prompt.answer', values: (modal: Json) => Record<string, unknown>): Promise<void> {
  const { modal } = await m.person.click(card, w.label(m.person, button), { modal: true });
  await fillModal(m.person, modal, values(modal!));
}

/** One person answering their check-in prompts (never the silent pair's), each once. */
class CheckinResponder {
  readonly #handled = new Set<string>();
  readonly #w: World;
  readonly m: Member;
  readonly #silentId: string;
  answered = 0;

  constructor(w: World, m: Member, silentId: string) {
    this.#w = w;
    this.m = m;
    this.#silentId = silentId;
  }

  readonly #answeredIds = new Set<string>();

  /** `checkin:<id>` is the prompt, `checkin.missed:<id>` the reminder once it is overdue: either card answers it. */
  static readonly PREFIX = 'checkin';

  async #answer(card: SlackMessage): Promise<void> {
    const key = deliveryKey(card);
    this.#handled.add(key);
    const id = key.split(':')[1] ?? '';
    if (this.#answeredIds.has(id)) return;
    const checkin = await this.#w.db.selectFrom('checkins').select(['match_id', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    if (checkin.match_id === this.#silentId || checkin.status === 'answered') return;
    this.#answeredIds.add(id);
    await answerCard(this.#w, this.m, card, 'checkin.prompt.answer', (modal) => checkinValues(modal, this.answered));
    this.answered += 1;
  }

  /**
   * Waits for and answers prompts until `count` are answered. On a loaded machine a prompt can
   * be overdue before its turn to be sent; the bot then sends the reminder instead.
   */
  async answerUntil(count: number, timeoutMs: number): Promise<void> {
    while (this.answered < count) await this.#answer(await this.m.person.waitForMessage(CheckinResponder.PREFIX, timeoutMs, this.#handled));
  }

  /** Answers the prompts that have arrived since (a later period), without waiting for more. */
  async catchUp(): Promise<void> {
    for (const card of this.m.person.inbox()) {
      const key = deliveryKey(card);
      if ((key.startsWith('checkin:') || key.startsWith('checkin.missed:')) && !this.#handled.has(key)) await this.#answer(card);
    }
  }
}

export async function checkinsAndPulse(w: World): Promise<void> {
  const { out, rhythm } = w;
  out.step('step.checkins');
  const active = await w.pairs(['active']);
  // The silent pair: the earliest active one, whose check-ins come first and go missed first.
  const silent = [...active].sort((a, b) => a.activatedAt!.getTime() - b.activatedAt!.getTime())[0]!;
  const silentMentee = await w.member(silent.menteeId), silentMentor = await w.member(silent.mentorId);
  w.facts.atRisk = { menteeId: silentMentee.person.id, mentorId: silentMentor.person.id };
  out.say('risk.setup', { mentee: silentMentee.person.user.name, mentor: silentMentor.person.user.name });
  out.progress('checkins.wait', { cadence: rhythm.checkinCadence });

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
  const wait = rhythm.checkinMs * 3;
  const shown = everyone.find(({ m, talking }) => talking > 0 && m.employee.french) ?? everyone.find(({ talking }) => talking > 0)!;
  const responders = everyone.map(({ m }) => new CheckinResponder(w, m, silent.id));
  const checkinsDone = Promise.all(everyone.map(({ talking }, i) => responders[i]!.answerUntil(talking, wait)));
  const missed = silentMentee.person.waitForMessage('checkin.missed:', wait * 2);
  // Awaited further down; a failure meanwhile must not go unhandled.
  for (const pending of [checkinsDone, missed]) pending.catch(() => undefined);
  const prompt = await shown.m.person.waitForMessage('checkin:', wait);
  out.say('checkin.seen', { name: shown.m.person.user.name, lang: w.langOf(shown.m.person) });
  out.quote(w.read(prompt));
  // The pulse opens while check-ins go on: members of the pairs active at that moment get it,
  // once per person, and answer at once; the silent pair's members say it is not going well.
  const recipients = await waitUntil(async () => {
    const rows = await w.db.selectFrom('deliveries').select('person_id').where('kind', '=', 'pulse.prompt').execute();
    return rows.length > 0 ? new Set(rows.map((r) => r.person_id)) : undefined;
  }, 'the evaluation pulse to open', wait * 2, 100);
  const answering = everyone.filter(({ m }) => [...recipients].some((id) => people.get(id ?? '')?.m === m));
  const unhappy = new Set([silentMentee, silentMentor]);
  let late = 0;
  const pulseDone = Promise.all(answering.map(async ({ m }, i) => {
    const card = await m.person.waitForMessage('pulse:', wait);
    await answerCard(w, m, card, 'pulse.prompt.answer', () => (unhappy.has(m)
      ? { satisfaction: '1', relationship: '2', progress: '1', recommend: '3' }
      : { satisfaction: String(4 + (i % 2)), relationship: String(3 + (i % 3)), progress: String(3 + (i % 2)), recommend: String(7 + (i % 4)) }))
      .catch((err: unknown) => {
        // On a slow machine the pulse may close before everyone got to it: the bot says so.
        if (err instanceof NoModalError && err.reply === t(m.employee.french ? 'fr' : 'en', 'pulse.closed')) late += 1;
        else throw err;
      });
  }));
  pulseDone.catch(() => undefined);
  await checkinsDone;
  out.progress('checkins.done', { answered: responders.reduce((sum, r) => sum + r.answered, 0) });
  // Prompts of later periods keep coming on the short cadence: people answer them too.
  w.catchUp = async () => { await inParallel(responders, 4, (r) => r.catchUp()); };
  const viewer = answering.find(({ m }) => m.employee.french) ?? answering[0]!;
  out.say('pulse.seen', { name: viewer.m.person.user.name });
  out.quote(w.read(await viewer.m.person.waitForMessage('pulse:', wait)));
  await pulseDone;
  await w.catchUp();
  out.progress('pulse.done', { answered: answering.length - late });
  out.say('risk.missed', { name: silentMentee.person.user.name });
  out.quote(w.read(await missed));
}
