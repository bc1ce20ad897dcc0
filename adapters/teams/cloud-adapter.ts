// botbuilder's CloudAdapter, with one addition: the turn is run from an already parsed activity
// and the caller learns whether authentication failed (401) or the bot did (500), instead of
// CloudAdapter.process writing to the response and the console itself.
import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';

export class MentorCloudAdapter extends CloudAdapter {
  /** Authenticates the request and runs `logic`; throws what authentication or the logic threw. */
  async handle(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}
