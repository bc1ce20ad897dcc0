// `privacy`, `export` and `delete` (SPEC §8). The export is a JSON file of the person's own data
// (never a partner's private notes or reasons). Delete asks for a one-shot confirmation, then
// withdraws enrollments, ends pairs with a neutral notice to partners (and circles they led alone
// to the people in them), erases private traces
// and anonymises the person, keeping the rows that aggregates count.
import { tryTransactionLock } from '../../db/repositories/db.ts';
import { anonymisePerson } from '../../db/repositories/person.repository.ts';
import { listEnrollmentsOfPerson, withdrawEnrollment } from '../../db/repositories/enrollment.repository.ts';
import { holdRematchesOfPerson, transitionPair } from '../../db/repositories/pair.repository.ts';
import type { Pair } from '../../domain/model.ts';
import { collectPersonData, erasePersonalTraces, holdNewRowsOf, unlinkWaitingFlashMentor, waitingFlashFor } from '../../db/repositories/person-data.repository.ts';
import { getFlashSession } from '../../db/repositories/flash.repository.ts';
import { askNextMentor } from '../flash/flash-request.ts';
import { noticeLeaderLeft } from '../circles/circle-end.flow.ts';
import { card, message, type FileContent } from '../../ui/model.ts';
import { bullets, paragraph, richText } from '../../ui/rich-text.ts';
import { reply, updateSource, type Effect } from '../effects.ts';
import { endPair, rematchOfferCard } from '../pair/end.flow.ts';
import { myPairs } from '../my-pairs.ts';
import { pairById, partnerOf, readerOf } from '../pair-members.ts';
import type { FlowModule } from '../registry.ts';
import { proposeRematch } from '../matching/rematch.ts';
import { startedCirclesOf } from '../../db/repositories/circle.repository.ts';
import { circleSpaceLeaveJob } from '../circles/circle-space.flow.ts';
import { recordSpaceRemoval } from '../../db/repositories/circle-space-removal.repository.ts';

const text = (body: string): Effect => reply(message(richText(body)));

