// `profile`: the person's own profile lines (title, a one-line bio) that proposals show to the
// other side, and their working hours and time zone, in one form. The time zone chosen here
// stays: the platform's zone no longer replaces it (people.timezone_pinned).
import { getProfile, profileFormValues, saveProfile } from '../../db/repositories/profile.repository.ts';
import { profileInputSchema } from '../../domain/profile.ts';
import { card, message, type Card } from '../../ui/model.ts';
import { richText } from '../../ui/rich-text.ts';
import { validateForm } from '../../ui/validate-form.ts';
import type { ActorCtx } from '../context.ts';
import { openForm, reply, type Effect } from '../effects.ts';
import type { FlowModule } from '../registry.ts';
import { flashText, profileForm, profileFromValues, publicProfileFacts, workingHoursText } from './profile-form.ts';

const text = (body: string): Effect => reply(message(richText(body)));

async function openProfileForm(ctx: ActorCtx): Promise<readonly Effect[]> {
  const profile = await getProfile(ctx.db, ctx.person.id);
  if (!profile) return [text(ctx.t('action.refused'))];
  return [openForm(profileForm(ctx.locale, ctx.ref('profile.save', [ctx.person.id]), profileFormValues(profile)))];
}

async function profileCard(ctx: ActorCtx): Promise<Card | undefined> {
  const profile = await getProfile(ctx.db, ctx.person.id);
  if (!profile) return undefined;
  const none = ctx.t('profile.card.none');
  const shown = new Map(publicProfileFacts(ctx.locale, profile).map((f) => [f.label, f.value]));
  const facts = [ctx.t('profile.fact.title'), ctx.t('profile.fact.bio'), ctx.t('profile.fact.department'), ctx.t('profile.fact.location')]
    .map((label) => ({ label, value: shown.get(label) ?? none }));
  facts.push({ label: ctx.t('profile.fact.hours'), value: workingHoursText(ctx.locale, profile) });
  facts.push({ label: ctx.t('profile.fact.flash'), value: flashText(ctx.locale, profile) });
  return card({
    header: { title: ctx.t('profile.card.title') }, facts,
    actions: [{ kind: 'button', style: 'primary', label: ctx.t('profile.card.edit'), ref: ctx.ref('profile.edit', [ctx.person.id]) }],
  });
}

export const profileFlow: FlowModule = {
  commands: {
    profile: async (ctx) => openProfileForm(ctx),
  },
  actions: {
    'profile.edit': {
      oneShot: false,
      async handle(ctx, ref) {
        return ref.subjects[0] === ctx.person.id ? openProfileForm(ctx) : [text(ctx.t('action.refused'))];
      },
    },
  },
  forms: {
    'profile.save': async (ctx, ref, raw) => {
      if (ref.subjects[0] !== ctx.person.id) return { type: 'done', effects: [text(ctx.t('action.refused'))] };
      const current = await getProfile(ctx.db, ctx.person.id);
      if (!current) return { type: 'done', effects: [text(ctx.t('action.refused'))] };
      const checked = validateForm(profileForm(ctx.locale, '', profileFormValues(current)), raw, ctx.locale);
      if (!checked.ok) return { type: 'errors', errors: checked.errors };
      const read = profileFromValues(ctx.locale, checked.values, profileFormValues(current));
      if (!read.ok) return { type: 'errors', errors: read.errors };
      // The form's rules and the schema agree; the schema is the last gate before the database.
      const input = profileInputSchema.parse(read.input);
      await saveProfile(ctx.db, ctx.person.id, input, ctx.now);
      const shown = await profileCard(ctx);
      return { type: 'done', effects: [text(ctx.t('profile.saved')), ...(shown ? [reply(shown)] : [])] };
    },
  },
};
