// Outbound rates per platform and workspace, shared by every worker process through the
// database's token buckets (Slack limits an app per workspace; Teams per tenant).
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import { penaliseRateBucket, takeRateToken } from '../src/db/repositories/rate-bucket.repository.ts';
import { getWorkspace } from '../src/db/repositories/workspace.repository.ts';
import type { Platform } from '../src/domain/model.ts';
import type { DeliveryLimiter } from './workers.ts';

export function createDeliveryLimiter(db: Kysely<Database>, rates: Readonly<Record<Platform, number>>): DeliveryLimiter {
  const platforms = new Map<string, Platform>();
  const keyOf = async (workspaceId: string) => {
    let platform = platforms.get(workspaceId);
    if (!platform) {
      platform = (await getWorkspace(db, workspaceId))?.platform ?? 'memory';
      platforms.set(workspaceId, platform);
    }
    return { key: `deliver:${platform}:${workspaceId}`, rate: rates[platform] };
  };
  return {
    async admit(workspaceId) {
      const { key, rate } = await keyOf(workspaceId);
      // A burst of one second's worth keeps the average at the rate without stalling small sends.
      return takeRateToken(db, key, rate, Math.max(1, Math.floor(rate)));
    },
    async penalise(workspaceId, ms) {
      const { key, rate } = await keyOf(workspaceId);
      await penaliseRateBucket(db, key, rate, ms);
    },
  };
}
