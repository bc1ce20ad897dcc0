// The Teams app package: manifest.json and the two icons in one zip, ready to upload in the
// Teams admin center (or "Upload a custom app" in Teams).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildManifest, type ManifestInput } from './manifest.ts';
import { zip } from './zip.ts';

/** The icons' folder: `teams/` at the repository root (color 192×192, outline 32×32 white on transparent). */
export const ICONS_DIR = join(import.meta.dirname, '..', '..', '..', 'teams');

export async function buildAppPackage(input: ManifestInput, iconsDir: string = ICONS_DIR): Promise<{ manifest: Record<string, unknown>; zip: Buffer }> {
  const manifest = buildManifest(input);
  const [color, outline] = await Promise.all([readFile(join(iconsDir, 'color.png')), readFile(join(iconsDir, 'outline.png'))]);
  return {
    manifest,
    zip: zip([
      { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
      { name: 'color.png', data: color },
      { name: 'outline.png', data: outline },
    ]),
  };
}
