// What an operator with database access sees: after Slack OAuth installs (the real Bolt flow
// against the fake Slack Web API) and with both signing keys created, a dump of the database holds
// no bot token and no signing key, in clear or in any usual encoding. The tokens still work.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { open, secretKeyring } from '../../src/secrets/secret-box.ts';
import { liveSigner, signingKeyContext } from '../../src/secrets/signing-keys.ts';
import { databaseKinds, postgresUrl } from '../support/databases.ts';
import { SlackPlatform } from '../support/slack-platform.ts';
import { slashCommandBody } from '../support/slack-requests.ts';

/** Every encoding a secret could be written in: the bytes themselves, text, base64, base64url, hex. */
function forms(secret: Buffer): Buffer[] {
  const texts = [secret.toString('base64'), secret.toString('base64url'), secret.toString('hex'), secret.toString('hex').toUpperCase()];
  return [secret, ...texts.map((t) => Buffer.from(t))];
}

describe.each(databaseKinds)('a database dump after OAuth installs on %s', (kind) => {
  let env: SlackPlatform;
  afterEach(async () => { await env?.dispose(); });

  async function install(teamId: string, token: string): Promise<void> {
    env.fake.oauthGrants.set(`code-${teamId}`, { teamId, teamName: `Team ${teamId}`, token, installer: 'U_ADMIN' });
    const start = await fetch(`${env.url}/slack/install`, { redirect: 'manual' });
    const state = new URL(start.headers.get('location') ?? '').searchParams.get('state') ?? '';
    const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const done = await fetch(`${env.url}/slack/oauth_redirect?code=code-${teamId}&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
    await done.text();
    expect(done.status).toBe(200);
  }

  /** Every row of every table, as text (what `COPY`/`pg_dump` would print). */
  async function rowsAsText(): Promise<string> {
    const db = env.database.db;
    const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
    const out: string[] = [];
    for (const { table_name } of tables.rows) {
      const rows = await sql<{ row: string }>`select row_to_json(t)::text as row from ${sql.table(table_name)} t`.execute(db);
      out.push(...rows.rows.map((r) => `${table_name}: ${r.row}`));
    }
    return out.join('\n');
  }

  /** The database's own dump: pg_dump of the test's schema, or the embedded database's data folder. */
  async function nativeDump(): Promise<Buffer> {
    if (kind === 'postgres') {
      return execFileSync('pg_dump', ['--dbname', postgresUrl!, `--schema=${env.database.schema!}`, '--no-owner'], { maxBuffer: 256 * 1024 * 1024 });
    }
    await sql`checkpoint`.execute(env.database.db);
    return Buffer.from(await (await env.database.embedded!.dumpDataDir('none')).arrayBuffer());
  }

  it('holds no bot token and no signing key, while both still work', async () => {
    env = await SlackPlatform.start(kind, { oauth: true });
    const tokens = [`xoxb-one-${randomBytes(12).toString('hex')}`, `xoxb-two-${randomBytes(12).toString('hex')}`];
    await install('T_ONE', tokens[0]!);
    await install('T_TWO', tokens[1]!);
    const signer = await liveSigner(env.database.db, 'action-ref-key');
    signer.stop();
    const keys = (await env.database.db.selectFrom('signing_keys').select(['id', 'purpose', 'value']).execute())
      .map((r) => open(secretKeyring(), r.value, signingKeyContext(r.id, r.purpose)));
    expect(keys).toHaveLength(1);

    // The installations are usable: each workspace is spoken to with its own token.
    env.fake.addUser({ id: 'U_ANN', name: 'Ann' });
    const body = slashCommandBody({ id: 'T_ONE', domain: 't_one' }, { id: 'U_ANN', name: 'Ann', teamId: 'T_ONE' }, 'help', env.fake.responseUrl('U_ANN'), 'trigger-1');
    expect((await env.post(body, 'application/x-www-form-urlencoded')).status).toBe(200);
    expect(env.fake.callsOf('users.info').map((c) => c.token)).toContain(tokens[0]);

    const text = Buffer.from(await rowsAsText());
    const dump = await nativeDump();
    // The dump really holds the installations (so a miss below means sealed, not absent).
    expect(text.toString()).toMatch(/"sealed": ?"mk1\./);
    expect(dump.includes(Buffer.from('mk1.'))).toBe(true);
    for (const secret of [...tokens.map((t) => Buffer.from(t)), ...keys]) {
      for (const form of forms(secret)) {
        expect(text.includes(form), `row text holds ${form.toString('hex').slice(0, 16)}…`).toBe(false);
        expect(dump.includes(form), `dump holds ${form.toString('hex').slice(0, 16)}…`).toBe(false);
      }
    }
    // Nor does any token prefix survive in clear.
    expect(text.includes('xoxb-')).toBe(false);
    expect(dump.includes(Buffer.from('xoxb-'))).toBe(false);
  });
});
