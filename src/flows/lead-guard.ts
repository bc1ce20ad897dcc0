// Lead-only handlers. bot.ts refuses `admin …` commands to non-leads; buttons and forms reach
// their handlers directly, so each lead action and form checks the role again here (a lead
// removed since the card was sent must not be able to use it).
import type { ActionRef } from '../domain/action-ref.ts';
import { message } from '../ui/model.ts';
import { richText } from '../ui/rich-text.ts';
import type { ActorCtx } from './context.ts';
import { reply, type Effect, type SubmitOutcome } from './effects.ts';
import type { ActionHandler, FormHandler } from './registry.ts';

export const notALead = (ctx: ActorCtx): Effect[] => [reply(message(richText(ctx.t('admin.not_a_lead'))))];

export const say = (text: string): Effect[] => [reply(message(richText(text)))];

export function leadAction(oneShot: boolean, handle: (ctx: ActorCtx, ref: ActionRef, value: string | undefined) => Promise<readonly Effect[]>): ActionHandler {
  return { oneShot, handle: async (ctx, ref, value) => (ctx.isLead ? handle(ctx, ref, value) : notALead(ctx)) };
}

export function leadForm(handle: FormHandler): FormHandler {
  return async (ctx, ref, raw): Promise<SubmitOutcome> => (ctx.isLead ? handle(ctx, ref, raw) : { type: 'done', effects: notALead(ctx) });
}
