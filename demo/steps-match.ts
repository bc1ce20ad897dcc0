// Steps 5–6: the lead ends the shortlist ranking, previews the matching and publishes it; proposals reach
// both members by DM; most accept, one mentor declines (the mentee is rematched at once) and the
// new pair accepts too; each active pair is introduced in a group DM.
import type { Pair } from '../src/domain/model.ts';
import { t } from '../src/ui/i18n/t.ts';
import { fillModal, MIN_GROUP_SIZE } from './steps-enrol.ts';
import { deliveryKey } from './slack-client.ts';
import { inParallel, waitUntil } from './wait.ts';
import type { World } from './world.ts';

/**
 * The lead previews the matching: the ranking is still open (its deadline is a day away), so
 * `admin match` offers to end it; the preview then counts the shortlist choices.
 */
export async function previewPublish(w: World): Promise<void> {
  const { out, lead } = w;
  out.step('step.matching');
  out.say('match.typed', { lead: lead.user.name });
  const asked = await lead.command('admin match');
  out.quote(w.read(asked.replies[0]!));
  out.say('ranking.end', { lead: lead.user.name });
  const preview = await lead.click(asked.replies[0]!, w.label(lead, 'shortlist.action.close'));
  const previewText = w.read(preview.replies.at(-1)!);
  out.quote(previewText, { maxLines: out.lang === 'fr' ? 32 : 42 });
  // The choice statistics as Slack shows them (the lead reads English): counts once the
  // program's minimum group size ranked, below that a line saying they are withheld.
  const shown = w.facts.choice!.ranked >= MIN_GROUP_SIZE;
  const expected = shown ? /first choice \d+, second \d+, third \d+/ : t('en', 'match.preview.choices_hidden', { count: MIN_GROUP_SIZE });
  if (!previewText.includes(t('en', 'match.preview.choices')) || !(typeof expected === 'string' ? previewText.includes(expected) : expected.test(previewText))) {
    throw new Error(`the preview shows no shortlist choice line (${shown ? 'counts' : 'withheld'}): ${previewText.slice(0, 400)}`);
  }
  if (!shown) out.say('choices.withheld', { ranked: w.facts.choice!.ranked, min: MIN_GROUP_SIZE });
  out.say('publish.typed', { lead: lead.user.name });
  const published = await lead.command('admin publish');
  out.quote(w.read(published.replies[0]!));
  const pairs = await w.waitForPairs((all) => all.some((p) => p.state === 'proposed'), 'the published proposals');
  // The showcased mentee's proposal: their first choice, or what the matching gave them instead.
  const choice = w.facts.choice!;
  const own = await Promise.all(pairs.filter((p) => p.state === 'proposed').map(async (p) => ({ p, mentee: await w.member(p.menteeId) })));
  const mine = own.find((x) => x.mentee.person.id === choice.menteeId);
  if (!mine) throw new Error(`${w.name(choice.menteeId)} ranked a shortlist but got no proposal`);
  const mentor = await w.member(mine.p.mentorId);
  choice.got = mentor.person.id;
  out.say(mentor.person.id === choice.firstChoiceId ? 'choice.honoured' : 'choice.other', { name: w.name(choice.menteeId), mentor: mentor.person.user.name, wanted: w.name(choice.firstChoiceId) });
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
