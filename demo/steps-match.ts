// Steps 4–5: the lead closes the survey, previews the matching and publishes it; proposals reach
// both members by DM; most accept, one mentor declines (the mentee is rematched at once) and the
// new pair accepts too; each active pair is introduced in a group DM.
import type { Pair } from '../src/domain/model.ts';
import { fillModal } from './steps-enrol.ts';
import { deliveryKey } from './slack-client.ts';
import { inParallel, waitUntil } from './wait.ts';
import type { World } from './world.ts';

export async function closeMatchPublish(w: World): Promise<void> {
  const { out, lead } = w;
  out.step('step.matching');
  out.say('round.close', { lead: lead.user.name });
  // Its two answers (closed, and what comes next) arrive packed in one message: a response_url takes five posts.
  const closed = await lead.command('admin round close', { replies: 1 });
  out.quote(closed.replies.map((m) => w.read(m)).join('\n'), { maxLines: 12 });
  out.say('match.typed', { lead: lead.user.name });
  const preview = await lead.command('admin match');
  out.quote(w.read(preview.replies[0]!), { maxLines: out.lang === 'fr' ? 30 : 40 });
  out.say('publish.typed', { lead: lead.user.name });
  const published = await lead.command('admin publish');
  out.quote(w.read(published.replies[0]!));
  await w.waitForPairs((pairs) => pairs.some((p) => p.state === 'proposed'), 'the published proposals');
}

const live = (p: Pair) => p.state === 'proposed' || p.state === 'accepted' || p.state === 'active';

async function acceptBoth(w: World, pair: Pair): Promise<void> {
  for (const personId of [pair.menteeId, pair.mentorId]) {
    const { person } = await w.member(personId);
    const card = await person.waitForMessage(`proposal:${pair.id}:`);
    await person.click(card, w.label(person, 'proposal.card.accept'));
  }
}

/** A mentor declines one proposal (reason given in the modal, kept private); the mentee gets a new one. */
async function declineOne(w: World, pair: Pair): Promise<Pair> {
  const { out } = w;
  const mentor = await w.member(pair.mentorId), mentee = await w.member(pair.menteeId);
  const card = await mentor.person.waitForMessage(`proposal:${pair.id}:`);
  const { modal } = await mentor.person.click(card, w.label(mentor.person, 'proposal.card.decline'), { modal: true });
  await fillModal(mentor.person, modal, { reason: 'Too much on my plate this quarter.' });
  w.facts.declined = { mentorId: mentor.person.id, menteeId: mentee.person.id };
  out.say('proposal.declined', { mentor: mentor.person.user.name, mentee: mentee.person.user.name });
  out.quote(w.read(await mentee.person.waitForMessage(`proposal.partner_declined:${pair.id}`)));
  const [rematch] = (await w.waitForPairs((pairs) => pairs.some((p) => p.menteeId === pair.menteeId && p.source === 'rematch'), `a new mentor for ${mentee.person.user.name}`))
    .filter((p) => p.menteeId === pair.menteeId && p.source === 'rematch');
  const newMentor = await w.member(rematch!.mentorId);
  out.say('proposal.rematch', { mentee: mentee.person.user.name, mentor: newMentor.person.user.name });
  out.quote(w.read(await mentee.person.waitForMessage(`proposal:${rematch!.id}:`)), { maxLines: 14 });
  return rematch!;
}

/**
 * The proposal whose mentee is easiest to place again: the most mentors with a free place who
 * share a language and a continent with them (working hours must overlap to be matched).
 */
async function easiestToRematch(w: World, proposed: readonly Pair[]): Promise<Pair> {
  const load = new Map<string, number>();
  for (const p of proposed) load.set(p.mentorId, (load.get(p.mentorId) ?? 0) + 1);
  const mentors = await Promise.all([...new Set(w.members.filter((m) => m.employee.role === 'mentor'))].map(async (m) => {
    const row = await w.db.selectFrom('people').select('id').where('platform_user_id', '=', m.person.id).executeTakeFirst();
    return { m, free: Number(m.employee.answers.capacity) - (row ? load.get(row.id) ?? 0 : 0) };
  }));
  const continent = (m: { person: { user: { tz: string } } }) => m.person.user.tz.split('/')[0];
  const languages = (m: { employee: { answers: Readonly<Record<string, unknown>> } }) => m.employee.answers.languages as string[];
  let best = proposed[0]!, bestCount = -1;
  for (const pair of proposed) {
    const mentee = await w.member(pair.menteeId);
    const count = mentors.filter(({ m, free }) => free > 0 && continent(m) === continent(mentee)
      && languages(m).some((l) => languages(mentee).includes(l))).length;
    if (count > bestCount) { best = pair; bestCount = count; }
  }
  return best;
}

export async function answerProposals(w: World): Promise<void> {
  const { out } = w;
  out.step('step.proposals');
  const started = Date.now();
  const proposed = await w.pairs(['proposed']);
  const french = await (async () => {
    for (const p of proposed) if ((await w.member(p.menteeId)).employee.french) return p;
    return undefined;
  })();
  for (const pair of new Set([proposed[0]!, french].filter((p): p is Pair => p !== undefined))) {
    const { person } = await w.member(pair.menteeId);
    out.say('proposal.seen', { name: person.user.name, lang: w.langOf(person) });
    out.quote(w.read(await person.waitForMessage(`proposal:${pair.id}:`)), { maxLines: 14 });
  }
  const declined = await easiestToRematch(w, proposed);
  const rematch = await declineOne(w, declined);
  await inParallel([...proposed.filter((p) => p.id !== declined.id), rematch], w.rhythm.lanes, (pair) => acceptBoth(w, pair));
  const pairs = await w.waitForPairs((all) => all.filter(live).every((p) => p.state === 'active'), 'every accepted pair to become active');
  const waiting = await w.db.selectFrom('waitlist').select('person_id').where('program_id', '=', w.facts.programId!).where('role', '=', 'mentee').execute();
  out.progress('proposals.done', { accepted: pairs.filter((p) => p.state === 'active').length, waiting: waiting.length, seconds: ((Date.now() - started) / 1000).toFixed(1) });
  // Each active pair was introduced in its group DM: sent, as the database says, and seen in Slack.
  const active = pairs.filter((p) => p.state === 'active');
  await waitUntil(async () => {
    const rows = await w.db.selectFrom('deliveries').select('status').where('kind', '=', 'pair.intro').where('status', '=', 'sent').execute();
    return rows.length >= active.length;
  }, `the introductions of the ${active.length} active pairs to be sent`, undefined, 100);
  const introduced = new Set([...w.fake.channels.entries()].filter(([channel]) => channel.startsWith('G-'))
    .flatMap(([, messages]) => messages.map(deliveryKey)));
  const missing = active.filter((p) => !introduced.has(`pair.intro:${p.id}`));
  if (missing.length > 0) throw new Error(`the bot recorded the introductions as sent, but ${missing.length} of the ${active.length} active pairs never got theirs in a group DM`);
  const intro = pairs.find((p) => p.state === 'active' && p.id !== rematch.id)!;
  const mentee = await w.member(intro.menteeId), mentor = await w.member(intro.mentorId);
  out.say('intro.seen', { mentee: mentee.person.user.name, mentor: mentor.person.user.name });
  out.quote(w.read(await mentee.person.waitForMessage(`pair.intro:${intro.id}`)));
}
