// What every step of the demo shares: the running app and its database, the fake Slack, the
// cast (a lead and the employees, each with a simulated Slack client) and the narrator.
import type { App } from '../src/app.ts';
import type { Db } from '../src/db/repositories/db.ts';
import { listPairs } from '../src/db/repositories/pair.repository.ts';
import type { Pair } from '../src/domain/model.ts';
import { t } from '../src/ui/i18n/t.ts';
import type { MessageKey } from '../src/ui/i18n/t.ts';
import { blocksText } from './blocks.ts';
import type { FakeSlack, SlackMessage } from './fake-slack.ts';
import type { Narrator } from './narrator.ts';
import type { Employee } from './people.ts';
import type { SlackPerson } from './slack-client.ts';
import { waitUntil } from './wait.ts';

export interface Member { readonly person: SlackPerson; readonly employee: Employee }

/**
 * The program's rhythm: seconds-long, so a whole program fits in the run; and how many people act
 * at once (a loaded machine gets fewer, so that the bot acknowledges each request within Slack's 3 s).
 */
export interface DemoRhythm { readonly checkinCadence: string; readonly pulseEvery: string; readonly checkinMs: number; readonly lanes: number }

export interface DemoFacts {
  programId?: string;
  roundId?: string;
  /** Platform user ids: the mentor who declined, the mentee who was rematched, the silent pair. */
  declined?: { mentorId: string; menteeId: string };
  atRisk?: { mentorId: string; menteeId: string };
  /** The silent pair's id in the database. */
  silentPairId?: string;
  /** The pair that found a time and confirmed its agreement, and the check-in whose preparation was shown. */
  meetingPairId?: string;
  preparedCheckinId?: string;
  /** Platform user ids: the showcased mentee, the mentor they ranked first, the mentor proposed. */
  choice?: { menteeId: string; firstChoiceId: string; ranked: number; got?: string };
  /** The circle: its id in the database, its Slack channel, its mentees' platform user ids. */
  circle?: { id: string; channel: string; members: string[] };
  reportText?: string;
  reportAt?: Date;
}

export interface WorldParts {
  readonly app: App; readonly fake: FakeSlack; readonly out: Narrator; readonly lead: SlackPerson;
  readonly members: readonly Member[]; readonly rhythm: DemoRhythm;
}

export class World {
  readonly facts: DemoFacts = {};
  readonly app: App;
  readonly fake: FakeSlack;
  readonly out: Narrator;
  readonly lead: SlackPerson;
  readonly members: readonly Member[];
  readonly rhythm: DemoRhythm;
  /** Stops answering check-in prompts (set once check-ins run; the report step calls it). */
  stopAnswering: () => Promise<void> = async () => {};
  readonly #byPlatformId = new Map<string, Member>();
  readonly #platformIdOf = new Map<string, string>();

  constructor(parts: WorldParts) {
    ({ app: this.app, fake: this.fake, out: this.out, lead: this.lead, members: this.members, rhythm: this.rhythm } = parts);
    for (const m of this.members) this.#byPlatformId.set(m.person.id, m);
  }

  get db(): Db { return this.app.database.db; }

  name(platformUserId: string): string { return this.fake.users.get(platformUserId)?.name ?? platformUserId; }

  /** A message as the person sees it, as text. */
  read(message: SlackMessage): string { return blocksText(message.blocks, (id) => this.name(id)) || message.text; }

  /** A button label in the reader's language, as the catalogs give it, as an exact match. */
  label(person: SlackPerson, key: MessageKey): RegExp {
    const text = (t as (locale: 'en' | 'fr', key: MessageKey) => string)(person.user.locale.startsWith('fr') ? 'fr' : 'en', key);
    return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  }

  langOf(person: SlackPerson): string { return this.out.text(person.user.locale.startsWith('fr') ? 'lang_fr' : 'lang_en'); }

  /** The cast member with this Slack user id, if any (the lead is not one). */
  byPlatformId(platformUserId: string): Member | undefined { return this.#byPlatformId.get(platformUserId); }

  /** The cast member behind a person id of the database. */
  async member(personId: string): Promise<Member> {
    let platformId = this.#platformIdOf.get(personId);
    if (!platformId) {
      const row = await this.db.selectFrom('people').select('platform_user_id').where('id', '=', personId).executeTakeFirst();
      platformId = row?.platform_user_id ?? '';
      this.#platformIdOf.set(personId, platformId);
    }
    const member = this.#byPlatformId.get(platformId);
    if (!member) throw new Error(`demo: person ${personId} is not in the cast`);
    return member;
  }

  async pairs(states?: readonly Pair['state'][]): Promise<Pair[]> {
    return listPairs(this.db, this.facts.roundId!, states);
  }

  /** Polls the database until the pairs satisfy `check` (jobs and clicks land asynchronously). */
  waitForPairs(check: (pairs: Pair[]) => boolean, what: string, timeoutMs?: number): Promise<Pair[]> {
    return waitUntil(async () => { const pairs = await this.pairs(); return check(pairs) ? pairs : undefined; }, what, timeoutMs, 100);
  }
}
