import { describe, expect, it } from 'vitest';
import { actorOf } from '../../adapters/teams/activity-actor.ts';
import { profileOf } from '../../adapters/slack/directory.ts';
import { cleanText, cleanValue } from '../../src/ui/clean-text.ts';

const FAMILY = '👨‍👩‍👧‍👦';
const FLAG = '🇫🇷';
const E_ACUTE = 'e\u0301';

describe('cleanText', () => {
  it('removes NUL and the other invisible control characters, keeps tab and line breaks', () => {
    expect(cleanText('Lead\u0000 a team')).toBe('Lead a team');
    expect(cleanText('a\u0001b\u0008c\u000bd\u000ce\u001bf\u007fg')).toBe('abcdefg');
    expect(cleanText('line 1\r\nline 2\n\tindented')).toBe('line 1\r\nline 2\n\tindented');
  });

  it('turns half an emoji into U+FFFD and keeps whole emoji, flags and combining marks untouched', () => {
    expect(cleanText('cut \ud83d here')).toBe('cut \ufffd here');
    expect(cleanText('\ude00 start')).toBe('\ufffd start');
    const rich = `${FAMILY} ${FLAG} caf${E_ACUTE} 漢字 👍🏽`;
    expect(cleanText(rich)).toBe(rich);
  });

  it('cleans every string of a submitted value, keys included, and leaves other values alone', () => {
    expect(cleanValue({ 'ti\u0000tle': 'Goal\u0000 🎯', list: ['a\u0000', 3, true, null], nested: { deep: 'x\u0000' } }))
      .toEqual({ title: 'Goal 🎯', list: ['a', 3, true, null], nested: { deep: 'x' } });
    expect(cleanValue(undefined)).toBeUndefined();
  });
});

describe('display names from the platforms', () => {
  it('Slack: a NUL in a profile name is removed, an empty name falls back to the next one', () => {
    expect(profileOf({ id: 'U1', profile: { display_name: 'Zo\u0000é 👩‍💻' } })?.displayName).toBe('Zoé 👩‍💻');
    expect(profileOf({ id: 'U1', profile: { display_name: '\u0000', real_name: 'Zoé Martin' } })?.displayName).toBe('Zoé Martin');
  });

  it('Teams: a NUL in the activity\'s name is removed', () => {
    const actor = actorOf({ from: { id: '29:1', aadObjectId: 'aad-1', name: 'Zo\u0000é 👩‍💻' }, conversation: { id: 'c', tenantId: 't' } as never });
    expect(actor?.profile?.displayName).toBe('Zoé 👩‍💻');
  });
});
