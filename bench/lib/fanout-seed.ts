// A program in full swing for load and failure runs: N active pairs whose first check-in is due
// now, in a Slack workspace. Written straight to the database in bulk (no flows needed), then
// the workers' start-up reconciliation queues every prompt, as after a deploy or a lost queue.
import pg from 'pg';
import { programSettingsSchema } from '../../src/domain/program-settings.ts';
import type { Db } from '../../src/db/repositories/db.ts';
import { json } from '../../src/db/repositories/db.ts';

export const FANOUT_TEAM = 'T_FAKE';

export interface FanoutSeed {
  workspaceId: string;
  /** The DM channel each member's prompt must reach exactly once ("D" + user id). */
  channels: string[];
  pairIds: string[];
}

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

export async function seedCheckinFanout(db: Db, pairs: number, now = new Date()): Promise<FanoutSeed> {
  const workspace = await db.insertInto('workspaces').values({ platform: 'slack', external_id: FANOUT_TEAM, name: 'Fan-out' })
    .returning('id').executeTakeFirstOrThrow();
  const settings = programSettingsSchema.parse({ topics: [{ key: 'leadership', label: { en: 'Leadership', fr: 'Leadership' } }], checkinCadence: 'P1M' });
  const program = await db.insertInto('programs').values({
    workspace_id: workspace.id, name: 'Fan-out program', settings: json(settings), checkin_cadence: settings.checkinCadence,
    session_minutes: settings.sessionMinutes, duration_days: settings.durationDays, default_capacity: settings.defaultCapacity,
    min_group_size: settings.minGroupSize, retention_days: settings.retentionDays, updated_at: now,
  }).returning('id').executeTakeFirstOrThrow();
  const round = await db.insertInto('rounds').values({
    workspace_id: workspace.id, program_id: program.id, name: 'Cohort', state: 'running', opened_at: now, published_at: now,
    ends_at: new Date(now.getTime() + 180 * 86_400_000), updated_at: now,
  }).returning('id').executeTakeFirstOrThrow();

  const channels: string[] = [];
  const pairIds: string[] = [];
  const zones = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'America/Los_Angeles', 'Europe/London'];
  for (const batch of chunks(Array.from({ length: pairs }, (_, i) => i), 500)) {
    const people = await db.insertInto('people').values(batch.flatMap((i) => ['E', 'R'].map((side) => ({
      workspace_id: workspace.id, platform_user_id: `U${side}${String(i).padStart(6, '0')}`, display_name: `${side === 'E' ? 'Mentee' : 'Mentor'} ${i}`,
      locale: i % 3 === 0 ? 'fr-FR' : 'en-US', timezone: zones[i % zones.length]!, updated_at: now,
    })))).returning(['id', 'platform_user_id']).execute();
    const byUser = new Map(people.map((p) => [p.platform_user_id, p.id]));
    const matches = await db.insertInto('matches').values(batch.map((i) => ({
      workspace_id: workspace.id, program_id: program.id, round_id: round.id,
      mentee_id: byUser.get(`UE${String(i).padStart(6, '0')}`)!, mentor_id: byUser.get(`UR${String(i).padStart(6, '0')}`)!,
      state: 'active' as const, score: 80, reasons: json([]), proposed_at: now, accepted_at: now,
      // A month in and already met: only the check-ins are due, no first-meeting nudge.
      activated_at: new Date(now.getTime() - 30 * 86_400_000), first_meeting_at: new Date(now.getTime() - 25 * 86_400_000), updated_at: now,
    }))).returning(['id', 'mentee_id', 'mentor_id']).execute();
    await db.insertInto('checkins').values(matches.flatMap((m) => [m.mentee_id, m.mentor_id].map((personId) => ({
      match_id: m.id, person_id: personId, period: 1, due_at: new Date(now.getTime() - 60_000),
    })))).execute();
    pairIds.push(...matches.map((m) => m.id));
    channels.push(...people.map((p) => `D${p.platform_user_id}`));
  }
  return { workspaceId: workspace.id, channels, pairIds };
}

/** A fresh database on the PostgreSQL server for one run; dropped by the returned function. */
export async function createScratchDatabase(serverUrl: string, label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `mentor_${label}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** Duplicates and losses over the channels that each had to receive exactly one prompt. */
export function countOutcome(perChannel: ReadonlyMap<string, number>, channels: readonly string[]): { delivered: number; duplicates: number; lost: number } {
  let delivered = 0; let duplicates = 0; let lost = 0;
  for (const channel of channels) {
    const n = perChannel.get(channel) ?? 0;
    if (n === 0) lost += 1;
    else { delivered += 1; duplicates += n - 1; }
  }
  return { delivered, duplicates, lost };
}
