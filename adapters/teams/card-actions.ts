// A click or a form submission on one of our cards, however it arrived (Action.Execute invoke
// or Action.Submit message): handed to the core, and the card replaced by what comes back:
// the next step, the same form with its errors, the recorded answers, or the updated card.
// Says 'retry' when nothing was stored (errors, a failed run), so the same submission may come again.
import type { TurnContext } from 'botbuilder';
import type { Db } from '../../src/db/repositories/db.ts';
import type { Actor } from '../../src/flows/actor.ts';
import type { BotCore } from '../../src/flows/bot.ts';
import type { CardData } from './card-data.ts';
import type { FormCache } from './form-cache.ts';
import { formValuesFromCard } from './form-values.ts';
import { answersOf, withAnswers } from './form-parts.ts';
import { cardActivity } from './render/content.ts';
import { renderRecordedForm } from './render/recorded-form.ts';
import type { RunOutcome } from '../../src/db/repositories/request-dedup.repository.ts';
import { requestFailed } from '../../src/flows/effects.ts';
import { message } from '../../src/ui/model.ts';
import { richText } from '../../src/ui/rich-text.ts';
import { t } from '../../src/ui/i18n/t.ts';
import { mentionLookup } from './people.ts';
import { contentActivity } from './render/content.ts';
import { applyEffects, rendererFor, replaceSource, type Source, type TurnScope } from './turn-output.ts';

export interface CardActionDeps {
  readonly core: BotCore;
  readonly db: Db;
  readonly forms: FormCache;
  /** Resolves the actor's workspace and language once the core has met them. */
  scopeOf(actor: Actor): Promise<TurnScope | undefined>;
}

export async function handleCardAction(context: TurnContext, deps: CardActionDeps, actor: Actor, data: CardData, source: Source): Promise<RunOutcome> {
  const { core, db, forms } = deps;
  if (data.mentor === 'click') {
    const effects = await core.action(actor, data.ref);
    const scope = await deps.scopeOf(actor);
    if (scope) await applyEffects(context, db, scope, forms, effects, source);
    return requestFailed(effects) ? 'retry' : 'done';
  }
  let raw = formValuesFromCard(data, data.shapes);
  if (data.part !== undefined && data.parts !== undefined && data.parts > 1) {
    // One part of a step too big for one card: the parts answered so far are kept in the form;
    // the next part is shown, or, after the last one, the whole step goes to the core.
    const form = await forms.find(data.ref, data.form);
    const scope = await deps.scopeOf(actor);
    if (!form) {
      // The parts answered before are not known here (another process showed them, or a
      // restart): submitting one part alone would store the step without the others' answers.
      if (scope) await context.sendActivity(contentActivity(message(richText(t(scope.locale, 'form.reopen.gone'))), await mentionLookup(db, [])));
      return 'done';
    }
    if (scope) {
      raw = { ...answersOf(form), ...raw };
      if (data.part < data.parts) {
        const kept = withAnswers(form, raw);
        await forms.remember(kept, scope.owner);
        const renderer = await rendererFor(db, scope, [kept]);
        const next = renderer.form(kept, { part: data.part + 1 });
        if (!(await replaceSource(context, source, next))) await context.sendActivity(cardActivity(next));
        return 'done';
      }
      await forms.remember(withAnswers(form, raw), scope.owner);
    }
  }
  const outcome = await core.submit(actor, data.ref, raw);
  const scope = await deps.scopeOf(actor);
  if (!scope) return requestFailed(outcome) ? 'retry' : 'done';
  const form = await forms.find(data.ref, data.form);
  switch (outcome.type) {
    case 'errors': {
      const renderer = await rendererFor(db, scope, form ? [form] : [], raw);
      // A step in parts shows the part of the first field named in the errors.
      const layout = form && renderer.layout(form, { errors: outcome.errors, entered: raw });
      const firstError = form?.fields.find((f) => outcome.errors[f.id] !== undefined);
      const part = (firstError && layout?.partOf.get(firstError.id)) ?? 1;
      if (form && (await replaceSource(context, source, renderer.form(form, { errors: outcome.errors, entered: raw, part })))) return 'retry';
      // The form is not known here: say what is wrong in the chat; the card stays as it was.
      await context.sendActivity(contentActivity(message(richText(...Object.values(outcome.errors))), renderer.lookup));
      return 'retry';
    }
    case 'next': {
      await forms.remember(outcome.form, scope.owner);
      const renderer = await rendererFor(db, scope, [outcome.form]);
      if (!(await replaceSource(context, source, renderer.form(outcome.form)))) {
        await applyEffects(context, db, scope, forms, [{ type: 'open_form', form: outcome.form }], { kind: 'none' });
      }
      return 'done';
    }
    case 'done': {
      // A failed run keeps the card as it was (with what was typed), so it can be submitted again.
      if (requestFailed(outcome)) {
        await applyEffects(context, db, scope, forms, outcome.effects, { kind: 'none' });
        return 'retry';
      }
      const explicit = outcome.effects.some((e) => e.type === 'update_source');
      if (form && !explicit) await replaceSource(context, source, renderRecordedForm(form, raw, scope.locale));
      await applyEffects(context, db, scope, forms, outcome.effects, source);
      return 'done';
    }
  }
}
