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
import { MANIFEST_VERSION, MENU } from '../../../adapters/teams/package/manifest.ts';
import { parseSite } from '../../../adapters/teams/package/options.ts';
import { parseCommand } from '../../../src/domain/commands/parse-command.ts';

const require = createRequire(import.meta.url);
// CommonJS modules whose default export TypeScript's nodenext typing does not see.
const Ajv04 = require('ajv-draft-04') as typeof AjvDraft04.default;
const addFormats = require('ajv-formats') as typeof AjvFormats.default;
const ROOT = join(import.meta.dirname, '../../..');
const BOT_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

/** The official Teams manifest schema (or its localisation file's), as shipped in Microsoft's @microsoft/app-manifest package. */
function teamsSchemaValidator(file = 'MicrosoftTeams.schema.json') {
  const schemaPath = join(require.resolve('@microsoft/app-manifest/package.json'), '..', 'build', 'json-schemas', 'teams', `v${MANIFEST_VERSION}`, file);
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
  // unicodeRegExp off: the localisation schema's patterns (e.g. `\b]`) are valid only without the u flag, as Teams' own validator reads them.
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
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
    expect(manifest).toMatchObject({ id: BOT_ID, bots: [{ botId: BOT_ID, scopes: ['personal', 'team', 'groupChat'] }] });
    const commands = (manifest.bots as { commandLists: { commands: { title: string }[] }[] }[])[0]!.commandLists[0]!.commands.map((c) => c.title);
    expect(commands).toEqual(['help', 'home', 'find', 'offer', 'status', 'goals', 'checkin', 'pause', 'end', 'privacy']);
  });

  it('localises the manifest in French: localizationInfo names fr.json, which validates against the localisation schema', async () => {
    const { manifest, localizations, zip } = await buildAppPackage(input);
    expect(manifest.localizationInfo).toEqual({ defaultLanguageTag: 'en', additionalLanguages: [{ languageTag: 'fr', file: 'fr.json' }] });
    const fr = localizations['fr.json']!;
    const validate = teamsSchemaValidator('MicrosoftTeams.Localization.schema.json');
    expect(validate(fr), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(validate({ ...fr, 'name.short': 'x'.repeat(31) })).toBe(false);
    expect(fr).toMatchObject({ 'name.full': 'Mentor bot\u00a0: les programmes de mentorat dans Teams', 'bots[0].commandLists[0].commands[1].title': 'accueil' });
    expect(fr['bots[0].commandLists[0].commands[2].description']).toBe('répondre au questionnaire mentoré pour trouver un mentor');
    // Every file localizationInfo names is in the zip, as written.
    expect(JSON.parse(unzip(zip).get('fr.json')!.toString('utf8'))).toEqual(fr);
  });

  it('the menu\'s French words are commands the bot understands, as the English ones are', () => {
    for (const item of MENU) {
      if (item.en === 'home') continue; // the Teams adapter's own word (teams-bot.ts), tested in conversation.test.ts
      const en = parseCommand({ text: item.en });
      const fr = parseCommand({ text: item.fr });
      expect(en.ok && fr.ok && fr.command.name, item.fr).toBe(en.ok && en.command.name);
    }
  });

  it('takes --domain as a host or a URL, never doubling the scheme', () => {
    expect(parseSite('mentor.acme.com')).toEqual({ ok: true, site: { host: 'mentor.acme.com', base: 'https://mentor.acme.com/' } });
    expect(parseSite('https://x.example')).toEqual({ ok: true, site: { host: 'x.example', base: 'https://x.example/' } });
    expect(parseSite('https://x.example:8443/mentor')).toEqual({ ok: true, site: { host: 'x.example:8443', base: 'https://x.example:8443/mentor/' } });
    expect(parseSite('x.example/mentor/')).toEqual({ ok: true, site: { host: 'x.example', base: 'https://x.example/mentor/' } });
    expect(parseSite('http://x.example')).toMatchObject({ ok: false, error: expect.stringContaining('only https') });
    for (const bad of ['', 'not a host', 'https://', 'ftp://x.example', 'https://user:pw@x.example', 'x.example?a=1']) expect(parseSite(bad).ok, bad).toBe(false);
  });

  it('the schema check can fail: a manifest with a broken bot id is refused', async () => {
    const { manifest } = await buildAppPackage({ ...input, botId: 'not-a-guid' });
    expect(teamsSchemaValidator()(manifest)).toBe(false);
  });

  it('zips manifest.json and the two icons at the sizes Teams requires', async () => {
    const { zip, manifest } = await buildAppPackage(input);
    const files = unzip(zip);
    expect([...files.keys()].sort()).toEqual(['color.png', 'fr.json', 'manifest.json', 'outline.png']);
    expect(JSON.parse(files.get('manifest.json')!.toString('utf8'))).toEqual(manifest);
    expect(pngSize(files.get('color.png')!)).toEqual({ width: 192, height: 192 });
    expect(pngSize(files.get('outline.png')!)).toEqual({ width: 32, height: 32 });
  });

  it('npm run teams:package writes the zip with only the app id set, takes --domain as a URL, and refuses without an app id', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'teams-package-')), 'app.zip');
    const node = process.execPath;
    // No MICROSOFT_APP_PASSWORD, no tenant, no database: the package only names the bot.
    const env = { PATH: process.env.PATH ?? '', MICROSOFT_APP_ID: BOT_ID };
    execFileSync(node, ['scripts/teams-package.ts', '--out', out, '--domain', 'https://mentor.acme.com', '--version', '1.0.1'], { cwd: ROOT, env, stdio: 'pipe' });
    const files = unzip(readFileSync(out));
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      version: '1.0.1', bots: [{ botId: BOT_ID }], validDomains: ['mentor.acme.com'],
      developer: { websiteUrl: 'https://mentor.acme.com/', privacyUrl: 'https://mentor.acme.com/privacy', termsOfUseUrl: 'https://mentor.acme.com/terms' },
    });
    expect(teamsSchemaValidator()(manifest)).toBe(true);
    expect(teamsSchemaValidator('MicrosoftTeams.Localization.schema.json')(JSON.parse(files.get('fr.json')!.toString('utf8')))).toBe(true);
    expect(() => execFileSync(node, ['scripts/teams-package.ts', '--out', out], { cwd: ROOT, env: { PATH: env.PATH }, stdio: 'pipe' })).toThrow(/MICROSOFT_APP_ID is not set/);
    expect(() => execFileSync(node, ['scripts/teams-package.ts', '--out', out, '--domain', 'http://mentor.acme.com'], { cwd: ROOT, env, stdio: 'pipe' })).toThrow(/only https/);
  });
});
