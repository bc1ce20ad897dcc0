// Shortlist choice (docs/programs.md): mentees rank the mentors offered to them; the deadline (or
// a lead) ends the ranking, and the preview then matches the whole cohort with the rankings as a
// strong preference (docs/matching.md, "Choice"). A mentee who does not rank is matched as usual.
import type { Person, Program, Round } from '../../domain/model.ts';
import { getPeople } from '../../db/repositories/person.repository.ts';
import { getProfiles } from '../../db/repositories/profile.repository.ts';
import { getProgram } from '../../db/repositories/program.repository.ts';
import { getRound } from '../../db/repositories/round.repository.ts';
import { getShortlist, listShortlists, saveRanking, type Shortlist } from '../../db/repositories/shortlist.repository.ts';
import { formatDateTime } from '../../ui/i18n/format.ts';
import { card, message, type Card } from '../../ui/model.ts';
import { richText } from '../../ui/rich-text.ts';
import { validateForm } from '../../ui/validate-form.ts';
import type { ActorCtx, BaseCtx } from '../context.ts';
import { openForm, reply, type Effect } from '../effects.ts';
import { leadAction, roundAt, say } from '../lead-guard.ts';
import { runPreview } from '../matching/match-preview.flow.ts';
import { idOrEmpty, readerOf, refFor, type Reader } from '../pair-members.ts';
import type { FlowModule } from '../registry.ts';
import { endRanking, rankingOpen, rankingProgress } from './ranking-phase.ts';
import { rankingForm, shortlistCard } from './shortlist-card.ts';

const usable = (p: Person): boolean => !p.erasedAt && !p.deactivatedAt;

interface Offer { program: Program; round: Round; list: Shortlist; mentors: Person[] }

/**
 * The person's shortlist in a round, with the offered mentors still active, best fit first.
 * `lock`: the round's row is held (shared) until the transaction ends, for a ranking written from it.
 */
async function offerOf(ctx: BaseCtx, roundId: unknown, personId: string, lock?: 'share'): Promise<Offer | undefined> {
  const round = await getRound(ctx.db, idOrEmpty(roundId), lock);
  const program = round && await getProgram(ctx.db, round.programId);
  const list = round && await getShortlist(ctx.db, round.id, personId);
  if (!round || !program || !list) return undefined;
  const people = new Map((await getPeople(ctx.db, list.mentorIds)).map((p) => [p.id, p] as const));
  const mentors = list.mentorIds.map((id) => people.get(id)).filter((p): p is Person => p !== undefined && usable(p));
  return mentors.length > 0 ? { program, round, list, mentors } : undefined;
}

async function offerCard(ctx: BaseCtx, offer: Offer, reader: Reader, reminder: boolean): Promise<Card> {
  const profiles = await getProfiles(ctx.db, offer.mentors.map((m) => m.id));
  const ttlHours = Math.max(1, Math.ceil(((offer.round.rankingDeadline ?? ctx.now).getTime() - ctx.now.getTime()) / 3_600_000) + 24);
  return shortlistCard({
    reader, program: offer.program, round: offer.round, reminder, ranking: offer.list.ranking,
    mentors: offer.mentors.map((person) => ({ person, profile: profiles.get(person.id), reasons: offer.list.reasons[person.id] ?? [] })),
    rankRef: refFor(ctx, reader.person.id, 'shortlist.rank', [offer.round.id], ttlHours),
  });
}

const text = (body: string): Effect[] => [reply(message(richText(body)))];

/** Why the actor cannot rank now, or undefined when they can. */
function refusal(ctx: ActorCtx, offer: Offer | undefined): Effect[] | undefined {
  if (!offer) return text(ctx.t('action.refused'));
  if (!rankingOpen(offer.round) || (offer.round.rankingDeadline && offer.round.rankingDeadline <= ctx.now)) return text(ctx.t('shortlist.closed_for_you'));
  return undefined;
}

