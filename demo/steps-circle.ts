// Step 4: before the survey closes, the lead sets up a mentoring circle on the topic most mentees
// asked for, led by a mentor who offers it, and lets the matcher fill its seats from the survey
// answers. The circle starts: a private Slack channel (conversations.create, its members invited)
// and its introduction posted there. The mentees seated are not matched one to one afterwards.
import { TOPICS } from './people.ts';
import { deliveryKey } from './slack-client.ts';
import { waitUntil } from './wait.ts';
import type { Member, World } from './world.ts';

/** Four seats, three in a small cohort: the one-to-one matching keeps enough mentees. */
const seatsFor = (mentees: number): number => (mentees >= 12 ? 4 : 3);

/** The topic most mentees chose, and a mentor offering it who reads English (French too, at best) on European hours. */
function pickCircle(w: World): { topic: string; mentor: Member } {
  const count = new Map<string, number>();
  for (const m of w.members.filter((x) => x.employee.role === 'mentee')) {
    for (const topic of m.employee.answers.topics as string[]) count.set(topic, (count.get(topic) ?? 0) + 1);
  }
  const offers = (m: Member, topic: string) => [m.employee.answers.expertise3, m.employee.answers.expertise2].some((list) => (list as string[]).includes(topic));
  const speaks = (m: Member) => m.employee.answers.languages as string[];
  const fit = (m: Member) => (speaks(m).includes('en') ? 2 : 0) + (speaks(m).includes('fr') ? 1 : 0) + (m.person.user.tz.startsWith('Europe/') ? 2 : 0);
  const mentors = w.members.filter((x) => x.employee.role === 'mentor');
  for (const [topic] of [...count].sort((a, b) => b[1] - a[1])) {
    const mentor = mentors.filter((m) => offers(m, topic)).sort((a, b) => fit(b) - fit(a))[0];
    if (mentor) return { topic, mentor };
  }
  throw new Error('no mentor offers any topic the mentees asked for');
}

export async function openCircle(w: World): Promise<void> {
  const { out, lead, db } = w;
  out.step('step.circle');
  const { topic, mentor } = pickCircle(w);
  const seats = seatsFor(w.members.filter((m) => m.employee.role === 'mentee').length);
  const label = TOPICS.find((x) => x.key === topic)![out.lang];
  out.say('circle.typed', { lead: lead.user.name, topic: label, mentor: mentor.person.user.name, seats });
  const created = await lead.command(`admin circle ${topic} <@${mentor.person.id}|${mentor.person.user.name}> ${seats}`);
  out.quote(w.read(created.replies[0]!));
  out.say('circle.fill', { lead: lead.user.name });
  const filled = await lead.command('admin circles fill');
  out.quote(w.read(filled.replies[0]!));
  const circle = await db.selectFrom('circles').selectAll().where('round_id', '=', w.facts.roundId!).executeTakeFirst();
  if (!circle) throw new Error('the circle was not saved');
  const seated = await db.selectFrom('circle_members').innerJoin('people', 'people.id', 'circle_members.person_id')
    .select('people.platform_user_id').where('circle_id', '=', circle.id).execute();
  if (circle.state !== 'active' || seated.length < 3) throw new Error(`the circle holds ${seated.length} mentees and is ${circle.state}, not started`);
  // Its private channel, as the database records it and as Slack holds it, with everyone in it.
  const row = await waitUntil(async () => {
    const r = await db.selectFrom('circles').select(['space_id', 'space_name']).where('id', '=', circle.id).executeTakeFirst();
    return r?.space_id ? r : undefined;
  }, () => `the circle’s channel to be recorded (Slack calls: ${w.fake.calls.filter((c) => c.method.startsWith('conversations.')).map((c) => `${c.method} ${JSON.stringify(c.args).slice(0, 80)}`).join('; ')})`, 30_000);
  const channel = w.fake.privateChannels.get(row.space_id!);
  if (!channel) throw new Error(`the bot recorded the circle’s channel ${row.space_id} but Slack holds no such private channel`);
  const people = [mentor.person.id, ...seated.map((s) => s.platform_user_id)];
  const missing = people.filter((id) => !channel.members.has(id));
  if (missing.length > 0) throw new Error(`${missing.map((id) => w.name(id)).join(', ')} not invited to the circle’s channel #${channel.name}`);
  const intro = await waitUntil(() => w.fake.channels.get(row.space_id!)?.find((m) => deliveryKey(m) === `circle.intro:${circle.id}`), 'the circle’s introduction in its channel');
  w.facts.circle = { id: circle.id, channel: row.space_id!, members: seated.map((s) => s.platform_user_id) };
  out.say('circle.channel', { name: channel.name, count: channel.members.size - 1, purpose: channel.purpose, members: seated.map((s) => w.name(s.platform_user_id)).join(', ') });
  out.quote(w.read(intro), { maxLines: 16 });
}

/** The circle's first check-in, posted in its channel one period after it started (step 9 comes later). */
export async function circleCheckinSeen(w: World): Promise<void> {
  const circle = w.facts.circle!;
  const card = await waitUntil(() => w.fake.channels.get(circle.channel)?.find((m) => deliveryKey(m).startsWith(`circle.checkin:${circle.id}:`)),
    'the circle’s first check-in in its channel');
  w.out.say('circle.checkin', { name: w.fake.privateChannels.get(circle.channel)!.name });
  w.out.quote(w.read(card));
}
