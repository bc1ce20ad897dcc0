// A circle's Teams group chat, made through Microsoft Graph (docs/teams.md, "Circle group chats").
// Graph's chat creation is not idempotent, so the attempt is written down before the request:
// `unclear` stays true while an attempt may have made a chat whose id never came back, and the
// next attempt looks for that chat (by the marker in its topic) before making another. `chat_id`
// is written as soon as Graph gives it; `installed_at` once the bot's app is in the chat.
// `service_url`: the Bot Connector endpoint the bot posts to the chat through.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('teams_circle_chats')
    .addColumn('workspace_id', 'uuid', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('chat_id', 'text')
    .addColumn('unclear', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('service_url', 'text')
    .addColumn('installed_at', 'timestamptz')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('teams_circle_chats_pk', ['workspace_id', 'name'])
    .execute();
  await db.schema.createIndex('teams_circle_chats_chat_ix').on('teams_circle_chats').column('chat_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('teams_circle_chats').ifExists().execute();
}
