// manifest.yml creates the app in one paste: the /mentor command with its usage hint and escaped
// mentions, interactivity and events on /slack/events, the Home tab, app_home_opened, and exactly
// the bot scopes the adapter uses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLACK_BOT_SCOPES, SLACK_EVENTS_PATH, SLACK_REDIRECT_PATH } from '../../../adapters/slack/index.ts';

const manifest = readFileSync(join(import.meta.dirname, '../../../manifest.yml'), 'utf8');
const lines = manifest.split('\n').filter((l) => !l.trimStart().startsWith('#'));

/** The list items under a key, at the indentation they are written with. */
function listUnder(key: string): string[] {
  const start = lines.findIndex((l) => l.trim() === `${key}:`);
  expect(start, key).toBeGreaterThanOrEqual(0);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const item = /^\s+- (.+)$/.exec(line);
    if (!item) break;
    items.push(item[1]!.trim());
  }
  return items;
}

describe('manifest.yml', () => {
  it('asks for exactly the bot scopes the adapter uses', () => {
    expect(listUnder('bot').sort()).toEqual([...SLACK_BOT_SCOPES].sort());
  });

  it('declares the command, interactivity, events and the Home tab at the adapter paths', () => {
    expect(manifest).toMatch(/- command: \/mentor\n\s+url: https:\/\/mentor\.example\.com\/slack\/events/);
    expect(manifest).toMatch(/usage_hint: ".+"/);
    expect(manifest).toMatch(/should_escape: true/);
    expect(manifest).toMatch(/home_tab_enabled: true/);
    expect(listUnder('bot_events')).toEqual(['app_home_opened']);
    expect(manifest).toMatch(new RegExp(`interactivity:\\n\\s+is_enabled: true\\n\\s+request_url: https://mentor\\.example\\.com${SLACK_EVENTS_PATH}`));
    expect(manifest).toMatch(new RegExp(`event_subscriptions:\\n\\s+request_url: https://mentor\\.example\\.com${SLACK_EVENTS_PATH}`));
    expect(listUnder('redirect_urls')).toEqual([`https://mentor.example.com${SLACK_REDIRECT_PATH}`]);
    expect(manifest).not.toMatch(/\t/);
  });
});
