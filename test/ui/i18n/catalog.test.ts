// The catalogs stay complete and lean: every English key exists in French with the same
// placeholders, and every key is used somewhere in src/ or adapters/ (platform-only texts, such as
// the parts of a Teams card too big for one message) as a literal.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Entry } from '../../../src/ui/i18n/catalog.ts';
import { en } from '../../../src/ui/i18n/en.ts';
import { fr } from '../../../src/ui/i18n/fr.ts';

const SRC = join(import.meta.dirname, '../../../src');
const ADAPTERS = join(import.meta.dirname, '../../../adapters');
const isCatalogFile = (path: string) => /^ui\/i18n\/(en|fr)\.ts$|^ui\/i18n\/parts\//.test(path);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(path) : e.name.endsWith('.ts') ? [path] : [];
  });
}

const sources = sourceFiles(SRC)
  .filter((f) => !isCatalogFile(relative(SRC, f).split('\\').join('/')))
  .concat(sourceFiles(ADAPTERS))
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');

const forms = (entry: Entry): string[] => (typeof entry === 'string' ? [entry] : Object.values(entry));
const placeholders = (entry: Entry): string[] =>
  [...new Set(forms(entry).flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string)))].sort();

describe('catalogs', () => {
  const enKeys = Object.keys(en).sort();
  const frKeys = Object.keys(fr).sort();

  it('have the same keys', () => {
    expect(enKeys.filter((k) => !frKeys.includes(k)), 'missing in fr').toEqual([]);
    expect(frKeys.filter((k) => !enKeys.includes(k)), 'missing in en').toEqual([]);
  });

  it('use every key somewhere in src/ as a literal', () => {
    const unused = enKeys.filter((k) => !sources.includes(`'${k}'`) && !sources.includes(`"${k}"`));
    expect(unused, 'keys never used in src/ (remove them or use them as literals)').toEqual([]);
  });

  it('only reference keys that exist', () => {
    const referenced = [...sources.matchAll(/\bt\(\s*[\w.]+\s*,\s*'([^']+)'/g)].map((m) => m[1] as string);
    expect(referenced.length).toBeGreaterThan(50);
    expect(referenced.filter((k) => !(k in en))).toEqual([]);
  });

  it('have the same placeholders in both languages', () => {
    for (const key of enKeys) {
      const k = key as keyof typeof en;
      expect(placeholders(fr[k]), key).toEqual(placeholders(en[k]));
    }
  });

  it('give plural entries the forms both languages need', () => {
    for (const key of enKeys) {
      const k = key as keyof typeof en;
      const enEntry: Entry = en[k];
      const frEntry: Entry = fr[k];
      expect(typeof enEntry, key).toBe(typeof frEntry);
      if (typeof enEntry === 'string' || typeof frEntry === 'string') continue;
      for (const entry of [enEntry, frEntry]) expect(Object.keys(entry).sort(), key).toEqual(expect.arrayContaining(['one', 'other']));
    }
  });

  it('follow French typography: no-break space before : ; ? ! and curly apostrophes', () => {
    for (const [key, entry] of Object.entries(fr)) {
      for (const text of forms(entry)) {
        expect(text, key).not.toMatch(/ [:;?!]/);
        expect(text, key).not.toMatch(/[^\s\u00a0\u202f[|(][;?!]/);
        expect(text, key).not.toMatch(/\w'/);
        expect(text, key).not.toMatch(/« | »/);
      }
    }
  });

  it('have no empty strings and no stray whitespace', () => {
    for (const [key, entry] of [...Object.entries(en), ...Object.entries(fr)]) {
      for (const text of forms(entry)) expect(text.trim() === text && text.length > 0, key).toBe(true);
    }
  });
});
