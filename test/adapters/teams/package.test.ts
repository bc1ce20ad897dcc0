import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import type AjvDraft04 from 'ajv-draft-04';
import type AjvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { buildAppPackage } from '../../../adapters/teams/package/app-package.ts';
import { MANIFEST_VERSION } from '../../../adapters/teams/package/manifest.ts';

const require = createRequire(import.meta.url);
// CommonJS modules whose default export TypeScript's nodenext typing does not see.
const Ajv04 = require('ajv-draft-04') as typeof AjvDraft04.default;
const addFormats = require('ajv-formats') as typeof AjvFormats.default;
const ROOT = join(import.meta.dirname, '../../..');
const BOT_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

/** The official Teams manifest schema, as shipped in Microsoft's @microsoft/app-manifest package. */
function teamsSchemaValidator() {
  const schemaPath = join(require.resolve('@microsoft/app-manifest/package.json'), '..', 'build', 'json-schemas', 'teams', `v${MANIFEST_VERSION}`, 'MicrosoftTeams.schema.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
  const ajv = new Ajv04({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** Reads a zip's central directory and inflates every entry. */
function unzip(buffer: Buffer): Map<string, Buffer> {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i += 1) {
    expect(buffer.readUInt32LE(at)).toBe(0x02014b50);
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extra = buffer.readUInt16LE(at + 30) + buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataAt = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    files.set(name, inflateRawSync(buffer.subarray(dataAt, dataAt + size)));
    at += 46 + nameLength + extra;
  }
  return files;
}

const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe('Teams app package', () => {
  const input = {
    botId: BOT_ID, version: '1.2.0', validDomains: ['mentor.acme.com'],
    developer: { name: 'Acme IT', websiteUrl: 'https://mentor.acme.com/', privacyUrl: 'https://mentor.acme.com/privacy', termsOfUseUrl: 'https://mentor.acme.com/terms' },
  };

  it('builds a manifest that validates against the Teams manifest schema', async () => {
    const { manifest } = await buildAppPackage(input);
    const validate = teamsSchemaValidator();
    expect(validate(manifest), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(manifest).toMatchObject({ id: BOT_ID, bots: [{ botId: BOT_ID, scopes: ['personal'] }] });
    const commands = (manifest.bots as { commandLists: { commands: { title: string }[] }[] }[])[0]!.commandLists[0]!.commands.map((c) => c.title);
    expect(commands).toEqual(['help', 'find', 'offer', 'status', 'goals', 'checkin', 'pause', 'end', 'privacy', 'lang']);
  });

  it('the schema check can fail: a manifest with a broken bot id is refused', async () => {
    const { manifest } = await buildAppPackage({ ...input, botId: 'not-a-guid' });
    expect(teamsSchemaValidator()(manifest)).toBe(false);
  });

  it('zips manifest.json and the two icons at the sizes Teams requires', async () => {
    const { zip, manifest } = await buildAppPackage(input);
    const files = unzip(zip);
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(JSON.parse(files.get('manifest.json')!.toString('utf8'))).toEqual(manifest);
    expect(pngSize(files.get('color.png')!)).toEqual({ width: 192, height: 192 });
    expect(pngSize(files.get('outline.png')!)).toEqual({ width: 32, height: 32 });
  });

  it('npm run teams:package writes the zip for the configured bot, and refuses without an app id', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'teams-package-')), 'app.zip');
    const node = process.execPath;
    const env = { PATH: process.env.PATH ?? '', MICROSOFT_APP_ID: BOT_ID, MICROSOFT_APP_PASSWORD: 'secret', MICROSOFT_APP_TENANT_ID: 'tenant' };
    execFileSync(node, ['scripts/teams-package.ts', '--out', out, '--domain', 'mentor.acme.com', '--version', '1.0.1'], { cwd: ROOT, env, stdio: 'pipe' });
    const manifest = JSON.parse(unzip(readFileSync(out)).get('manifest.json')!.toString('utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ version: '1.0.1', bots: [{ botId: BOT_ID }], validDomains: ['mentor.acme.com'] });
    expect(teamsSchemaValidator()(manifest)).toBe(true);
    expect(() => execFileSync(node, ['scripts/teams-package.ts', '--out', out], { cwd: ROOT, env: { PATH: env.PATH }, stdio: 'pipe' })).toThrow(/MICROSOFT_APP_ID is not set/);
  });
});
