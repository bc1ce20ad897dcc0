// The pair's agreement (issue 17): the intro's charter is an agreement each member confirms once
// in chat. A confirmation is one conditional update of the pair's row (a repeated click, or one
// on an older version, changes nothing) committed with the message it causes: the partner hears
// that the other agreed, and once both have, the agreement is recorded and `status` shows who
// agreed when. Either member may suggest a change: the pair's own terms are rewritten, the
// version goes up, both confirmations are cleared and both get the new version to confirm.
// An ended pair's late click changes nothing.
import type { Pair } from '../../domain/model.ts';
import { changeAgreement, confirmAgreement, getAgreement } from '../../db/repositories/agreement.repository.ts';
import { getPerson } from '../../db/repositories/person.repository.ts';
import type { Form } from '../../ui/form.ts';
import { formatDate } from '../../ui/i18n/format.ts';
import { message } from '../../ui/model.ts';
import { richText } from '../../ui/rich-text.ts';
import { validateForm } from '../../ui/validate-form.ts';
import type { ActorCtx, BaseCtx } from '../context.ts';
import { openForm, reply, type Effect } from '../effects.ts';
import { myPair } from '../my-pairs.ts';
import { pairById, partnerOf, readerOf, refFor, sideOf, type Reader } from '../pair-members.ts';
import type { Composer, FlowModule } from '../registry.ts';
import { agreementCard, confirmedAtOf } from './agreement-card.ts';

const LIVE_STATES = ['active', 'paused'] as const;
const MAX_TERMS = 500;

const text = (body: string): Effect => reply(message(richText(body)));
const isLive = (pair: Pair): boolean => (LIVE_STATES as readonly string[]).includes(pair.state);
/** A version from a button's subject: a small positive integer, or undefined. */
const versionOf = (value: unknown): number | undefined => (typeof value === 'string' && /^[1-9]\d{0,5}$/u.test(value) ? Number(value) : undefined);
const nameOf = async (ctx: BaseCtx, personId: string): Promise<string> => (await getPerson(ctx.db, personId))?.displayName ?? '';

/** The pair the reference names, if the actor is in it, with the version it was shown. */
async function target(ctx: ActorCtx, subjects: readonly string[]): Promise<{ pair: Pair; version: number } | { refused: readonly Effect[] }> {
  const pair = await myPair(ctx, subjects[0]);
  const version = versionOf(subjects[1]);
  if (!pair || version === undefined) return { refused: [text(ctx.t('action.refused'))] };
  if (!isLive(pair)) return { refused: [text(ctx.t('agreement.closed'))] };
  return { pair, version };
}

/** The current agreement, to answer a click on an older version. */
async function currentCard(ctx: ActorCtx, pair: Pair): Promise<readonly Effect[]> {
  const title = ctx.t('agreement.card.title', { name: await nameOf(ctx, partnerOf(pair, ctx.person.id)) });
  const current = await agreementCard(ctx.db, pair, { personId: ctx.person.id, locale: ctx.locale, timeZone: ctx.person.timezone }, ctx.ref, { title });
  return current ? [reply(current)] : [];
}

function tell(ctx: BaseCtx, pair: Pair, kind: string, personId: string, version: number): Promise<void> {
  return ctx.notify({
    workspaceId: pair.workspaceId, kind, to: { kind: 'person', personId },
    key: `${kind}:${pair.id}:${version}:${personId}`, payload: { matchId: pair.id, version }, matchId: pair.id,
  });
}

async function confirm(ctx: ActorCtx, subjects: readonly string[]): Promise<readonly Effect[]> {
  const found = await target(ctx, subjects);
  if ('refused' in found) return found.refused;
  const { pair, version } = found;
  const partnerId = partnerOf(pair, ctx.person.id);
  const outcome = await confirmAgreement(ctx.db, pair.id, sideOf(pair, ctx.person.id) ?? 'mentee', version, ctx.now);
  switch (outcome) {
    case 'closed': return [text(ctx.t('agreement.closed'))];
    case 'already': return [text(ctx.t('agreement.already'))];
    case 'stale': return [text(ctx.t('agreement.stale')), ...await currentCard(ctx, pair)];
    case 'waiting':
      await tell(ctx, pair, 'agreement.partner_confirmed', partnerId, version);
      return [text(ctx.t('agreement.confirmed_wait', { name: await nameOf(ctx, partnerId) }))];
    case 'agreed':
      await tell(ctx, pair, 'agreement.recorded', partnerId, version);
      return [text(ctx.t('agreement.confirmed_both'))];
  }
}

function changeForm(ctx: ActorCtx, input: { pair: Pair; version: number; partnerName: string; terms: string | null }): Form {
  return {
    kind: 'form', id: 'agreement.change', ref: ctx.ref('agreement.change_save', [input.pair.id, String(input.version)]),
    title: ctx.t('agreement.form.title'), submitLabel: ctx.t('agreement.form.submit'),
    intro: richText(ctx.t('agreement.form.intro', { name: input.partnerName })),
    fields: [{ kind: 'long_text', id: 'terms', label: ctx.t('agreement.form.label'), required: true, maxLength: MAX_TERMS, ...(input.terms ? { initial: input.terms } : {}) }],
  };
}

