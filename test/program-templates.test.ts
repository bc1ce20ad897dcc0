// The template files: the product's own are valid and complete, a company's folder adds or
// replaces templates, and every problem in a file stops the start with one line naming the file
// and the field, through PROGRAM_TEMPLATES_DIR.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { findTemplate } from '../src/domain/program-template.ts';
import { BUILT_IN_TEMPLATES_DIR, builtInTemplates, loadProgramTemplates, TemplateError } from '../src/program-templates.ts';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

function folder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'templates-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

const builtIn = (key: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(BUILT_IN_TEMPLATES_DIR, `${key}.json`), 'utf8'));

const problem = (dir: string): string => {
  try {
    loadProgramTemplates(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError);
    return (error as Error).message;
  }
  throw new Error('no problem found');
};

describe('program templates', () => {
  it('ships five valid templates with both languages, each pairing outside the hierarchy', () => {
    const templates = builtInTemplates();
    expect(templates.map((t) => t.key)).toEqual(['circles', 'flash', 'onboarding-buddy', 'one-to-one', 'peer-mentoring', 'reverse-mentoring']);
    expect(templates.map((t) => t.format)).toEqual(['circles', 'flash', 'one-to-one', 'one-to-one', 'one-to-one', 'one-to-one']);
    for (const t of templates) {
      for (const topic of t.settings.topics) expect(topic.label.en && topic.label.fr).toBeTruthy();
      expect(t.settings.introNote?.en && t.settings.introNote.fr, t.key).toBeTruthy();
    }
    expect(findTemplate(templates, 'buddy')).toBeUndefined();
    expect(findTemplate(templates, 'Binôme d’intégration')?.key).toBe('onboarding-buddy');
    expect(findTemplate(templates, 'reverse mentoring')?.key).toBe('reverse-mentoring');
    expect(findTemplate(templates, 'MENTORAT INVERSE')?.key).toBe('reverse-mentoring');
    expect(findTemplate(templates, 'cercles de mentorat')?.key).toBe('circles');
  });

  it('presets a circles program for groups: a topic per circle, a two-week rhythm, and how to open and fill circles', () => {
    const circles = builtInTemplates().find((t) => t.key === 'circles')!;
    expect(circles.format).toBe('circles');
    expect(circles.settings.topics.length).toBeGreaterThanOrEqual(3);
    expect(circles.settings.checkinCadence).toBe('P2W');
    // Shared working hours matter more when several people must meet at once.
    expect(circles.settings.weights.hours).toBeGreaterThan(circles.settings.weights.department);
    for (const locale of ['en', 'fr'] as const) {
      expect(circles.summary[locale]).toContain('admin circle ');
      expect(circles.summary[locale]).toContain('admin circles fill');
      expect(circles.settings.introNote?.[locale]).toMatch(/3 (to|à) 6/);
    }
  });

  it('presets a flash program: its format, a monthly limit for its mentors, 30-minute sessions and the topics ask offers', () => {
    const flash = builtInTemplates().find((t) => t.key === 'flash')!;
    expect([flash.format, flash.settings.format, flash.settings.flashMonthlyCap, flash.settings.sessionMinutes]).toEqual(['flash', 'flash', 3, 30]);
    expect(flash.settings.topics.length).toBeGreaterThanOrEqual(3);
    for (const locale of ['en', 'fr'] as const) expect(flash.summary[locale]).toMatch(/ask <(topic|thème)>/);
  });

  it('adds a company’s templates after the product’s, and lets one replace a product template of the same key', () => {
    const own = { ...builtIn('peer-mentoring'), key: 'graduates', title: { en: 'Graduate programme', fr: 'Programme jeunes diplômés' } };
    const replaced = { ...builtIn('one-to-one'), title: { en: 'Acme mentoring', fr: 'Mentorat Acme' } };
    const templates = loadProgramTemplates(folder({ 'graduates.json': own, 'one-to-one.json': `\uFEFF${JSON.stringify(replaced)}`, 'README.txt': 'not a template' }));
    expect(templates.map((t) => t.key)).toEqual(['circles', 'flash', 'onboarding-buddy', 'peer-mentoring', 'reverse-mentoring', 'graduates', 'one-to-one']);
    expect(templates.find((t) => t.key === 'one-to-one')?.title.en).toBe('Acme mentoring');
  });

  it('names the file and the field of each problem, with no stack trace', () => {
    const good = builtIn('peer-mentoring');
    expect(problem(folder({ 'peer-mentoring.json': '{ "key": ' }))).toMatch(/^program template .*peer-mentoring\.json: not valid JSON/);
    expect(problem(folder({ 'peer-mentoring.json': { ...good, colour: 'blue' } }))).toMatch(/peer-mentoring\.json: \(top level\): unknown field colour$/);
    const settings = good.settings as Record<string, unknown>;
    expect(problem(folder({ 'peer-mentoring.json': { ...good, settings: { ...settings, cadence: 'P1M' } } }))).toMatch(/peer-mentoring\.json: settings: unknown field cadence$/);
    expect(problem(folder({ 'peer-mentoring.json': { ...good, settings: { ...settings, checkinCadence: 'monthly' } } }))).toMatch(/settings\.checkinCadence: an ISO-8601 duration/);
    expect(problem(folder({ 'peer-mentoring.json': { ...good, settings: { ...settings, weights: { expertize: 40 } } } }))).toMatch(/settings\.weights: unknown field expertize/);
    expect(problem(folder({ 'peer-mentoring.json': { ...good, title: { en: 'Peers' } } }))).toMatch(/title\.fr: /);
    // A flash template makes a flash program, and only a flash template does.
    expect(problem(folder({ 'peer-mentoring.json': { ...good, format: 'flash' } }))).toMatch(/peer-mentoring\.json: settings\.format: must be "flash" exactly when/);
    expect(problem(folder({ 'peer-mentoring.json': { ...good, settings: { ...settings, format: 'flash' } } }))).toMatch(/settings\.format: must be "flash" exactly when/);
    const flash = builtIn('flash');
    expect(problem(folder({ 'flash.json': { ...flash, settings: { ...(flash.settings as Record<string, unknown>), flashMonthlyCap: 11 } } }))).toMatch(/settings\.flashMonthlyCap: /);
    expect(problem(folder({ 'peer-mentoring.json': { ...good, format: 'groups' } }))).toMatch(/format: /);
    expect(problem(folder({ 'peers.json': good }))).toMatch(/key: "peer-mentoring" must match the file name \(peers\.json\)/);
    expect(problem(path.join(tmpdir(), 'no-such-templates-folder'))).toMatch(/cannot read the folder .* \(it does not exist\)/);
  });

  it('is read with the configuration: a bad company folder stops the start, naming the variable', () => {
    expect(loadConfig({}).programTemplates).toHaveLength(6);
    const dir = folder({ 'x.json': { key: 'x' } });
    let error: unknown;
    try { loadConfig({ PROGRAM_TEMPLATES_DIR: dir }); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^PROGRAM_TEMPLATES_DIR: program template .*x\.json: /)]);
    const own = { ...builtIn('peer-mentoring'), key: 'x' };
    expect(loadConfig({ PROGRAM_TEMPLATES_DIR: folder({ 'x.json': own }) }).programTemplates.map((t) => t.key)).toContain('x');
  });
});
