// npm run teams:package [-- --out file.zip --version 1.0.0 --domain mentor.acme.com --developer "Acme IT"
//                          --website https://… --privacy https://… --terms https://…]
// Writes the Teams app package (manifest.json + icons) for the bot registration in
// MICROSOFT_APP_ID, ready to upload in the Teams admin center. See docs/teams.md.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/config.ts';
import { loadEnvFile } from '../src/env-file.ts';
import { buildAppPackage } from '../adapters/teams/package/app-package.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function fail(text: string): never {
  process.stderr.write(`teams:package: ${text}\n`);
  process.exit(78);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'dist/mentor-bot-teams.zip' },
      version: { type: 'string', default: '1.0.0' },
      domain: { type: 'string' },
      developer: { type: 'string', default: 'Mentor bot' },
      website: { type: 'string' },
      privacy: { type: 'string' },
      terms: { type: 'string' },
    },
  });
  let botId: string | undefined;
  try {
    loadEnvFile();
    botId = loadConfig().teams.appId;
  } catch (err) {
    fail(err instanceof ConfigError ? err.message : (err as Error).message);
  }
  if (!botId) fail('MICROSOFT_APP_ID is not set: it is the Azure bot registration\'s "Microsoft App ID" (see docs/teams.md).');
  if (!GUID.test(botId)) fail(`MICROSOFT_APP_ID "${botId}" is not a GUID; copy the Microsoft App ID from the Azure bot's Configuration page.`);
  if (!/^\d+\.\d+\.\d+$/.test(values.version)) fail('--version must look like 1.0.0 (raise it for every new upload)');
  const host = values.domain ?? 'mentor.example.com';
  if (!values.domain && !(values.website && values.privacy && values.terms)) {
    process.stderr.write(`teams:package: no --domain given; the developer links point at https://${host}/ (replace them before publishing).\n`);
  }
  const { zip, manifest } = await buildAppPackage({
    botId, version: values.version,
    developer: {
      name: values.developer.slice(0, 32),
      websiteUrl: values.website ?? `https://${host}/`,
      privacyUrl: values.privacy ?? `https://${host}/privacy`,
      termsOfUseUrl: values.terms ?? `https://${host}/terms`,
    },
    validDomains: values.domain ? [values.domain] : [],
  });
  const out = resolve(values.out);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, zip);
  process.stdout.write(`Wrote ${out} (Teams app ${String(manifest.id)}, version ${values.version}, bot ${botId}).\n`);
}

await main();
