// Program templates: data files (templates/programs/*.json, plus a company's own folder) that
// preset a new program's topics, rhythm, matching weights and the note added to each pair's
// introduction. A template only fills the creation form; everything stays editable, and a program
// keeps no link to the template it came from.
import { z } from 'zod';
import type { Locale } from '../ui/i18n/catalog.ts';
import { programSettingsSchema, type ProgramSettings } from './program-settings.ts';

const localized = (max: number) => z.object({ en: z.string().trim().min(1).max(max), fr: z.string().trim().min(1).max(max) }).strict();

/**
 * What kind of program a template is for, shown as its purpose. Circles and one-to-one pairs run
 * side by side in any program, so "circles" only presets settings and texts suited to groups
 * (docs/programs.md). "flash" makes a program of flash sessions (settings.format "flash"): no
 * matching rounds, its topics offered to `ask`, its mentors opted in (docs/flash.md).
 */
export const TEMPLATE_FORMATS = ['one-to-one', 'circles', 'flash'] as const;

export const TEMPLATE_KEY = /^[a-z0-9][a-z0-9-]{0,39}$/;

export const programTemplateSchema = z.object({
  /** Also the file's name without `.json`, and what a lead may type: `admin program create onboarding-buddy`. */
  key: z.string().regex(TEMPLATE_KEY, 'lowercase letters, digits and - (at most 40)'),
  format: z.enum(TEMPLATE_FORMATS),
  /** What the lead sees when choosing. */
  title: localized(60),
  summary: localized(300),
  /** The new program's proposed name and description, in the creating lead's language. */
  name: localized(80),
  description: localized(500),
  /** Every program setting may be preset; what is left out takes the product's default. */
  settings: programSettingsSchema.strict(),
}).strict().superRefine((template, issues) => {
  // A flash template makes a flash program, and only a flash template does.
  if ((template.format === 'flash') !== (template.settings.format === 'flash')) {
    issues.addIssue({ code: 'custom', path: ['settings', 'format'], message: 'must be "flash" exactly when the template\'s format is "flash"' });
  }
});

export type ProgramTemplate = z.infer<typeof programTemplateSchema>;

export interface TemplateDraft {
  readonly name: string;
  readonly description: string | null;
  readonly settings: ProgramSettings;
}

/** The creation form's starting values for a lead writing in `locale`. */
export function templateDraft(template: ProgramTemplate, locale: Locale): TemplateDraft {
  return { name: template.name[locale], description: template.description[locale], settings: template.settings };
}

const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[\s_]+/g, '-').trim();

/** A template by its key or its title in either language, as a lead may type it. */
export function findTemplate(templates: readonly ProgramTemplate[], typed: string): ProgramTemplate | undefined {
  const wanted = fold(typed);
  return templates.find((t) => t.key === wanted || fold(t.title.en) === wanted || fold(t.title.fr) === wanted);
}
