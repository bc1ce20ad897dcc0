// The Slack adapter's public surface, for the composition root (src/app.ts) and the tests.
export { createSlackAdapter, SLACK_BOT_SCOPES, SLACK_EVENTS_PATH, SLACK_INSTALL_PATH, SLACK_REDIRECT_PATH } from './slack-adapter.ts';
export type { SlackAdapter, SlackAdapterOptions } from './slack-adapter.ts';
