// Step 8: the silent pair shows up as at risk (its missed check-ins to the lead, its low pulse
// ratings to its members alone, one of whom involves the lead), and the lead reads the program
// report, then opens the report page its card links to.
import { sql } from 'kysely';
import { findLink } from './blocks.ts';
import { waitUntil } from './wait.ts';
import type { World } from './world.ts';

export async function showReport(w: World): Promise<void> {
  const { out, lead } = w;
  out.step('step.report');
  // Pulse figures are shown once the pulse is closed (privacy): its window ends when the next opens.
  const pulse = await w.db.selectFrom('pulses').select('closes_at').where('round_id', '=', w.facts.roundId!)
    .where('kind', '=', 'periodic').orderBy('opens_at').executeTakeFirstOrThrow();
  out.progress('pulse.closing');
  await waitUntil(() => Date.now() >= pulse.closes_at.getTime(), 'the pulse to close', 60_000, 100);

  // The at-risk scan runs every morning; the demo queues that same job now rather than wait a day,
  // once a member of the silent pair has missed two check-ins in a row (what the rule looks for).
  const { menteeId, mentorId } = w.facts.atRisk!;
  const silent = await w.db.selectFrom('matches').innerJoin('people', 'people.id', 'matches.mentee_id')
    .select(['matches.id']).where('people.platform_user_id', '=', menteeId).where('matches.state', '=', 'active').executeTakeFirstOrThrow();
  const missedBy = () => w.db.selectFrom('checkins').select(['person_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('match_id', '=', silent.id).where('status', '=', 'missed').groupBy('person_id').execute();
  await waitUntil(async () => (await missedBy()).some((r) => Number(r.n) >= 2), 'the silent pair to miss two check-ins', w.rhythm.checkinMs * 4, 100);
  await w.app.jobs.scheduler.schedule({ name: 'risk.scan', key: `risk.scan:demo:${w.facts.programId}`, payload: { programId: w.facts.programId! } });
  // Missed check-ins go to the lead; the low pulse ratings only to the members who gave them.
  const rules = await waitUntil(async () => {
    const alerts = await w.db.selectFrom('risk_alerts').select('rule').where('match_id', '=', silent.id).where('shared_at', 'is not', null).execute();
    return alerts.length > 0 ? alerts.map((a) => a.rule) : undefined;
  }, 'the at-risk scan to flag the silent pair', 30_000, 100);
  const missed = (await missedBy()).reduce((sum, r) => sum + Number(r.n), 0);
  out.progress('risk.flagged', { mentee: w.name(menteeId), mentor: w.name(mentorId), missed, rules: rules.join(', ') });
  // Each member of the silent pair who rated it low gets an offer; the first one involves the lead.
  const offered = await waitUntil(async () => (await w.db.selectFrom('risk_alerts').select('person_id')
    .where('match_id', '=', silent.id).where('person_id', 'is not', null).orderBy('detected_at').executeTakeFirst())?.person_id ?? undefined,
  'a private offer of help to a member of the silent pair', 30_000, 100);
  const member = (await w.member(offered)).person;
  const offer = await member.waitForMessage('risk.offer:', 30_000);
  out.say('risk.offer', { name: member.user.name });
  out.quote(w.read(offer));
  await member.click(offer, w.label(member, 'risk.offer.lead'));
  const told = await lead.waitForMessage('risk.shared:', 30_000);
  out.say('risk.consent', { name: member.user.name });
  out.quote(w.read(told));
  await w.stopAnswering();

  out.say('report.typed', { lead: lead.user.name });
  // The report card, then one card per open at-risk alert (the first 20), packed into as few posts as fit.
  const { replies } = await lead.command('admin report', { replies: 1, settleMs: 1_000 });
  w.facts.reportAt = new Date();
  w.facts.reportText = replies.map((m) => w.read(m)).join('\n');
  out.quote(w.facts.reportText, { always: true });

  // The card's link carries a one-time code: the first load trades it for a session cookie and
  // moves on to the token-free address, which the lead's browser then loads with that cookie.
  const url = findLink(replies[0]!.blocks);
  if (!url) throw new Error('the report card has no link to the report page');
  const first = await fetch(url);
  const cookie = first.headers.get('set-cookie')?.split(';')[0];
  const next = /http-equiv="refresh" content="0;url=([^"]+)"/.exec(await first.text())?.[1];
  if (first.status !== 200 || !cookie || !next) throw new Error(`the report link answered ${first.status} without a session`);
  const page = await fetch(new URL(next.replaceAll('&amp;', '&'), url), { headers: { cookie } });
  const html = await page.text();
  if (page.status !== 200) throw new Error(`the report page answered ${page.status}`);
  // The same link again, as if forwarded: spent.
  const forwarded = await fetch(url);
  if (forwarded.status !== 403) throw new Error(`a second load of the report link answered ${forwarded.status}, not 403`);
  out.progress('report.page', { lead: lead.user.name, charts: html.split('<svg').length - 1, kb: Math.round(Buffer.byteLength(html) / 1024) });

  // Prompts made before the report was asked for reach Slack before the app stops.
  await waitUntil(async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from deliveries d join checkins c on d.idempotency_key = 'checkin:' || c.id::text
      where c.prompted_at <= ${w.facts.reportAt} and d.status in ('pending', 'sending')`.execute(w.db);
    return rows[0]?.n === 0;
  }, 'the check-in prompts made before the report to be sent', w.rhythm.checkinMs * 2, 100);
}
