// What a click or a form submission on one of our cards sends back, from an Action.Execute
// invoke or an Action.Submit message. Everything is validated: only a signed ref and field
// values cross into the core, and the core checks the ref.
import { z } from 'zod';
import { shapesSchema } from './form-values.ts';

const ref = z.string().min(1).max(2_000);

export const clickData = z.object({ mentor: z.literal('click'), ref }).loose();
const partNumber = z.number().int().min(1).max(100);
export const submitData = z.object({
  mentor: z.literal('submit'), ref, form: z.string().min(1).max(200), shapes: shapesSchema,
  // A step shown in parts (render/form.ts): this card's part and how many there are.
  part: partNumber.optional(), parts: partNumber.optional(),
}).loose().refine((d) => (d.part === undefined) === (d.parts === undefined) && (d.part ?? 1) <= (d.parts ?? 1), { message: 'part out of range' });
export const cardData = z.union([clickData, submitData]);

export type CardData = z.infer<typeof cardData>;

/** Our card's data, or undefined for anything else (another app's card, a forged payload). */
export function readCardData(value: unknown): CardData | undefined {
  const parsed = cardData.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
