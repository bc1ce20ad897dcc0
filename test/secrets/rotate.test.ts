// `npm run secrets:rotate` and the start-up sealing of values older versions left in clear.
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.ts';
import { startApp } from '../../src/app.ts';
import { parseRotateArgs, rotateSecrets } from '../../src/cli/secrets-rotate.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest, withCatalogRetries } from '../../src/db/migrate.ts';
import { findInstallation, saveInstallation } from '../../src/db/repositories/installation.repository.ts';
import { upsertWorkspace } from '../../src/db/repositories/workspace.repository.ts';
import { createActionRefSigner } from '../../src/domain/action-ref.ts';
import { resolveSecretKeyring, secretKeyFilePath } from '../../src/secrets/key-setup.ts';
import { sealClearValues } from '../../src/secrets/reseal.ts';
import { installSecretKeyring, sealedKeyId, secretKeyFrom, secretKeyring, type SecretKeyring } from '../../src/secrets/secret-box.ts';
import { loadSigner } from '../../src/secrets/signing-keys.ts';
import { createLogger } from '../../src/log.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { childEnv } from '../support/child-env.ts';

const keyA = secretKeyFrom(randomBytes(32));
const keyB = secretKeyFrom(randomBytes(32));
const person = randomUUID();
const NOW = new Date('2027-05-03T10:00:00Z');
const inDays = (days: number) => new Date(NOW.getTime() + days * 86_400_000);

describe.each(databaseKinds)('secrets:rotate on %s', (kind) => {
  let database: TestDatabase;
  let setupRing: SecretKeyring;
  beforeEach(async () => { setupRing = secretKeyring(); database = await createTestDatabase(kind); });
  afterEach(async () => { installSecretKeyring(setupRing); await database?.dispose(); });
  const db = () => database.db;
  const storedValues = async () => [
    ...(await db().selectFrom('signing_keys').select('value').execute()).map((r) => r.value),
    ...(await db().selectFrom('installations').select('data').execute()).map((r) => String(r.data.sealed)),
  ];

  async function installedUnderA() {
    installSecretKeyring({ current: keyA, previous: [] });
    const ws = await upsertWorkspace(db(), { platform: 'slack', externalId: 'T_ONE', name: 'One' });
    const data = { team: { id: 'T_ONE' }, bot: { token: 'xoxb-one-secret', userId: 'B1' } };
    await saveInstallation(db(), { workspaceId: ws.id, enterpriseId: null, botUserId: 'B1', installerPlatformUserId: 'U1', data });
    const ref = (await loadSigner(db(), 'action-ref-key', NOW)).sign({ kind: 'proposal.accept', subjects: [], personId: person, expiresAt: inDays(30) });
    return { ws, data, ref };
  }

  it('re-seals every value under the new key: with the old key removed, tokens open and live buttons still verify', async () => {
    const { ws, data, ref } = await installedUnderA();
    const ring = { current: keyB, previous: [keyA] };
    installSecretKeyring(ring);
    const summary = await rotateSecrets(db(), ring, 'all', NOW);
    expect(summary.resealed).toEqual({ installations: 1, signingKeys: 1 });
    expect(summary.rotated.map((r) => r.purpose)).toEqual(['action-ref-key']);
    expect(summary.underOtherKeys).toBe(0);
    expect((await storedValues()).map(sealedKeyId)).toEqual(Array(3).fill(keyB.id));

    installSecretKeyring({ current: keyB, previous: [] });
    expect((await findInstallation(db(), ws.id))?.data).toEqual(data);
    expect((await loadSigner(db(), 'action-ref-key', inDays(29))).verify(ref, person, inDays(29)).ok).toBe(true);
    // The old key alone opens nothing any more.
    installSecretKeyring({ current: keyA, previous: [] });
    await expect(findInstallation(db(), ws.id)).rejects.toThrow(expect.objectContaining({ code: 'secret_box.unknown_key' }));
  });

  it('--only signing-keys leaves sealing alone and says a previous key is still needed; --only reseal rotates nothing', async () => {
    await installedUnderA();
    const ring = { current: keyB, previous: [keyA] };
    installSecretKeyring(ring);
    const keysOnly = await rotateSecrets(db(), ring, 'signing-keys', NOW);
    expect(keysOnly.resealed).toBeUndefined();
    expect(keysOnly.underOtherKeys).toBe(2);
    const resealOnly = await rotateSecrets(db(), ring, 'reseal', NOW);
    expect(resealOnly).toMatchObject({ resealed: { installations: 1, signingKeys: 1 }, rotated: [], underOtherKeys: 0 });
    expect(await db().selectFrom('signing_keys').select('id').execute()).toHaveLength(2);
  });

  it('fails without changing anything when a value was sealed under a key it is not given', async () => {
    await installedUnderA();
    const before = await storedValues();
    const ring = { current: keyB, previous: [] };
    installSecretKeyring(ring);
    await expect(rotateSecrets(db(), ring, 'all', NOW)).rejects.toThrow(/neither MENTOR_SECRET_KEY nor in MENTOR_SECRET_KEY_PREVIOUS/);
    expect(await storedValues()).toEqual(before);
  });

  it('seals at start what an older version left in clear (keys carried over by the migration, installation data)', async () => {
    const old = await createTestDatabase(kind, { migrate: false });
    try {
      const earlier = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '2026-12-06T16-00'));
      const migrator = new Migrator({ db: old.db, provider: { getMigrations: async () => earlier }, ...(old.schema ? { migrationTableSchema: old.schema } : {}) });
      expect((await withCatalogRetries(() => migrator.migrateToLatest())).error).toBeUndefined();
      const legacyKey = randomBytes(32);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const legacy = old.db as any;
      await legacy.insertInto('app_secrets').values({ name: 'action-ref-key', value: legacyKey.toString('base64') }).execute();
      const ws = await upsertWorkspace(old.db, { platform: 'slack', externalId: 'T_OLD' });
      const data = { bot: { token: 'xoxb-old-secret' } };
      await legacy.insertInto('installations').values({ workspace_id: ws.id, data: JSON.stringify(data), updated_at: new Date() }).execute();
      const sentBeforeUpgrade = createActionRefSigner({ current: legacyKey }).sign({ kind: 'proposal.accept', subjects: [], personId: person, expiresAt: inDays(10) });

      await migrateToLatest(old.db, old.schema);
      const ring = { current: keyA, previous: [] };
      installSecretKeyring(ring);
      expect(await sealClearValues(old.db, ring)).toEqual({ installations: 1, signingKeys: 1 });
      expect(await sealClearValues(old.db, ring)).toEqual({ installations: 0, signingKeys: 0 });
      const stored = [
        ...(await old.db.selectFrom('signing_keys').select('value').execute()).map((r) => r.value),
        ...(await old.db.selectFrom('installations').select('data').execute()).map((r) => JSON.stringify(r.data)),
      ].join('\n');
      expect(stored).not.toContain('xoxb-old-secret');
      expect(stored).not.toContain(legacyKey.toString('base64'));
      expect((await findInstallation(old.db, ws.id))?.data).toEqual(data);
      expect((await loadSigner(old.db, 'action-ref-key', NOW)).verify(sentBeforeUpgrade, person, NOW).ok).toBe(true);
      // Values under another key are for secrets:rotate, not for start-up (other processes may still use that key).
      expect(await sealClearValues(old.db, { current: keyB, previous: [keyA] })).toEqual({ installations: 0, signingKeys: 0 });
    } finally {
      await old.dispose();
    }
  });
});

