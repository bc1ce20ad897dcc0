// Posts that went out but were not recorded as the delivered message: a sender frozen between
// its last lease check and its post (a paused process, a long GC) still posts once it wakes,
// after another sender took its lease over and posted. Its recording update is refused (its
// lease token is stale), so it records its post here instead, and whichever of the two senders
// comes second removes it from the platform (see src/flows/delivery-strays.ts).
// - deliveries.stray_posts: raised by the stale sender in the same transaction as its stray row,
//   on the delivery's own row, so that it and the sender recording the delivery are serialised
//   by the row lock: the recording update returns it, and the stale sender's update returns the
//   status and message the other recorded. One of the two always sees the other.
// - delivery_strays: one row per such post; removed_at once it is gone from the platform, error
//   when the platform would not remove it.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('deliveries').addColumn('stray_posts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createTable('delivery_strays')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('delivery_id', 'uuid', (c) => c.notNull().references('deliveries.id').onDelete('cascade'))
    .addColumn('platform_channel_id', 'text', (c) => c.notNull())
    .addColumn('platform_message_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('removed_at', 'timestamptz')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addUniqueConstraint('delivery_strays_message_uq', ['delivery_id', 'platform_channel_id', 'platform_message_id'])
    .execute();
  // The sweep reads only the strays still to remove.
  await db.schema.createIndex('delivery_strays_open_idx').on('delivery_strays').column('delivery_id').where(sql.ref('removed_at'), 'is', null).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('delivery_strays').ifExists().execute();
  await db.schema.alterTable('deliveries').dropColumn('stray_posts').execute();
}