export const privacyFlow: FlowModule = {
  commands: {
    privacy: async (ctx) => [reply(message(richText(
      paragraph(ctx.t('privacy.intro')),
      bullets(ctx.t('privacy.stored'), ctx.t('privacy.partner_sees'), ctx.t('privacy.leads_see'), ctx.t('privacy.never'), ctx.t('privacy.retention')),
      paragraph(ctx.t('privacy.commands')),
    )))],
    export: async (ctx) => {
      const data = { exportedAt: ctx.now.toISOString(), ...(await collectPersonData(ctx.db, ctx.person.id)) };
      const file: FileContent = {
        kind: 'file', filename: `mentor-bot-data-${ctx.now.toISOString().slice(0, 10)}.json`, mimeType: 'application/json',
        content: JSON.stringify(data, null, 2), comment: ctx.t('privacy.export.comment'),
      };
      return [reply(file)];
    },
    delete: async (ctx) => [reply(card({
      header: { title: ctx.t('privacy.delete.title') },
      sections: [richText(ctx.t('privacy.delete.body'))],
      actions: [{
        kind: 'button', style: 'danger', label: ctx.t('privacy.delete.button'), ref: ctx.ref('privacy.delete', [ctx.person.id], 1),
        confirm: { title: ctx.t('privacy.delete.confirm_title'), text: ctx.t('privacy.delete.confirm_text'), confirmLabel: ctx.t('privacy.delete.button'), denyLabel: ctx.t('privacy.delete.cancel') },
      }],
    }))],
  },
  actions: {
    'privacy.delete': {
      oneShot: true,
      async handle(ctx, ref) {
        if (ref.subjects[0] !== ctx.person.id) return [text(ctx.t('action.refused'))];
        const me = ctx.person.id;
        // A second erasure of the same person at once (another card confirmed) does not wait for
        // the first: it would hold the person's row (its click's record points to it) that the
        // first needs to anonymise them, while waiting for rows the first holds (a deadlock).
        if (!(await tryTransactionLock(ctx.db, `erasure:${me}`))) return [text(ctx.t('action.already_done'))];
        // A request writing a first row of theirs at this moment from another device (a first
        // survey step, a waitlist place, a flash question, a report link's code, a Teams
        // conversation, a form or file offer a platform adapter keeps for them) is waited for, and
        // its row erased below; one coming after waits for this erasure and writes nothing
        // (holdOffErasure).
        await holdNewRowsOf(ctx.db, me);
        // Not audited (leads read the audit log): the erasure is recorded by people.erased_at.
        for (const e of await listEnrollmentsOfPerson(ctx.db, me)) await withdrawEnrollment(ctx.db, e.id, ctx.now);
        for (const pair of await myPairs(ctx, ['accepted', 'active', 'paused'])) await endPair(ctx, pair, me, null, 'pair.partner_left');
        const withdrawn: Pair[] = [];
        const withdrawProposals = async () => {
          for (const pair of await myPairs(ctx, ['proposed'])) {
            const declined = await transitionPair(ctx.db, pair.id, { from: ['proposed'], to: 'declined', patch: { declined_by: me }, actorId: me, at: ctx.now });
            if (!declined) continue;
            await ctx.notify({
              workspaceId: pair.workspaceId, kind: 'pair.partner_left', to: { kind: 'person', personId: partnerOf(pair, me) },
              key: `pair.partner_left:${pair.id}`, payload: { matchId: pair.id }, matchId: pair.id,
            });
            withdrawn.push(pair);
          }
        };
        // Their proposals first, then the rematches of their rounds (round id order), as a rematch
        // takes them (the expiring pair, then the round's rematches): no two wait for each other.
        // Once held, no rematch runs meanwhile: one that committed a proposal to them before is
        // read again below, any later one reads them erased.
        await withdrawProposals();
        await holdRematchesOfPerson(ctx.db, me);
        await withdrawProposals();
        for (const pair of withdrawn) {
          if (pair.mentorId === me) await proposeRematch(ctx, { roundId: pair.roundId, menteeId: pair.menteeId, trigger: 'declined' });
        }
        // Out of their circles' conversations too: written down here, in the erasure's transaction
        // (the only copy of their platform user id kept), then a job per circle (retried; idempotent).
        for (const c of await startedCirclesOf(ctx.db, me)) {
          const removal = c.spaceId ? await recordSpaceRemoval(ctx.db, c.id, ctx.person.platformUserId, ctx.now) : undefined;
          if (removal) ctx.later(circleSpaceLeaveJob(removal));
        }
        const erased = await erasePersonalTraces(ctx.db, me, ctx.now);
        await anonymisePerson(ctx.db, me, ctx.now);
        // A running circle they led alone has ended: the people left in it get the pairs' neutral notice.
        for (const c of erased.ended) await noticeLeaderLeft(ctx, c.circleId, c.people);
        // A flash request waiting for their answer goes to the next mentor, as after a decline (erased people are never asked).
        for (const id of await waitingFlashFor(ctx.db, me)) {
          const session = await getFlashSession(ctx.db, id, true);
          if (session?.state === 'asking' && session.mentorId === me) await askNextMentor(ctx, session, session.passed.filter((p) => p !== me));
        }
        await unlinkWaitingFlashMentor(ctx.db, me, ctx.now);
        return [updateSource(card({ header: { title: ctx.t('privacy.delete.title') }, recorded: ctx.t('privacy.delete.done') }))];
      },
    },
  },
  compose: {
    'pair.partner_left': async (ctx, delivery, recipients) => {
      const pair = await pairById(ctx.db, delivery.payload.matchId);
      const reader = recipients[0];
      if (!pair || !reader) return undefined;
      const { t } = readerOf(reader);
      // An ended pairing offers the mentee a rematch; a withdrawn proposal was rematched already.
      if (reader.id === pair.menteeId && pair.state === 'ended') return rematchOfferCard(ctx, pair, { id: reader.id, t }, paragraph(t('privacy.partner_left')));
      const body = reader.id === pair.menteeId ? t('privacy.partner_left.mentee') : t('privacy.partner_left.mentor');
      return message(richText(paragraph(t('privacy.partner_left'), ' ', body)));
    },
  },
};

