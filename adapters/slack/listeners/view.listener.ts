// Modal submissions: the core validates and stores, and the answer rides in the ack itself —
// per-field errors, the next step in place of this one, or close. Effects that are not a form
// (a confirmation, a card) are sent after the ack, as a DM.
import type { App } from '@slack/bolt';
import type { Effect } from '../../../src/flows/effects.ts';
import { carryOut, renderedForm } from '../effects.ts';
import type { ListenerDeps } from './deps.ts';
import { clip } from '../../../src/ui/clip.ts';
import { FORM_CALLBACK_ID, RANK_SEPARATOR } from '../render/form.ts';
import { readSubmission } from '../render/read-submission.ts';
import { firstTime, viewKey } from '../request-keys.ts';
import { slackActor, teamOf } from './actor.ts';
import type { ListenerLogger } from './logger.ts';

const ERROR_TEXT = 2000;

/** The core names fields; Slack wants block ids: the field's block, its first rank, or else the first input (form-wide errors). */
function fieldBlockId(inputs: readonly string[], fieldId: string): string | undefined {
  return inputs.find((id) => id === fieldId) ?? inputs.find((id) => id === `${fieldId}${RANK_SEPARATOR}1`) ?? inputs[0];
}

export function registerViews(app: App, deps: ListenerDeps, logger: ListenerLogger): void {
  app.view({ callback_id: FORM_CALLBACK_ID, type: 'view_submission' }, async ({ ack, body, view, client }) => {
    const teamId = teamOf(body) ?? view.team_id;
    if (!(await firstTime(deps.db, viewKey(teamId, view.id, view.hash, view.state.values)))) {
      logger.info({ team: teamId }, 'slack view submission repeated: ignored');
      await ack();
      return;
    }
    const actor = slackActor(teamId, body.user.id);
    const outcome = await deps.core.submit(actor, view.private_metadata, readSubmission(view.state.values));
    if (outcome.type === 'errors') {
      const inputs = view.blocks.filter((b) => b.type === 'input' && b.block_id).map((b) => b.block_id as string);
      const errors: Record<string, string> = {};
      for (const [fieldId, text] of Object.entries(outcome.errors)) {
        const blockId = fieldBlockId(inputs, fieldId);
        if (blockId && !errors[blockId]) errors[blockId] = clip(text, ERROR_TEXT);
      }
      await ack({ response_action: 'errors', errors });
      return;
    }
    if (outcome.type === 'next') {
      await ack({ response_action: 'update', view: await renderedForm(deps.db, outcome.form) } as never);
      return;
    }
    // A follow-up form (e.g. goals after the survey) replaces this modal; the rest goes by DM.
    const nextForm = outcome.effects.find((e): e is Extract<Effect, { type: 'open_form' }> => e.type === 'open_form');
    if (nextForm) await ack({ response_action: 'update', view: await renderedForm(deps.db, nextForm.form) } as never);
    else await ack({ response_action: 'clear' });
    await carryOut(deps, { client, actor }, outcome.effects.filter((e) => e !== nextForm));
  });
}