describe('secrets:rotate arguments and the generated key of the embedded default', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'mentor-keys-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });
  const quiet = { warn: () => {} } as never;

  it('validates its arguments', () => {
    expect(parseRotateArgs([])).toEqual({ scope: 'all' });
    expect(parseRotateArgs(['--only', 'reseal'])).toEqual({ scope: 'reseal' });
    expect(parseRotateArgs(['--only', 'signing-keys'])).toEqual({ scope: 'signing-keys' });
    expect(parseRotateArgs(['--only', 'tokens'])).toEqual({ error: '--only must be "reseal" or "signing-keys", not "tokens"' });
    expect(parseRotateArgs(['--force'])).toMatchObject({ error: expect.stringContaining('--force') });
    expect(parseRotateArgs(['extra'])).toMatchObject({ error: expect.stringContaining('extra') });
  });

  it('generates a key once, next to DATA_DIR (not inside it), readable by its owner only, and refuses a key file others can read', async () => {
    const dataDir = join(dir, 'data');
    const warnings: unknown[] = [];
    const logger = { warn: (...args: unknown[]) => warnings.push(args) } as never;
    const first = await resolveSecretKeyring({ secretKeys: undefined, dataDir, databaseUrl: undefined }, logger);
    const file = secretKeyFilePath(dataDir);
    expect(file).toBe(join(dir, 'data.secret-key'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(warnings).toHaveLength(1);
    const second = await resolveSecretKeyring({ secretKeys: undefined, dataDir, databaseUrl: undefined }, logger);
    expect(second.current.id).toBe(first.current.id);
    expect(warnings).toHaveLength(1);
    chmodSync(file, 0o644);
    await expect(resolveSecretKeyring({ secretKeys: undefined, dataDir, databaseUrl: undefined }, quiet)).rejects.toThrow(/readable by other users \(mode 644\); run chmod 600/);
    // MENTOR_SECRET_KEY wins over the file.
    const given = keyB.bytes.toString('hex');
    expect((await resolveSecretKeyring({ secretKeys: { current: given, previous: [] }, dataDir, databaseUrl: undefined }, quiet)).current.id).toBe(keyB.id);
  });

  const cli = (script: string, args: string[], env: Record<string, string>) => {
    const r = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', env: childEnv({ LOG_LEVEL: 'silent', ...env }), timeout: 60_000 });
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  };

  it('runs end to end on the embedded database, with clear exit codes', () => {
    const dataDir = join(dir, 'data');
    expect(cli('src/cli/secrets-rotate.ts', ['--only', 'x'], { DATA_DIR: dataDir })).toMatchObject({ status: 2, out: expect.stringContaining('usage: npm run secrets:rotate') });
    expect(cli('src/cli/secrets-rotate.ts', [], { DATABASE_URL: 'postgres://u@127.0.0.1:1/x' })).toMatchObject({ status: 78, out: expect.stringContaining('MENTOR_SECRET_KEY: required with DATABASE_URL') });
    const run = cli('src/cli/secrets-rotate.ts', [], { DATA_DIR: dataDir });
    expect(run.out).toContain('action-ref-key: a new key signs from');
    expect(run.out).toContain('every secret is sealed under MENTOR_SECRET_KEY');
    expect(run.status).toBe(0);
    const generated = readFileSync(secretKeyFilePath(dataDir), 'utf8').trim();
    // The generated key becomes MENTOR_SECRET_KEY_PREVIOUS when an operator sets a key of their own.
    const moved = cli('src/cli/secrets-rotate.ts', ['--only', 'reseal'], { DATA_DIR: dataDir, MENTOR_SECRET_KEY: keyB.bytes.toString('base64'), MENTOR_SECRET_KEY_PREVIOUS: generated });
    expect(moved.out).toContain('re-sealed under MENTOR_SECRET_KEY: 0 installation(s), 1 signing key(s)');
    expect(moved.status).toBe(0);
    const wrong = cli('src/cli/secrets-rotate.ts', [], { DATA_DIR: dataDir, MENTOR_SECRET_KEY: keyA.bytes.toString('base64') });
    expect(wrong.status).toBe(1);
    expect(wrong.out).toMatch(/secrets:rotate failed, nothing was changed by the failing step: .*neither MENTOR_SECRET_KEY nor in MENTOR_SECRET_KEY_PREVIOUS/);
  }, 120_000);

  it('the first start after an upgrade seals what the older version left in clear, before serving', async () => {
    const dataDir = join(dir, 'data');
    const old = await openDatabase({ dataDir });
    const earlier = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '2026-12-06T16-00'));
    expect((await new Migrator({ db: old.db, provider: { getMigrations: async () => earlier } }).migrateToLatest()).error).toBeUndefined();
    const legacyKey = randomBytes(32);
    await sql`insert into app_secrets (name, value) values ('action-ref-key', ${legacyKey.toString('base64')})`.execute(old.db);
    await old.close();

    const installed = secretKeyring();
    const app = await startApp({ ...loadConfig({ DATA_DIR: dataDir, MENTOR_SECRET_KEY: keyA.bytes.toString('base64') }), port: 0 }, createLogger('silent'));
    try {
      const rows = await app.database.db.selectFrom('signing_keys').select(['purpose', 'value']).execute();
      expect(rows.map((r) => [r.purpose, sealedKeyId(r.value)])).toEqual([['action-ref-key', keyA.id]]);
      const sentBeforeUpgrade = createActionRefSigner({ current: legacyKey }).sign({ kind: 'proposal.accept', subjects: [], personId: person, expiresAt: inDays(10) });
      expect((await loadSigner(app.database.db, 'action-ref-key', NOW)).verify(sentBeforeUpgrade, person, NOW).ok).toBe(true);
    } finally {
      await app.stop();
      installSecretKeyring(installed);
    }
    // Restarted with another key and without the old one as previous: it stops, naming the key it needs.
    await expect(startApp({ ...loadConfig({ DATA_DIR: dataDir, MENTOR_SECRET_KEY: keyB.bytes.toString('base64') }), port: 0 }, createLogger('silent')))
      .rejects.toThrow(`sealed with a secret key (id ${keyA.id}) that is neither MENTOR_SECRET_KEY nor in MENTOR_SECRET_KEY_PREVIOUS`);
    installSecretKeyring(installed);
  }, 90_000);

  it('npm start refuses Slack OAuth without MENTOR_SECRET_KEY, naming the variable', () => {
    const r = cli('src/main.ts', [], { DATA_DIR: join(dir, 'data'), SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 's', SLACK_STATE_SECRET: 'state-secret-0123456789', SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789abcdef' });
    expect(r.status).toBe(78);
    expect(r.out).toContain('MENTOR_SECRET_KEY: required with Slack OAuth (SLACK_CLIENT_ID)');
  });
});
