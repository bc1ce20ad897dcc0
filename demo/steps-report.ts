// Step 8: the silent pair shows up as at risk (its missed check-ins to the lead, its low pulse
// ratings to its members alone, one of whom involves the lead), and the lead reads the program
// report, then opens the report page its card links to.
import { sql } from 'kysely';
import { findLink } from './blocks.ts';
import type { RiskRule } from '../src/domain/model.ts';
import { t } from '../src/ui/i18n/t.ts';
import type { DemoLang } from './narration.ts';
import { patience, waitUntil } from './wait.ts';
import type { World } from './world.ts';

/** The rules as the lead reads them, never their codes. */
const RULE_TEXT: Readonly<Record<RiskRule, (lang: DemoLang) => string>> = {
  no_first_meeting: (lang) => t(lang, 'risk.rule.no_first_meeting'), missed_checkins: (lang) => t(lang, 'risk.rule.missed_checkins'),
  low_pulse: (lang) => t(lang, 'risk.rule.low_pulse'), rating_gap: (lang) => t(lang, 'risk.rule.rating_gap'), long_pause: (lang) => t(lang, 'risk.rule.long_pause'),
};

const CHARTS = [
  { id: 'funnel', name: 'chart.funnel' }, { id: 'pulse-trends', name: 'chart.pulse' },
  { id: 'checkin-response', name: 'chart.checkins' }, { id: 'at-risk', name: 'chart.risk' },
] as const;

/** Talking pairs (all but the silent one) whose member's last two check-ins are both missed: what the scan flags. */
async function talkingPairsBehind(w: World, silentId: string): Promise<string[]> {
  const rows = await w.db.selectFrom('checkins').select(['match_id', 'person_id', 'status']).where('match_id', '!=', silentId)
    .where('status', 'in', ['answered', 'missed']).orderBy('due_at', 'desc').execute();
  const last = new Map<string, string[]>();
  for (const r of rows) {
    const key = `${r.match_id}:${r.person_id}`;
    last.set(key, [...(last.get(key) ?? []), r.status]);
  }
  return [...last].filter(([, statuses]) => statuses[0] === 'missed' && statuses[1] === 'missed').map(([key]) => key.split(':')[0]!);
}

export async function showReport(w: World): Promise<void> {
  const { out, lead } = w;
  out.step('step.report');
  // Pulse figures are shown once the pulse is closed (privacy): its window ends when the next opens.
  const pulse = await w.db.selectFrom('pulses').select('closes_at').where('round_id', '=', w.facts.roundId!)
    .where('kind', '=', 'periodic').orderBy('opens_at').executeTakeFirstOrThrow();
  out.progress('pulse.closing');
  await waitUntil(() => Date.now() >= pulse.closes_at.getTime(), 'the pulse to close', pulse.closes_at.getTime() - Date.now() + patience.ms, 100);

  // The at-risk scan runs every morning; the demo queues that same job now rather than wait a day,
  // once a member of the silent pair has missed two check-ins in a row (what the rule looks for).
  const { menteeId, mentorId } = w.facts.atRisk!;
  const silent = await w.db.selectFrom('matches').innerJoin('people', 'people.id', 'matches.mentee_id')
    .select(['matches.id']).where('people.platform_user_id', '=', menteeId).where('matches.state', '=', 'active').executeTakeFirstOrThrow();
  const missedBy = () => w.db.selectFrom('checkins').select(['person_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('match_id', '=', silent.id).where('status', '=', 'missed').groupBy('person_id').execute();
  await waitUntil(async () => (await missedBy()).some((r) => Number(r.n) >= 2), 'the silent pair to miss two check-ins', undefined, 100);
  // The scan reads the check-ins as they are: the others' late answers must have landed first,
  // or a pair that answers everything would be flagged for the time a loaded machine took.
  let behind: string[] = [];
  await waitUntil(async () => { behind = await talkingPairsBehind(w, silent.id); return behind.length === 0; },
    () => `the talking pairs to answer their late check-ins (${behind.length} with two missed in a row)`, undefined, 100);
  await w.app.jobs.scheduler.schedule({ name: 'risk.scan', key: `risk.scan:demo:${w.facts.programId}`, payload: { programId: w.facts.programId! } });
  // Missed check-ins go to the lead; the low pulse ratings only to the members who gave them.
  const rules = await waitUntil(async () => {
    const alerts = await w.db.selectFrom('risk_alerts').select('rule').where('match_id', '=', silent.id).where('shared_at', 'is not', null).execute();
    return alerts.length > 0 ? alerts.map((a) => a.rule) : undefined;
  }, 'the at-risk scan to flag the silent pair', undefined, 100);
  const others = await w.db.selectFrom('risk_alerts').select(['match_id', 'rule']).where('match_id', '!=', silent.id).execute();
  if (others.length > 0) {
    throw new Error(`the at-risk scan flagged ${new Set(others.map((a) => a.match_id)).size} pairs besides the silent one (${[...new Set(others.map((a) => a.rule))].join(', ')}), though they answered their check-ins`);
  }
  const missed = (await missedBy()).reduce((sum, r) => sum + Number(r.n), 0);
  const ruleWords = [...new Set(rules)].map((rule) => RULE_TEXT[rule](out.lang)).join(' ');
  out.progress('risk.flagged', { mentee: w.name(menteeId), mentor: w.name(mentorId), missed, rules: ruleWords });
  // Each member of the silent pair who rated it low gets an offer; the first one involves the lead.
  const offered = await waitUntil(async () => (await w.db.selectFrom('risk_alerts').select('person_id')
    .where('match_id', '=', silent.id).where('person_id', 'is not', null).orderBy('detected_at').executeTakeFirst())?.person_id ?? undefined,
  'a private offer of help to a member of the silent pair', undefined, 100);
  const member = (await w.member(offered)).person;
  const offer = await member.waitForMessage('risk.offer:');
  out.say('risk.offer', { name: member.user.name });
  out.quote(w.read(offer));
  await member.click(offer, w.label(member, 'risk.offer.lead'));
  const told = await lead.waitForMessage('risk.shared:');
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
  // The page has four chart sections; each is drawn, or says why not (check-ins count per month over).
  const drawn = CHARTS.filter(({ id }) => new RegExp(`<section id="${id}">((?!</section>).)*<svg`, 's').test(html));
  const undrawn = CHARTS.filter((c) => !drawn.includes(c)).map((c) => c.id);
  if (undrawn.some((id) => id !== 'checkin-response')) throw new Error(`the report page draws no chart for ${undrawn.join(', ')}`);
  out.progress('report.page', {
    lead: lead.user.name, kb: Math.round(Buffer.byteLength(html) / 1024), drawn: drawn.map((c) => out.text(c.name)).join(', '),
    waiting: undrawn.length > 0 ? out.text('report.charts_waiting') : '',
  });

  // Prompts made before the report was asked for reach Slack before the app stops.
  await waitUntil(async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from deliveries d join checkins c on d.idempotency_key = 'checkin:' || c.id::text
      where c.prompted_at <= ${w.facts.reportAt} and d.status in ('pending', 'sending')`.execute(w.db);
    return rows[0]?.n === 0;
  }, 'the check-in prompts made before the report to be sent', undefined, 100);
}
