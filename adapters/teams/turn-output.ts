// Carries out the core's effects inside one Teams turn: replies and forms become new messages
// in the personal chat; "replace the clicked message" becomes the Action.Execute invoke answer,
// or an update of the card's message for an Action.Submit fallback.
import type { TurnContext } from 'botbuilder';
import type { Db } from '../../src/db/repositories/db.ts';
import type { Effect } from '../../src/flows/effects.ts';
import type { Locale } from '../../src/ui/i18n/catalog.ts';
import type { Form, UiContent } from '../../src/ui/model.ts';
import type { FileOffers } from './file-offers.ts';
import type { FormCache, FormOwner } from './form-cache.ts';
import { mentionLookup, mentionedPeople, personNames } from './people.ts';
import type { AdaptiveCard } from './render/adaptive-card.ts';
import { cardActivity, contentActivity, contentCard } from './render/content.ts';
import { layoutForm, renderForm, shownPeople, type FormLayout } from './render/form.ts';
import type { MentionLookup } from './render/rich-text.ts';

/** Where a file goes: offered to one Teams user through the consent card. */
export interface FileTarget {
  readonly offers: FileOffers;
  readonly recipientPlatformUserId: string;
}

export interface TurnScope {
  readonly workspaceId: string;
  readonly locale: Locale;
  /** Files shown to the actor are offered to them. */
  readonly files?: FileTarget;
  /** Whom the forms of this turn are shown to. */
  readonly owner?: FormOwner;
}

/** Sends a reply; a file is offered to the actor on a consent card (none when they are erased by then). */
async function sendReply(context: TurnContext, content: UiContent, lookup: MentionLookup, scope: TurnScope): Promise<void> {
  const activity = content.kind === 'file' && scope.files
    ? await scope.files.offers.offer(content, { workspaceId: scope.workspaceId, platformUserId: scope.files.recipientPlatformUserId })
    : contentActivity(content, lookup);
  if (activity) await context.sendActivity(activity);
}

/** Where a replacement card goes: the invoke answer, or the message the card was sent in. */
export type Source =
  | { readonly kind: 'none' }
  | { readonly kind: 'invoke'; replacement?: AdaptiveCard }
  | { readonly kind: 'message'; readonly activityId: string };

export interface FormExtra {
  readonly errors?: Readonly<Record<string, string>>;
  readonly entered?: Readonly<Record<string, unknown>>;
  /** A step shown in parts: which one (1-based). */
  readonly part?: number;
}

export interface Renderer {
  readonly locale: Locale;
  readonly lookup: MentionLookup;
  form(form: Form, extra?: FormExtra): AdaptiveCard;
  layout(form: Form, extra?: FormExtra): FormLayout;
}

/** Platform user ids pre-filled or entered in the person fields of these forms. */
function pickedIds(items: readonly (UiContent | Form)[], entered: Readonly<Record<string, unknown>> | undefined): string[] {
  const ids: string[] = [];
  for (const item of items) {
    if (item.kind !== 'form') continue;
    for (const field of item.fields) {
      if (field.kind !== 'person') continue;
      for (const id of field.initial ?? []) ids.push(id);
      // Only the people the form will show again (an entered value may hold any number of ids).
      const value = entered?.[field.id];
      const text = Array.isArray(value) ? value.map(String).join(',') : typeof value === 'string' ? value : undefined;
      for (const id of shownPeople(field, text)) ids.push(id);
    }
  }
  return ids;
}

export async function rendererFor(db: Db, scope: TurnScope, items: readonly (UiContent | Form)[], entered?: Readonly<Record<string, unknown>>): Promise<Renderer> {
  const lookup = await mentionLookup(db, mentionedPeople(items));
  const names = await personNames(db, scope.workspaceId, pickedIds(items, entered));
  const options = (extra: FormExtra) => ({ locale: scope.locale, lookup, personNames: names, ...extra });
  return {
    locale: scope.locale, lookup,
    form: (form, extra = {}) => renderForm(form, options(extra)),
    layout: (form, extra = {}) => layoutForm(form, options(extra)),
  };
}

const itemsOf = (effects: readonly Effect[]): (UiContent | Form)[] =>
  effects.map((e) => (e.type === 'open_form' ? e.form : e.content));

export async function replaceSource(context: TurnContext, source: Source, card: AdaptiveCard): Promise<boolean> {
  if (source.kind === 'invoke') { source.replacement = card; return true; }
  if (source.kind === 'message') { await context.updateActivity({ ...cardActivity(card), id: source.activityId }); return true; }
  return false;
}

export async function applyEffects(context: TurnContext, db: Db, scope: TurnScope, forms: FormCache, effects: readonly Effect[], source: Source): Promise<void> {
  if (effects.length === 0) return;
  const renderer = await rendererFor(db, scope, itemsOf(effects));
  for (const effect of effects) {
    switch (effect.type) {
      case 'reply':
        await sendReply(context, effect.content, renderer.lookup, scope);
        break;
      case 'open_form':
        await forms.remember(effect.form, scope.owner);
        await context.sendActivity(cardActivity(renderer.form(effect.form)));
        break;
      case 'update_source':
        if (!(await replaceSource(context, source, contentCard(effect.content, renderer.lookup)))) {
          await sendReply(context, effect.content, renderer.lookup, scope);
        }
        break;
    }
  }
}
