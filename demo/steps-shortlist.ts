// Step 4: the program lets mentees choose. The lead closes the survey; each mentee gets a
// shortlist of their best mentors by DM and ranks them in a modal; two stay silent (they are
// matched from their survey all the same). The rankings are checked in the database.
import type { Json } from './fake-slack.ts';
import { MIN_GROUP_SIZE } from './steps-enrol.ts';
import { inParallel, waitUntil } from './wait.ts';
import type { Member, World } from './world.ts';

/** How many mentees never answer their shortlist: two, as long as the program's minimum group size still ranks. */
const silentCount = (mentees: number): number => Math.max(0, Math.min(2, mentees - MIN_GROUP_SIZE));

/** The mentors the ranking modal offers (the options of its first select), by value. */
function offered(modal: Json): string[] {
  const first = ((modal.blocks ?? []) as Json[]).find((b) => b.type === 'input' && String(b.block_id).includes('#'));
  const options = ((first?.element as Json | undefined)?.options ?? []) as Json[];
  return options.map((o) => String(o.value));
}

/** Opens the shortlist card's modal and submits `order(offered)`; returns the ranking given. */
async function rank(w: World, m: Member, order: (ids: string[]) => string[]): Promise<string[]> {
  const card = await m.person.waitForMessage('shortlist.offer:');
  const { modal } = await m.person.click(card, w.label(m.person, 'shortlist.card.rank'), { modal: true });
  if (!modal) throw new Error(`${m.person.user.name}: “Rank them” opened no form`);
  const ranking = order(offered(modal));
  if (ranking.length === 0) throw new Error(`${m.person.user.name}: the ranking form offers no mentor`);
  await m.person.submit(modal, { ranking });
  return ranking;
}

export async function rankShortlists(w: World): Promise<void> {
  const { out, lead, db } = w;
  out.step('step.shortlist');
  out.say('round.close', { lead: lead.user.name });
  const closed = await lead.command('admin round close', { replies: 1 });
  out.quote(closed.replies.map((m) => w.read(m)).join('\n'), { maxLines: 12 });
  const lists = await waitUntil(async () => {
    const rows = await db.selectFrom('shortlists').select(['mentee_id', 'mentor_ids']).where('round_id', '=', w.facts.roundId!).execute();
    return rows.length > 0 ? rows : undefined;
  }, 'the shortlists to be drawn up');
  // Everyone who got a shortlist in the database sees its card in Slack.
  const mentees = await Promise.all(lists.map((l) => w.member(l.mentee_id)));
  await inParallel(mentees, w.rhythm.lanes, async (m) => { await m.person.waitForMessage('shortlist.offer:'); });
  const english = mentees.find((m) => !m.employee.french) ?? mentees[0]!;
  out.say('shortlist.seen', { name: english.person.user.name, count: mentees.length });
  out.quote(w.read(await english.person.waitForMessage('shortlist.offer:')), { maxLines: 24 });
  // The showcased mentee puts the second mentor offered first: their own choice, not the score's.
  const chosen = await rank(w, english, (ids) => (ids.length > 1 ? [ids[1]!, ids[0]!, ...ids.slice(2)] : ids));
  const firstChoice = await db.selectFrom('people').select('platform_user_id').where('id', '=', chosen[0]!).executeTakeFirstOrThrow();
  w.facts.choice = { menteeId: english.person.id, firstChoiceId: firstChoice.platform_user_id, ranked: 0 };
  out.say('shortlist.ranked', { name: english.person.user.name, mentor: w.name(firstChoice.platform_user_id) });
  const others = mentees.filter((m) => m !== english);
  const silent = others.slice(others.length - silentCount(mentees.length));
  await inParallel(others.slice(0, others.length - silent.length), w.rhythm.lanes, async (m) => { await rank(w, m, (ids) => ids); });
  const ranked = await db.selectFrom('shortlists').select(['mentee_id', 'ranking']).where('round_id', '=', w.facts.roundId!).where('ranking', 'is not', null).execute();
  const expected = mentees.length - silent.length;
  const englishId = lists[mentees.indexOf(english)]!.mentee_id;
  const stored = ranked.find((r) => r.mentee_id === englishId && (r.ranking as string[] | null)?.[0] === chosen[0]);
  if (ranked.length !== expected) throw new Error(`${expected} mentees ranked their shortlist but the database holds ${ranked.length} rankings`);
  if (!stored) throw new Error(`${english.person.user.name} ranked ${w.name(firstChoice.platform_user_id)} first but the database does not say so`);
  out.progress(silent.length > 0 ? 'shortlist.done' : 'shortlist.all', { ranked: ranked.length, count: mentees.length, silent: silent.map((m) => m.person.user.name).join(', ') });
  w.facts.choice.ranked = ranked.length;
}
