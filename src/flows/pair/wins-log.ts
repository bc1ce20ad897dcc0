// The wins log (issue 17): a Markdown file a member keeps, in their language, with each of their
// pairs' goals and progress, the next steps and advice the pair shared, their own closing (wins,
// what they learnt, their word for the partner) and the word the partner shared with them.
// Never the partner's wins, what the partner learnt, nor anyone's private check-in note.
import type { Pair, Person } from '../../domain/model.ts';
import { allSharedNotes } from '../../db/repositories/checkin.repository.ts';
import { closingsOfPair } from '../../db/repositories/closing.repository.ts';
import type { Db } from '../../db/repositories/db.ts';
import { listGoals } from '../../db/repositories/goal.repository.ts';
import { listPairsOfPerson } from '../../db/repositories/pair.repository.ts';
import { getPeople } from '../../db/repositories/person.repository.ts';
import { getProgram } from '../../db/repositories/program.repository.ts';
import { formatCalendarDate, formatDate } from '../../ui/i18n/format.ts';
import type { FileContent } from '../../ui/model.ts';
import { partnerOf, readerOf, sideOf, type Reader } from '../pair-members.ts';

/** Pairs that lived (were activated), oldest first: a proposal never accepted has nothing to log. */
async function livedPairs(db: Db, personId: string): Promise<Pair[]> {
  const pairs = await listPairsOfPerson(db, personId);
  return pairs.filter((p) => p.activatedAt).sort((a, b) => a.activatedAt!.getTime() - b.activatedAt!.getTime());
}

/** One free text as Markdown lines: each line kept, so what the person wrote reads as they wrote it. */
const quote = (text: string): string[] => text.split(/\r?\n/u).map((line) => `> ${line}`);

async function pairSection(db: Db, r: Reader, pair: Pair, names: ReadonlyMap<string, string>): Promise<string[]> {
  const { t, locale, timeZone } = r;
  const me = r.person.id;
  const partner = names.get(partnerOf(pair, me)) ?? '';
  const program = await getProgram(db, pair.programId);
  const role = sideOf(pair, me) === 'mentee' ? t('wins.log.as_mentee', { name: partner }) : t('wins.log.as_mentor', { name: partner });
  const from = formatDate(locale, pair.activatedAt!, timeZone);
  const until = pair.endedAt ? formatDate(locale, pair.endedAt, timeZone) : t('wins.log.ongoing');
  const out = ['', `## ${program?.name ?? ''}: ${role}`, '', t('wins.log.period', { from, until })];

  const goals = await listGoals(db, pair.id);
  out.push('', `### ${t('wins.log.goals')}`, '');
  if (goals.length === 0) out.push(t('wins.log.no_goals'));
  for (const g of goals) {
    const status = g.status === 'done' ? t('wins.log.goal_done') : g.status === 'dropped' ? t('wins.log.goal_dropped') : t('wins.log.goal_open');
    out.push(`- ${t('wins.log.goal_line', { title: g.title, progress: g.progress, status, date: formatCalendarDate(locale, g.targetDate) })}`);
  }

  const notes = await allSharedNotes(db, pair.id);
  out.push('', `### ${t('wins.log.next_steps')}`, '');
  if (notes.length === 0) out.push(t('wins.log.no_next_steps'));
  for (const n of notes) {
    const params = { name: names.get(n.personId) ?? '', date: formatDate(locale, n.answeredAt, timeZone) };
    if (n.nextSteps) out.push(`- ${t('shared.line_next', { ...params, text: n.nextSteps.replace(/\s+/gu, ' ') })}`);
    if (n.adviceApplied) out.push(`- ${t('shared.line_advice', { ...params, text: n.adviceApplied.replace(/\s+/gu, ' ') })}`);
  }

  const closings = await closingsOfPair(db, pair.id);
  const mine = closings.find((c) => c.personId === me);
  const theirs = closings.find((c) => c.personId !== me);
  out.push('', `### ${t('wins.log.my_wins')}`, '');
  if (!mine?.answeredAt) out.push(mine ? t('wins.log.not_yet_until', { date: formatDate(locale, mine.closesAt, timeZone) }) : t('wins.log.not_yet'));
  else {
    out.push(...quote(mine.wins ?? t('wins.log.erased')));
    if (mine.learnt) out.push('', `### ${t('wins.log.learnt')}`, '', ...quote(mine.learnt));
    if (mine.partnerWord) out.push('', `### ${t('wins.log.word_for', { name: partner })}`, '', ...quote(mine.partnerWord));
  }
  // Written for me by the partner, and shared with me as such: it is mine to keep.
  if (theirs?.partnerWord) out.push('', `### ${t('wins.log.word_from', { name: partner })}`, '', ...quote(theirs.partnerWord));
  return out;
}

/** The person's wins log, or undefined when no pair of theirs ever started (nothing to log). */
export async function winsLogFile(db: Db, person: Person, now: Date): Promise<FileContent | undefined> {
  const pairs = await livedPairs(db, person.id);
  if (pairs.length === 0) return undefined;
  const r = readerOf(person);
  const people = await getPeople(db, [...new Set(pairs.flatMap((p) => [p.menteeId, p.mentorId]))]);
  const names = new Map(people.map((p) => [p.id, p.displayName]));
  const lines = [`# ${r.t('wins.log.title', { name: person.displayName })}`, '', r.t('wins.log.exported', { date: formatDate(r.locale, now, r.timeZone) }), '', r.t('wins.log.private')];
  for (const pair of pairs) lines.push(...(await pairSection(db, r, pair, names)));
  return {
    kind: 'file', filename: r.t('wins.log.filename', { date: now.toISOString().slice(0, 10) }), mimeType: 'text/markdown',
    content: `${lines.join('\n')}\n`, comment: r.t('wins.log.comment'),
  };
}
