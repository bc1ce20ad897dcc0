// What a program form step changed, setting by setting, with the old and the new value, so the
// audit log can tell who changed what from what (a lead raising or lowering the minimum group
// size, a weight, the retention). Weights are listed one by one; lists (topics, languages) whole.
import type { ProgramSettings } from '../../domain/program-settings.ts';
import type { ProgramDraft } from './program-forms.ts';

export type SettingChange = { readonly from: unknown; readonly to: unknown };

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export function programChanges(before: ProgramDraft, after: ProgramDraft): Record<string, SettingChange> {
  const changes: Record<string, SettingChange> = {};
  const note = (key: string, from: unknown, to: unknown): void => {
    if (!same(from, to)) changes[key] = { from: from ?? null, to: to ?? null };
  };
  note('name', before.name, after.name);
  note('description', before.description, after.description);
  const keys = new Set([...Object.keys(before.settings), ...Object.keys(after.settings)] as (keyof ProgramSettings)[]);
  for (const key of [...keys].sort()) {
    if (key === 'weights') {
      const criteria = new Set([...Object.keys(before.settings.weights), ...Object.keys(after.settings.weights)] as (keyof ProgramSettings['weights'])[]);
      for (const c of [...criteria].sort()) note(`weights.${c}`, before.settings.weights[c], after.settings.weights[c]);
    } else {
      note(key, before.settings[key], after.settings[key]);
    }
  }
  return changes;
}