type Notice = 'agreement.changed' | 'agreement.partner_confirmed' | 'agreement.recorded';

/** Title and opening line of each message, for its reader. */
function wording(kind: Notice, t: Reader['t'], names: { partner: string; author?: string }, agreedOn: string): { title: string; lead?: string } {
  switch (kind) {
    case 'agreement.partner_confirmed':
      return { title: t('agreement.partner_confirmed_title', { name: names.partner }), lead: t('agreement.partner_confirmed', { name: names.partner }) };
    case 'agreement.recorded':
      return { title: t('agreement.recorded_title'), lead: t('agreement.recorded', { name: names.partner, date: agreedOn }) };
    case 'agreement.changed':
      // The one who suggested it gets the new version to confirm too, without being told about themselves.
      return names.author ? { title: t('agreement.changed_title', { name: names.author }), lead: t('agreement.changed') } : { title: t('agreement.card.title', { name: names.partner }) };
  }
}

/** Written at send time: nothing when the pair has ended, the version is no longer current, or there is nothing left to say. */
function noticeComposer(kind: Notice): Composer {
  return async (ctx, delivery, recipients) => {
    const pair = await pairById(ctx.db, delivery.payload.matchId);
    const reader = recipients[0];
    const agreement = pair && await getAgreement(ctx.db, pair.id);
    if (!pair || !reader || !agreement || !isLive(pair) || !sideOf(pair, reader.id) || agreement.version !== delivery.payload.version) return undefined;
    if (kind === 'agreement.recorded' ? !agreement.agreedAt : confirmedAtOf(pair, agreement, reader.id)) return undefined;
    const { t, locale } = readerOf(reader);
    const partner = await nameOf(ctx, partnerOf(pair, reader.id));
    const author = agreement.termsBy && agreement.termsBy !== reader.id ? await nameOf(ctx, agreement.termsBy) : undefined;
    const agreedOn = agreement.agreedAt ? formatDate(locale, agreement.agreedAt, reader.timezone) : '';
    return agreementCard(ctx.db, pair, { personId: reader.id, locale, timeZone: reader.timezone },
      (refKind, subjects) => refFor(ctx, reader.id, refKind, subjects), wording(kind, t, { partner, ...(author ? { author } : {}) }, agreedOn));
  };
}

export const agreementFlow: FlowModule = {
  actions: {
    // Not one-shot: the intro's buttons are shared by both members (a pair reference), and the
    // conditional update already makes a second click harmless.
    'agreement.confirm': { oneShot: false, handle: (ctx, ref) => confirm(ctx, ref.subjects) },
    'agreement.change': {
      oneShot: false,
      async handle(ctx, ref) {
        const found = await target(ctx, ref.subjects);
        if ('refused' in found) return found.refused;
        const agreement = await getAgreement(ctx.db, found.pair.id);
        if (!agreement || agreement.version !== found.version) return [text(ctx.t('agreement.stale')), ...await currentCard(ctx, found.pair)];
        return [openForm(changeForm(ctx, { ...found, partnerName: await nameOf(ctx, partnerOf(found.pair, ctx.person.id)), terms: agreement.terms }))];
      },
    },
  },
  forms: {
    'agreement.change_save': async (ctx, ref, raw) => {
      const found = await target(ctx, ref.subjects);
      if ('refused' in found) return { type: 'done', effects: found.refused };
      const { pair, version } = found;
      const partnerName = await nameOf(ctx, partnerOf(pair, ctx.person.id));
      const checked = validateForm(changeForm(ctx, { pair, version, partnerName, terms: null }), raw, ctx.locale);
      if (!checked.ok) return { type: 'errors', errors: checked.errors };
      const terms = String(checked.values.terms);
      const agreement = await getAgreement(ctx.db, pair.id);
      if (agreement?.version === version && agreement.terms === terms) return { type: 'done', effects: [text(ctx.t('agreement.change_same'))] };
      const next = await changeAgreement(ctx.db, pair.id, version, terms, ctx.person.id, ctx.now);
      if (next === undefined) {
        // Changed by the partner first, or ended by them a moment before: read again, as it is now.
        const again = await target(ctx, ref.subjects);
        return { type: 'done', effects: 'refused' in again ? again.refused : [text(ctx.t('agreement.stale')), ...await currentCard(ctx, pair)] };
      }
      for (const personId of [pair.menteeId, pair.mentorId]) await tell(ctx, pair, 'agreement.changed', personId, next);
      return { type: 'done', effects: [text(ctx.t('agreement.change_sent', { name: partnerName }))] };
    },
  },
  compose: {
    'agreement.changed': noticeComposer('agreement.changed'),
    'agreement.partner_confirmed': noticeComposer('agreement.partner_confirmed'),
    'agreement.recorded': noticeComposer('agreement.recorded'),
  },
};
