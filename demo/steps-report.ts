// Step 8: the silent pair shows up as at risk, and the lead reads the program report. The
// report is asked for when no check-in prompt is about to fire, so its numbers are a stable
// picture of the database (the CI test compares them).
import { waitUntil } from './wait.ts';
import type { World } from './world.ts';

/** Resolves once no check-in is due within the next `marginMs` (a due one has been prompted). */
async function quietMoment(w: World, marginMs: number): Promise<void> {
  await waitUntil(async () => {
    const soon = await w.db.selectFrom('checkins').select('id')
      .where('status', '=', 'scheduled').where('due_at', '<', new Date(Date.now() + marginMs)).executeTakeFirst();
    return soon === undefined;
  }, 'a moment without check-in prompts due', w.rhythm.checkinMs * 2);
}

const QUIET_MS = 2_500;

export async function showReport(w: World): Promise<void> {
  const { out, lead } = w;
  out.step('step.report');
  // Pulse figures are shown once the pulse is closed (privacy): its window ends when the next opens.
  const pulse = await w.db.selectFrom('pulses').select('closes_at').where('round_id', '=', w.facts.roundId!)
    .where('kind', '=', 'periodic').orderBy('opens_at').executeTakeFirstOrThrow();
  out.progress('pulse.closing');
  await waitUntil(() => Date.now() >= pulse.closes_at.getTime(), 'the pulse to close', 60_000, 100);

  // The at-risk scan runs every morning; the demo queues that same job now rather than wait a day.
  const { menteeId, mentorId } = w.facts.atRisk!;
  const silent = await w.db.selectFrom('matches').innerJoin('people', 'people.id', 'matches.mentee_id')
    .select(['matches.id']).where('people.platform_user_id', '=', menteeId).where('matches.state', '=', 'active').executeTakeFirstOrThrow();
  await w.app.jobs.scheduler.schedule({ name: 'risk.scan', key: `risk.scan:demo:${w.facts.programId}`, payload: { programId: w.facts.programId! } });
  const rules = await waitUntil(async () => {
    const alerts = await w.db.selectFrom('risk_alerts').select('rule').where('match_id', '=', silent.id).execute();
    return alerts.length > 0 ? alerts.map((a) => a.rule) : undefined;
  }, 'the at-risk scan to flag the silent pair', 30_000, 100);
  const missed = await w.db.selectFrom('checkins').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('match_id', '=', silent.id).where('status', '=', 'missed').executeTakeFirstOrThrow();
  out.progress('risk.flagged', { mentee: w.name(menteeId), mentor: w.name(mentorId), missed: Number(missed.n), rules: rules.join(', ') });
  const open = await w.db.selectFrom('risk_alerts').innerJoin('matches', 'matches.id', 'risk_alerts.match_id').select('risk_alerts.id')
    .where('matches.program_id', '=', w.facts.programId!).where('risk_alerts.handled_at', 'is', null).execute();

  out.say('report.typed', { lead: lead.user.name });
  // Asked at a quiet moment, and again should a prompt have fired while it was being made.
  // Prompts that came since are answered once; on a slow machine answering every new period
  // before each attempt would never catch up with a 10-second cadence.
  await w.catchUp();
  for (let attempt = 1; ; attempt += 1) {
    await quietMoment(w, QUIET_MS);
    const quietFrom = new Date();
    // The report card, then one card per open at-risk alert (the first 20).
    const { replies } = await lead.command('admin report', { replies: 1 + Math.min(20, open.length) });
    const to = new Date();
    const fired = await w.db.selectFrom('checkins').select('id').where('prompted_at', '>=', quietFrom).where('prompted_at', '<=', to).executeTakeFirst();
    if (fired && attempt < 5) continue;
    w.facts.reportAt = to;
    w.facts.reportText = replies.map((m) => w.read(m)).join('\n');
    out.quote(w.facts.reportText, { always: true });
    return;
  }
}
