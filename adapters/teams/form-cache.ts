// The forms this process has shown, by reference and step, so that a submission can be answered
// with the same card and its errors, or with the recorded answers. Card actions do not send the
// card back. Bounded; a form not found (another process showed it, or a restart) is answered
// with the core's messages alone.
import type { Form } from '../../src/ui/form.ts';

const MAX_FORMS = 5_000;

export class FormCache {
  readonly #forms = new Map<string, Form>();

  remember(form: Form): void {
    const key = `${form.ref}\u0000${form.id}`;
    this.#forms.delete(key);
    this.#forms.set(key, form);
    if (this.#forms.size > MAX_FORMS) this.#forms.delete(this.#forms.keys().next().value!);
  }

  find(ref: string, formId: string): Form | undefined {
    return this.#forms.get(`${ref}\u0000${formId}`);
  }
}
