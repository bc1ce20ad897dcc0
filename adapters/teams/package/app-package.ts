// The Teams app package: manifest.json, its localisation files and the two icons in one zip, ready to upload in the
// Teams admin center (or "Upload a custom app" in Teams).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ADDITIONAL_LANGUAGES, buildLocalization, buildManifest, type ManifestInput } from './manifest.ts';
import { zip } from './zip.ts';

/** The icons' folder: `teams/` at the repository root (color 192×192, outline 32×32 white on transparent). */
export const ICONS_DIR = join(import.meta.dirname, '..', '..', '..', 'teams');

export async function buildAppPackage(input: ManifestInput, iconsDir: string = ICONS_DIR): Promise<{ manifest: Record<string, unknown>; localizations: Record<string, Record<string, unknown>>; zip: Buffer }> {
  const manifest = buildManifest(input);
  const localizations = Object.fromEntries(ADDITIONAL_LANGUAGES.map((l) => [l.file, buildLocalization(l.languageTag)]));
  const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
  const [color, outline] = await Promise.all([readFile(join(iconsDir, 'color.png')), readFile(join(iconsDir, 'outline.png'))]);
  return {
    manifest,
    localizations,
    zip: zip([
      { name: 'manifest.json', data: json(manifest) },
      ...Object.entries(localizations).map(([name, file]) => ({ name, data: json(file) })),
      { name: 'color.png', data: color },
      { name: 'outline.png', data: outline },
    ]),
  };
}
