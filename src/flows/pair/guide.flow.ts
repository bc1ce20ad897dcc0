// `guide [mentor|mentee]`: the role guides, written from the program's article (what makes a good
// mentor and a good mentee, how to prepare a meeting, how to give and receive feedback). The
// guide of each member's role is also sent once to each of them right after the intro.
import type { Role } from '../../domain/model.ts';
import { getWorkspace } from '../../db/repositories/workspace.repository.ts';
import type { Locale } from '../../ui/i18n/catalog.ts';
import { t } from '../../ui/i18n/t.ts';
import { card, message, type ButtonAction, type Card } from '../../ui/model.ts';
import { bold, bullets, paragraph, richText } from '../../ui/rich-text.ts';
import type { BaseCtx } from '../context.ts';
import { commandPrefixFor } from '../command-prefix.ts';
import { reply, updateSource, type Effect } from '../effects.ts';
import { myPairs } from '../my-pairs.ts';
import { pairById, readerOf, refFor, sideOf } from '../pair-members.ts';
import type { FlowModule } from '../registry.ts';

// Written out so that every catalog key appears as a literal (the catalog test checks it).
const GUIDE = {
  mentor: {
    role: ['guide.mentor.role.1', 'guide.mentor.role.2', 'guide.mentor.role.3', 'guide.mentor.role.4', 'guide.mentor.role.5'],
    prepare: ['guide.mentor.prepare.1', 'guide.mentor.prepare.2', 'guide.mentor.prepare.3', 'guide.mentor.prepare.4'],
    feedback: ['guide.mentor.feedback.1', 'guide.mentor.feedback.2', 'guide.mentor.feedback.3'],
  },
  mentee: {
    role: ['guide.mentee.role.1', 'guide.mentee.role.2', 'guide.mentee.role.3', 'guide.mentee.role.4', 'guide.mentee.role.5'],
    prepare: ['guide.mentee.prepare.1', 'guide.mentee.prepare.2', 'guide.mentee.prepare.3', 'guide.mentee.prepare.4'],
    feedback: ['guide.mentee.feedback.1', 'guide.mentee.feedback.2', 'guide.mentee.feedback.3'],
  },
} as const;
const ROLES: readonly Role[] = ['mentee', 'mentor'];

/** The guide of one role in one language; `intro` comes first (the guide sent after the intro). */
export function guideCard(locale: Locale, role: Role, other: ButtonAction | undefined, intro?: string): Card {
  const keys = GUIDE[role];
  const sections = [
    ...(intro ? [richText(intro)] : []),
    richText(paragraph(bold(t(locale, role === 'mentor' ? 'guide.heading.role' : 'guide.heading.role_mentee'))), bullets(...keys.role.map((key) => t(locale, key)))),
    richText(paragraph(bold(t(locale, 'guide.heading.prepare'))), bullets(...keys.prepare.map((key) => t(locale, key)))),
    richText(paragraph(bold(t(locale, 'guide.heading.feedback'))), bullets(...keys.feedback.map((key) => t(locale, key)))),
  ];
  return card({
    header: { title: t(locale, role === 'mentor' ? 'guide.card.title_mentor' : 'guide.card.title_mentee') },
    sections, actions: other ? [other] : [],
  });
}

const otherRole = (role: Role): Role => (role === 'mentor' ? 'mentee' : 'mentor');
const showLabel = (locale: Locale, role: Role): string => t(locale, role === 'mentor' ? 'guide.show_mentor' : 'guide.show_mentee');

/** Sends each member of a newly introduced pair the guide of their role (once per pair and member). */
export async function sendFirstGuides(ctx: BaseCtx, pair: { id: string; workspaceId: string; menteeId: string; mentorId: string }): Promise<void> {
  for (const personId of [pair.menteeId, pair.mentorId]) {
    await ctx.notify({
      workspaceId: pair.workspaceId, kind: 'guide.first', to: { kind: 'person', personId },
      key: `guide.first:${pair.id}:${personId}`, payload: { matchId: pair.id }, matchId: pair.id,
    });
  }
}

export const guideFlow: FlowModule = {
  commands: {
    guide: async (ctx, command): Promise<readonly Effect[]> => {
      const button = (role: Role): ButtonAction => ({ kind: 'button', style: 'default', label: showLabel(ctx.locale, role), ref: ctx.ref('guide.show', [role]) });
      // Without a role named: the role of the person's latest pair, or a choice when they have none.
      const pairs = command.role ? [] : await myPairs(ctx, ['proposed', 'accepted', 'active', 'paused']);
      const latest = pairs.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
      const role = command.role ?? (latest && sideOf(latest, ctx.person.id));
      if (!role) {
        return [reply(card({ header: { title: ctx.t('guide.choose') }, actions: ROLES.map(button) }))];
      }
      return [reply(guideCard(ctx.locale, role, button(otherRole(role))))];
    },
  },
  actions: {
    'guide.show': {
      oneShot: false,
      async handle(ctx, ref) {
        const role = ROLES.find((r) => r === ref.subjects[0]);
        if (!role) return [reply(message(richText(ctx.t('action.refused'))))];
        const other = otherRole(role);
        return [updateSource(guideCard(ctx.locale, role, { kind: 'button', style: 'default', label: showLabel(ctx.locale, other), ref: ctx.ref('guide.show', [other]) }))];
      },
    },
  },
  compose: {
    'guide.first': async (ctx, delivery, recipients) => {
      const pair = await pairById(ctx.db, delivery.payload.matchId);
      const reader = recipients[0];
      const role = pair && reader && sideOf(pair, reader.id);
      if (!pair || !reader || !role || !['active', 'paused'].includes(pair.state)) return undefined;
      const { locale, t: tr } = readerOf(reader);
      const workspace = await getWorkspace(ctx.db, pair.workspaceId);
      const command = `${commandPrefixFor(workspace?.platform ?? 'slack')}guide`.trim();
      const other = otherRole(role);
      return guideCard(locale, role, { kind: 'button', style: 'default', label: showLabel(locale, other), ref: refFor(ctx, reader.id, 'guide.show', [other]) }, tr('guide.first.intro', { command }));
    },
  },
};
