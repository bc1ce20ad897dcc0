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
  const { menteeId, mentorId } = w.facts.atRisk!;
  const silent = await w.db.selectFrom('matches').innerJoin('people', 'people.id', 'matches.mentee_id')
    .select(['matches.id']).where('people.platform_user_id', '=', menteeId).where('matches.state', '=', 'active').executeTakeFirstOrThrow();
  const missed = await w.db.selectFrom('checkins').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('match_id', '=', silent.id).where('status', '=', 'missed').executeTakeFirstOrThrow();
  // Risk alerts come from the product's at-risk scan once it runs; until then the missed
  // check-ins in the database are what makes the pair visible.
  const alerts = await w.db.selectFrom('risk_alerts').select('rule').where('match_id', '=', silent.id).execute();
  out.progress('risk.flagged', { mentee: w.name(menteeId), mentor: w.name(mentorId), missed: Number(missed.n) });
  out.say(alerts.length > 0 ? 'risk.source_product' : 'risk.source_demo');

  out.say('report.typed', { lead: lead.user.name });
  // Asked at a quiet moment, and again should a prompt have fired while it was being made.
  for (let attempt = 1; ; attempt += 1) {
    await quietMoment(w, QUIET_MS);
    const quietFrom = new Date();
    await w.catchUp();
    const { replies } = await lead.command('admin report');
    const to = new Date();
    const fired = await w.db.selectFrom('checkins').select('id').where('prompted_at', '>=', quietFrom).where('prompted_at', '<=', to).executeTakeFirst();
    if (fired && attempt < 5) continue;
    w.facts.reportAt = to;
    w.facts.reportText = w.read(replies[0]!);
    out.quote(w.facts.reportText, { always: true });
    return;
  }
}
