// Modal submissions: the core validates and stores, and the answer rides in the ack itself —
// per-field errors, the next step in place of this one, or close. Effects that are not a form
// (a confirmation, a card) are sent after the ack, as a DM. A submission answered with errors,
// or whose run failed, is not done: submitted again (even unchanged), it is validated again.
import type { App } from '@slack/bolt';
import { requestFailed, type Effect } from '../../../src/flows/effects.ts';
import { carryOut, renderedForm, renderedMessage } from '../effects.ts';
import type { ListenerDeps } from './deps.ts';
import { clip } from '../../../src/ui/clip.ts';
import { FORM_CALLBACK_ID, RANK_SEPARATOR } from '../render/form.ts';
import { readSubmission } from '../render/read-submission.ts';
import { runOnce, viewKey } from '../request-keys.ts';
import { slackActor, teamOf } from './actor.ts';
import type { ListenerLogger } from './logger.ts';

const ERROR_TEXT = 2000;

/** The core names fields; Slack wants block ids: the field's block, its first rank, or else the first input (form-wide errors). */
function fieldBlockId(inputs: readonly string[], fieldId: string): string | undefined {
  return inputs.find((id) => id === fieldId) ?? inputs.find((id) => id === `${fieldId}${RANK_SEPARATOR}1`) ?? inputs[0];
}

/** The core's errors by field id, as Slack's errors by block id (one message per block). */
function blockErrors(view: { blocks: readonly { type: string; block_id?: string }[] }, byField: Readonly<Record<string, string>>): Record<string, string> {
  const inputs = view.blocks.filter((b) => b.type === 'input' && b.block_id).map((b) => b.block_id as string);
  const errors: Record<string, string> = {};
  for (const [fieldId, text] of Object.entries(byField)) {
    const blockId = fieldBlockId(inputs, fieldId);
    if (blockId && !errors[blockId]) errors[blockId] = clip(text, ERROR_TEXT);
  }
  return errors;
}

export function registerViews(app: App, deps: ListenerDeps, logger: ListenerLogger): void {
  app.view({ callback_id: FORM_CALLBACK_ID, type: 'view_submission' }, async ({ ack, body, view, client }) => {
    const teamId = teamOf(body) ?? view.team_id;
    const actor = slackActor(teamId, body.user.id);
    let followUp: readonly Effect[] = [];
    const ran = await runOnce({ ...deps, logger }, viewKey(teamId, view.id, view.hash, view.state.values), { team: teamId, kind: 'submission' }, async () => {
      const outcome = await deps.core.submit(actor, view.private_metadata, readSubmission(view.state.values));
      if (outcome.type === 'errors') {
        await ack({ response_action: 'errors', errors: blockErrors(view, outcome.errors) });
        // Nothing was stored: the same values may come again, and are validated again.
        return 'retry';
      }
      if (outcome.type === 'done' && requestFailed(outcome)) {
        // Nothing was stored: the modal stays open with what the person typed and says so, and
        // submitting it again runs it again. A form without inputs closes and the reply goes by DM.
        const said = await Promise.all(outcome.effects.map(async (e) => (e.type === 'open_form' ? '' : (await renderedMessage(deps.db, e.content)).text)));
        const errors = blockErrors(view, { '': said.filter(Boolean).join('\n') });
        if (Object.keys(errors).length > 0) await ack({ response_action: 'errors', errors });
        else {
          await ack();
          followUp = outcome.effects;
        }
        return 'retry';
      }
      // Stored. The answer is the ack: once Slack has it, the modal is gone and the submission is
      // done. Nothing after this point is a reason to run the core again (it would store twice):
      // what follows by DM, and even a failure to render the answer, which closes the modal.
      let acked = false;
      try {
        if (outcome.type === 'next') {
          await ack({ response_action: 'update', view: await renderedForm(deps.db, outcome.form) } as never);
          acked = true;
          return 'done';
        }
        // A follow-up form (e.g. goals after the survey) replaces this modal; the rest goes by DM.
        const nextForm = outcome.effects.find((e): e is Extract<Effect, { type: 'open_form' }> => e.type === 'open_form');
        if (nextForm) await ack({ response_action: 'update', view: await renderedForm(deps.db, nextForm.form) } as never);
        else await ack({ response_action: 'clear' });
        acked = true;
        followUp = outcome.effects.filter((e) => e !== nextForm);
      } catch (err) {
        logger.error({ team: teamId, err: (err as Error).message }, 'slack submission stored, but its answer could not be rendered');
        if (!acked) await ack({ response_action: 'clear' }).catch(() => undefined);
        if (outcome.type === 'done') followUp = outcome.effects.filter((e) => e.type !== 'open_form');
      }
      return 'done';
    });
    if (ran !== 'ran') {
      await ack();
      return;
    }
    await carryOut(deps, { client, actor }, followUp);
  });
}
