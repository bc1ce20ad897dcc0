// Who is invited to answer a round's survey: the members of a channel or user group (Slack) or
// of a team the app was added to (Teams), asked from the platform directory, and/or people the
// lead picks. Each invitee gets one invitation card with the two survey buttons ('survey.open',
// handled by the employee flows).
import type { Round } from '../../domain/model.ts';
import { getProgram } from '../../db/repositories/program.repository.ts';
import { addInvitations, getRound, listInvitations } from '../../db/repositories/round.repository.ts';
import type { Form } from '../../ui/form.ts';
import { formatDateTime } from '../../ui/i18n/format.ts';
import { t } from '../../ui/i18n/t.ts';
import { card } from '../../ui/model.ts';
import { richText } from '../../ui/rich-text.ts';
import { FORM_ERROR, validateForm } from '../../ui/validate-form.ts';
import { localeOf, resolvePlatformUser } from '../actor.ts';
import type { ActorCtx, BaseCtx } from '../context.ts';
import { openForm } from '../effects.ts';
import { leadAction, leadForm, roundAt, say } from '../lead-guard.ts';
import { roundById } from '../program-pick.ts';
import type { FlowModule } from '../registry.ts';

const MAX_AUDIENCE = 5_000;

export function inviteForm(ctx: ActorCtx, round: Round): Form {
  const teams = ctx.workspace.platform === 'teams';
  return {
    kind: 'form', id: 'round.invite', title: ctx.t('round.invite.form_title'), submitLabel: ctx.t('round.invite.submit'),
    intro: richText(ctx.t('round.invite.form_intro')), ref: ctx.ref('lead.round.invitees', [round.id]),
    fields: [
      // On Teams an audience is a team the app was added to (its roster), with Teams examples.
      teams
        ? { kind: 'short_text', id: 'audience', label: ctx.t('round.invite.audience_teams'), help: ctx.t('round.invite.audience_help_teams'), required: false, maxLength: 500 }
        : { kind: 'short_text', id: 'audience', label: ctx.t('round.invite.audience'), help: ctx.t('round.invite.audience_help'), required: false, maxLength: 200 },
      { kind: 'person', id: 'people', label: ctx.t('round.invite.people'), required: false, multiple: true, maxSelected: 100 },
    ],
  };
}

/** Invites people to the open round and sends each one card; returns how many were new. */
export async function invitePeople(ctx: Pick<BaseCtx, 'db' | 'notify'>, round: Round, personIds: readonly string[]): Promise<number> {
  const before = new Set(await listInvitations(ctx.db, round.id));
  const ids = [...new Set(personIds)];
  await addInvitations(ctx.db, round.id, ids);
  for (const personId of ids) {
    await ctx.notify({
      workspaceId: round.workspaceId, kind: 'round.invite', to: { kind: 'person', personId },
      key: `round.invite:${round.id}:${personId}`, payload: { roundId: round.id },
    });
  }
  return ids.filter((id) => !before.has(id)).length;
}

export const roundInviteFlow: FlowModule = {
  actions: {
    'lead.round.invite': leadAction(false, roundAt(0), async (ctx, ref) => {
      const round = await roundById(ctx, ref.subjects[0]);
      return round?.state === 'open' ? [openForm(inviteForm(ctx, round))] : say(ctx.t('action.refused'));
    }),
  },
  forms: {
    'lead.round.invitees': leadForm(roundAt(0), async (ctx, ref, raw) => {
      const round = await roundById(ctx, ref.subjects[0]);
      if (!round || round.state !== 'open') return { type: 'done', effects: say(ctx.t('action.refused')) };
      const form = inviteForm(ctx, round);
      const checked = validateForm(form, raw, ctx.locale);
      if (!checked.ok) return { type: 'errors', errors: checked.errors };
      const audience = typeof checked.values.audience === 'string' ? checked.values.audience : undefined;
      const picked = Array.isArray(checked.values.people) ? checked.values.people as readonly string[] : [];
      if (!audience && picked.length === 0) return { type: 'errors', errors: { [FORM_ERROR]: ctx.t('round.invite.nobody') } };
      const ids: string[] = [];
      if (audience) {
        const members = (await ctx.deps.directory.members(ctx.workspace.externalId, audience, ctx.workspace.platform, ctx.db)).slice(0, MAX_AUDIENCE);
        if (members.length === 0) return { type: 'errors', errors: { audience: ctx.t(ctx.workspace.platform === 'teams' ? 'round.invite.audience_empty_teams' : 'round.invite.audience_empty') } };
        for (const platformUserId of members) {
          const person = await resolvePlatformUser(ctx.db, ctx.deps.directory, ctx.workspace, platformUserId);
          if (person && !person.deactivatedAt && !person.erasedAt) ids.push(person.id);
        }
      }
      // Pickers send platform user ids (ui/form.ts); they are resolved in this workspace only.
      for (const platformUserId of picked) {
        const person = await resolvePlatformUser(ctx.db, ctx.deps.directory, ctx.workspace, platformUserId);
        if (person && !person.deactivatedAt && !person.erasedAt) ids.push(person.id);
      }
      const added = await invitePeople(ctx, round, ids);
      await ctx.audit({
        workspaceId: ctx.workspace.id, actorId: ctx.person.id, action: 'round.invite', targetType: 'round', targetId: round.id,
        details: { audience: audience ?? null, picked: picked.length, invited: added },
      });
      return { type: 'done', effects: say(ctx.t('round.invite.done', { count: added })) };
    }),
  },
  compose: {
    'round.invite': async (ctx, delivery, recipients) => {
      const round = await getRound(ctx.db, String(delivery.payload.roundId ?? ''));
      const reader = recipients[0];
      const program = round && await getProgram(ctx.db, round.programId);
      // Closed since the invitation was decided: the buttons would lead nowhere.
      if (!round || round.state !== 'open' || !program || !reader) return undefined;
      const locale = localeOf(reader);
      const expiresAt = round.surveyDeadline ?? new Date(ctx.now.getTime() + 90 * 86_400_000);
      const sign = (role: 'mentee' | 'mentor') => ctx.deps.signer.sign({ kind: 'survey.open', subjects: [round.id, role], personId: reader.id, expiresAt });
      return card({
        header: { title: t(locale, 'round.invite.title', { program: program.name }), ...(program.description ? { subtitle: program.description } : {}) },
        sections: [richText(t(locale, 'round.invite.body'))],
        facts: round.surveyDeadline ? [{ label: t(locale, 'round.invite.deadline'), value: formatDateTime(locale, round.surveyDeadline, reader.timezone) }] : [],
        actions: [
          { kind: 'button', label: t(locale, 'round.invite.as_mentee'), style: 'primary', ref: sign('mentee') },
          { kind: 'button', label: t(locale, 'round.invite.as_mentor'), style: 'default', ref: sign('mentor') },
        ],
      });
    },
  },
};
