// npm run teams:package [-- --out file.zip --version 1.0.0 --domain mentor.acme.com --developer "Acme IT"
//                          --website https://… --privacy https://… --terms https://…]
// Writes the Teams app package (manifest.json, fr.json + icons) for the bot registration in
// MICROSOFT_APP_ID, ready to upload in the Teams admin center. Only the app id is needed (not the
// app password). `--domain` takes a host name or an https URL. See docs/teams.md.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadEnvFile } from '../src/env-file.ts';
import { buildAppPackage } from '../adapters/teams/package/app-package.ts';
import { appIdSchema, parseSite, versionSchema } from '../adapters/teams/package/options.ts';

function fail(text: string): never {
  process.stderr.write(`teams:package: ${text}\n`);
  process.exit(78);
}

function parsed<T>(result: { success: true; data: T } | { success: false; error: { issues: readonly { message: string }[] } }): T {
  if (!result.success) fail(result.error.issues[0]?.message ?? 'invalid option');
  return result.data;
}

async function main(): Promise<void> {
  let values;
  try {
    loadEnvFile();
    ({ values } = parseArgs({
      options: {
        out: { type: 'string', default: 'dist/mentor-bot-teams.zip' },
        version: { type: 'string', default: '1.0.0' },
        domain: { type: 'string' },
        developer: { type: 'string', default: 'Mentor bot' },
        website: { type: 'string' },
        privacy: { type: 'string' },
        terms: { type: 'string' },
      },
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  const botId = parsed(appIdSchema.safeParse(process.env.MICROSOFT_APP_ID));
  const version = parsed(versionSchema.safeParse(values.version));
  const given = values.domain === undefined ? undefined : parseSite(values.domain);
  if (given && !given.ok) fail(given.error);
  const site = given?.site ?? { host: 'mentor.example.com', base: 'https://mentor.example.com/' };
  if (!given && !(values.website && values.privacy && values.terms)) {
    process.stderr.write(`teams:package: no --domain given; the developer links point at ${site.base} (replace them before publishing).\n`);
  }
  for (const [name, value] of [['--website', values.website], ['--privacy', values.privacy], ['--terms', values.terms]] as const) {
    if (value !== undefined && !/^https:\/\/\S+$/i.test(value)) fail(`${name} must be an https URL`);
  }
  const { zip, manifest } = await buildAppPackage({
    botId, version,
    developer: {
      name: values.developer.slice(0, 32),
      websiteUrl: values.website ?? site.base,
      privacyUrl: values.privacy ?? `${site.base}privacy`,
      termsOfUseUrl: values.terms ?? `${site.base}terms`,
    },
    validDomains: given ? [site.host] : [],
  });
  const out = resolve(values.out);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, zip);
  process.stdout.write(`Wrote ${out} (Teams app ${String(manifest.id)}, version ${version}, bot ${botId}).\n`);
}

await main();
