// Step 6b: a pair finds a time. The mentee types /mentor time; each member gets three times in
// their own zone; the mentee picks one, the mentor confirms it from the bot's request, and both
// receive the .ics invitation as a file. Pairs whose working days never meet are told so, and
// the next pair tries.
import { deliveryKey } from './slack-client.ts';
import { waitUntil } from './wait.ts';
import type { World } from './world.ts';

const SLOT = /\d{2}:\d{2}–\d{2}:\d{2}$/;

export async function findATime(w: World): Promise<void> {
  const { out } = w;
  out.step('step.time');
  for (const pair of (await w.pairs(['active'])).slice(0, 4)) {
    const mentee = await w.member(pair.menteeId);
    const mentor = await w.member(pair.mentorId);
    await mentee.person.command(mentee.employee.french ? 'creneau' : 'time');
    const answer = await waitUntil(() => mentee.person.inbox().find((m) => /^pair\.time_(offer|none):/.test(deliveryKey(m))), 'three times, or none', 30_000);
    const offered = { offer: deliveryKey(answer).startsWith('pair.time_offer:') ? answer : undefined };
    if (!offered.offer) continue;
    out.say('time.offer', { mentee: mentee.person.user.name, zone: mentee.person.user.tz ?? 'UTC' });
    out.quote(w.read(offered.offer));
    await mentee.person.click(offered.offer, SLOT);
    const request = await mentor.person.waitForMessage('pair.time_picked:', 30_000);
    out.say('time.picked', { mentee: mentee.person.user.name, mentor: mentor.person.user.name, zone: mentor.person.user.tz ?? 'UTC' });
    out.quote(w.read(request));
    await mentor.person.click(request, SLOT);
    const uploads = () => w.fake.calls.filter((c) => c.method === 'files.completeUploadExternal').length;
    const before = uploads();
    await waitUntil(() => uploads() >= before + 2, 'the .ics invitations of both members', 30_000);
    const file = [...w.fake.calls].reverse().find((c) => c.method === 'files.completeUploadExternal');
    out.progress('time.booked', { mentee: mentee.person.user.name, mentor: mentor.person.user.name, comment: String(file?.args.initial_comment ?? '').split('\n').slice(0, 2).join(' — ') });
    return;
  }
  out.progress('time.none');
}
