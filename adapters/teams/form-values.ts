// The inputs of a submitted form card back into raw values by field id, as the core expects
// them: lists for multi-selects, rankings and people, booleans for checkboxes. Nothing is
// trusted here: shapes come from the card's own data and the core validates every value.
import { z } from 'zod';
import { rankInputId, type FieldShape } from './render/form.ts';

const MAX_RANK = 100;

const shapeSchema = z.union([
  z.enum(['text', 'list', 'bool']),
  z.string().regex(/^ranked:\d{1,3}$/) as z.ZodType<`ranked:${number}`>,
]);
export const shapesSchema = z.record(z.string().max(200), shapeSchema);

const splitList = (value: unknown): string[] | unknown =>
  typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;

export function formValuesFromCard(data: Readonly<Record<string, unknown>>, shapes: Readonly<Record<string, FieldShape>>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [id, shape] of Object.entries(shapes)) {
    if (shape === 'text') raw[id] = data[id];
    else if (shape === 'list') raw[id] = splitList(data[id]);
    else if (shape === 'bool') raw[id] = data[id] === true || data[id] === 'true';
    else {
      const count = Math.min(Number(shape.slice('ranked:'.length)), MAX_RANK);
      const picked: unknown[] = [];
      for (let i = 1; i <= count; i += 1) {
        const value = data[rankInputId(id, i)];
        if (value !== undefined && value !== null && value !== '') picked.push(value);
      }
      raw[id] = picked;
    }
  }
  return raw;
}
