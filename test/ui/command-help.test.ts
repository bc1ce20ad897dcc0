import { describe, expect, it } from 'vitest';
import { HELP_TOPICS } from '../../src/domain/commands/command.ts';
import { parseCommand } from '../../src/domain/commands/parse-command.ts';
import { commandRefusalMessage, helpMessage, pauseErrorText } from '../../src/ui/command-help.ts';
import { renderMessage } from '../../src/ui/render-text.ts';
import { pairRefusalText, roundRefusalText } from '../../src/ui/state-refusal.ts';

const slack = { commandPrefix: '/mentor ', isLead: false };
const refusal = (text: string, locale: 'en' | 'fr' = 'en') => {
  const r = parseCommand({ text });
  if (r.ok) throw new Error('expected a refusal');
  return renderMessage(commandRefusalMessage(locale, r, slack));
};

describe('help', () => {
  it('lists the employee commands with the platform prefix, and the admin ones for leads only', () => {
    const employee = renderMessage(helpMessage('en', slack));
    expect(employee).toContain('• /mentor find: answer the mentee survey');
    expect(employee).toContain('Mentoring is confidential');
    expect(employee).not.toContain('admin');
    const lead = renderMessage(helpMessage('fr', { commandPrefix: '', isLead: true }));
    expect(lead).toContain('• find\u00a0: répondre au questionnaire');
    expect(lead).toContain('• admin publish [programme]\u00a0: envoyer les propositions');
  });

  it('lists home where the word shows the home cards (Teams), and not on Slack', () => {
    expect(renderMessage(helpMessage('en', slack))).not.toContain('home');
    expect(renderMessage(helpMessage('en', { commandPrefix: '', isLead: false, homeCommand: true }))).toContain('• home: your pairs, proposals and programs at a glance');
    expect(renderMessage(helpMessage('fr', { commandPrefix: '', isLead: false, homeCommand: true }))).toContain('• accueil\u00a0: vos binômes');
  });

  it('has a usage for every help topic', () => {
    for (const topic of HELP_TOPICS) expect(renderMessage(helpMessage('fr', slack, topic)).length).toBeGreaterThan(10);
  });
});

describe('command refusals', () => {
  it('say what was wrong and how to write it', () => {
    expect(refusal('bonjour')).toBe('I don’t know the command “bonjour”.\n\nType /mentor help for everything I can do.');
    expect(refusal('lang de', 'fr')).toBe('Je n’arrive pas à lire «\u00a0de\u00a0» ici.\n\nSyntaxe\u00a0:\n\n• /mentor lang en|fr\u00a0: choisir ma langue');
    expect(refusal('admin pin @bob @alice')).toContain('“@bob” is not a mention');
    expect(refusal('admin round')).toContain('• /mentor admin round open|close|status [program]');
    expect(refusal('pause 9m')).toContain('A pause can last at most 6 months.');
    expect(refusal('find me')).toBe('This command doesn’t take “me”.\n\nType /mentor help for everything I can do.');
    expect(refusal('admin')).toContain('Something is missing in this command.');
  });

  it('explain every pause problem in both languages', () => {
    for (const reason of ['pause.invalid', 'pause.zero', 'pause.too_long', 'pause.bad_date', 'pause.not_in_future'] as const) {
      expect(pauseErrorText('en', reason)).not.toBe(pauseErrorText('fr', reason));
    }
  });
});

describe('state refusals', () => {
  it('name the current state', () => {
    expect(roundRefusalText('en', 'published')).toBe('Not possible: this round is published.');
    expect(roundRefusalText('fr', 'cancelled')).toBe('Impossible\u00a0: cette cohorte est annulée.');
    expect(pairRefusalText('fr', 'declined')).toBe('Impossible\u00a0: ce binôme est décliné.');
    expect(pairRefusalText('en', 'paused')).toBe('Not possible: this pairing is paused.');
  });
});