async function submitRanking(ctx: ActorCtx, roundId: unknown, raw: unknown) {
  // The round is held while the ranking is written: a lead ending the ranking at this moment (and
  // previewing in the same step) waits for it and matches with it, or ended it first and the
  // mentee is told the ranking is over. Never thanked for a ranking that preview did not read.
  const offer = await offerOf(ctx, roundId, ctx.person.id, 'share');
  const refused = refusal(ctx, offer);
  if (refused || !offer) return { type: 'done' as const, effects: refused ?? [] };
  // The form is checked against this mentee's own shortlist: only its mentors, each once.
  const checked = validateForm(rankingForm(ctx, offer.mentors, '', null), raw, ctx.locale);
  if (!checked.ok) return { type: 'errors' as const, errors: checked.errors };
  const ranking = checked.values.ranking as readonly string[];
  if (!(await saveRanking(ctx.db, offer.round.id, ctx.person.id, ranking, ctx.now))) return { type: 'done' as const, effects: text(ctx.t('shortlist.closed_for_you')) };
  const names = new Map(offer.mentors.map((m) => [m.id, m.displayName] as const));
  const list = ranking.map((id, k) => `${k + 1}. ${names.get(id) ?? '—'}`).join(', ');
  return {
    type: 'done' as const,
    effects: text(ctx.t('shortlist.thanks', { ranking: list, date: formatDateTime(ctx.locale, offer.round.rankingDeadline!, ctx.person.timezone) })),
  };
}

export const shortlistFlow: FlowModule = {
  jobs: {
    'shortlist.deadline': async (ctx, payload) => {
      const round = await getRound(ctx.db, idOrEmpty(payload.roundId));
      // Ended by a lead already, or the deadline is later than this job: nothing to do now.
      if (!round || !rankingOpen(round) || round.rankingDeadline! > ctx.now) return;
      await endRanking(ctx, round.id, null);
    },
    'shortlist.reminder': async (ctx, payload) => {
      const round = await getRound(ctx.db, idOrEmpty(payload.roundId));
      if (!round || !rankingOpen(round)) return;
      for (const list of await listShortlists(ctx.db, round.id)) {
        if (list.ranking !== null) continue;
        await ctx.notify({
          workspaceId: round.workspaceId, kind: 'shortlist.reminder', to: { kind: 'person', personId: list.menteeId },
          key: `shortlist.reminder:${round.id}:${list.menteeId}`, payload: { roundId: round.id },
        });
      }
    },
  },
  compose: {
    'shortlist.offer': async (ctx, delivery, recipients) => {
      const reader = recipients[0];
      const offer = reader && await offerOf(ctx, delivery.payload.roundId, reader.id);
      return offer && rankingOpen(offer.round) ? offerCard(ctx, offer, readerOf(reader), false) : undefined;
    },
    'shortlist.reminder': async (ctx, delivery, recipients) => {
      const reader = recipients[0];
      const offer = reader && await offerOf(ctx, delivery.payload.roundId, reader.id);
      return offer && rankingOpen(offer.round) && offer.list.ranking === null ? offerCard(ctx, offer, readerOf(reader), true) : undefined;
    },
    'shortlist.closed': async (ctx, delivery, recipients) => {
      const round = await getRound(ctx.db, idOrEmpty(delivery.payload.roundId));
      const program = round && await getProgram(ctx.db, round.programId);
      const reader = recipients[0] && readerOf(recipients[0]);
      if (!round || !program || !reader || round.state !== 'closed' || rankingOpen(round)) return undefined;
      const { ranked, offered } = await rankingProgress(ctx, round.id);
      return card({
        header: { title: reader.t('shortlist.closed_notice.title', { program: program.name }) },
        sections: [richText(reader.t('shortlist.closed_notice.body', { ranked, count: offered }))],
        actions: [{ kind: 'button', style: 'primary', label: reader.t('match.action.preview'), ref: refFor(ctx, reader.person.id, 'lead.match.run', [round.id], 30 * 24) }],
      });
    },
  },
  actions: {
    'shortlist.rank': {
      oneShot: false,
      async handle(ctx, ref) {
        const offer = await offerOf(ctx, ref.subjects[0], ctx.person.id);
        const refused = refusal(ctx, offer);
        if (refused || !offer) return refused ?? [];
        return [openForm(rankingForm(ctx, offer.mentors, ctx.ref('shortlist.submit', [offer.round.id]), offer.list.ranking))];
      },
    },
    'lead.shortlist.close': leadAction(true, roundAt(0), async (ctx, ref) => {
      const round = await getRound(ctx.db, idOrEmpty(ref.subjects[0]));
      const program = round && await getProgram(ctx.db, round.programId);
      if (!round || !program || round.workspaceId !== ctx.workspace.id) return say(ctx.t('action.refused'));
      // Ended already (the deadline, another lead): the lead still gets the preview they asked for.
      const ended = await endRanking(ctx, round.id, ctx.person.id);
      return runPreview(ctx, program, ended ?? round);
    }),
  },
  forms: {
    'shortlist.submit': (ctx, ref, raw) => submitRanking(ctx, ref.subjects[0], raw),
  },
};

