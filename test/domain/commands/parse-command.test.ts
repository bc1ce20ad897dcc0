import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/domain/commands/parse-command.ts';
import { duration } from '../../../src/domain/duration.ts';

const parse = (text: string, mentions?: { platformUserId: string; text: string }[]) => parseCommand({ text, ...(mentions ? { mentions } : {}) });
const cmd = (text: string) => {
  const r = parse(text);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got ${JSON.stringify(r)}`);
  return r.command;
};

describe('employee commands', () => {
  it.each([
    ['help', 'help'], ['aide', 'help'], ['?', 'help'],
    ['find', 'find'], ['trouver', 'find'], ['chercher', 'find'],
    ['offer', 'offer'], ['proposer', 'offer'], ['offrir', 'offer'],
    ['status', 'status'], ['statut', 'status'], ['état', 'status'],
    ['goals', 'goals'], ['objectifs', 'goals'], ['Objectif', 'goals'],
    ['checkin', 'checkin'], ['check-in', 'checkin'], ['suivi', 'checkin'],
    ['resume', 'resume'], ['reprendre', 'resume'],
    ['end', 'end'], ['fin', 'end'], ['terminer', 'end'], ['arrêter', 'end'],
    ['privacy', 'privacy'], ['confidentialité', 'privacy'], ['confidentialite', 'privacy'], ['CONFIDENTIALITÉ', 'privacy'],
    ['export', 'export'], ['exporter', 'export'],
    ['delete', 'delete'], ['supprimer', 'delete'], ['effacer', 'delete'],
    ['profile', 'profile'], ['profil', 'profile'], ['guide', 'guide'], ['Guides', 'guide'],
    ['ask', 'ask'], ['demander', 'ask'], ['flash', 'ask'],
  ])('%j → %s', (text, name) => {
    expect(cmd(text)).toEqual({ name });
  });

  it.each([
    ['ask leadership', 'leadership'], ['demander « prise de parole »', 'prise de parole'], ['/mentor ask Public Speaking', 'Public Speaking'],
  ])('reads the topic of %j as typed', (text, topic) => {
    expect(cmd(text)).toEqual({ name: 'ask', topic });
  });

  it('treats empty and blank input as help', () => {
    for (const text of ['', '   ', '\n\t', '\u00a0']) expect(cmd(text)).toEqual({ name: 'help' });
  });

  it('tolerates case, accents, surrounding and repeated whitespace, and a leading /mentor', () => {
    expect(cmd('  STATUS  ')).toEqual({ name: 'status' });
    expect(cmd('Statut')).toEqual({ name: 'status' });
    expect(cmd('/mentor find')).toEqual({ name: 'find' });
    expect(cmd('admin   round\t open   Leadership   2027 ')).toEqual({ name: 'admin.round.open', program: 'Leadership 2027' });
    // decomposed accents (macOS input) fold like precomposed ones
    expect(cmd('confidentialite\u0301')).toEqual({ name: 'privacy' });
  });

  it('refuses arguments to commands that take none', () => {
    expect(parse('find me a mentor')).toEqual({ ok: false, reason: 'unexpected_argument', hint: 'general', input: 'me' });
    expect(parse('delete everything')).toMatchObject({ ok: false, reason: 'unexpected_argument' });
  });

  it('answers unknown words with a typed failure, never an exception', () => {
    expect(parse('bonjour')).toEqual({ ok: false, reason: 'unknown_command', hint: 'general', input: 'bonjour' });
    for (const junk of ['@{U1}', '<@U123>', '💥', 'x'.repeat(5000), 'admin admin admin']) expect(parse(junk).ok).toBe(false);
    expect(parseCommand({} as never)).toEqual({ ok: true, command: { name: 'help' } });
    expect(parseCommand({ text: 42 } as never)).toEqual({ ok: true, command: { name: 'help' } });
    expect(parseCommand(null as never)).toEqual({ ok: true, command: { name: 'help' } });
    expect(parseCommand({ text: 'status', mentions: 'nope' } as never)).toEqual({ ok: true, command: { name: 'status' } });
  });
});

describe('help topics', () => {
  it.each([
    ['help pause', 'pause'], ['aide pause', 'pause'], ['help lang', 'lang'], ['aide langue', 'lang'],
    ['help admin', 'admin'], ['help admin round', 'admin.round'], ['aide admin cohorte', 'admin.round'],
    ['help admin program', 'admin.program'], ['help admin pin', 'admin.pairs'], ['help admin forbid', 'admin.pairs'],
    ['help admin leads', 'admin.leads'], ['help admin publish', 'admin'],
  ])('%j → %s', (text, topic) => {
    expect(cmd(text)).toEqual({ name: 'help', topic });
  });

  it('gives general help for anything else after help', () => {
    expect(cmd('help me please')).toEqual({ name: 'help' });
  });
});

describe('pause', () => {
  const pauseFor = (parts: Parameters<typeof duration>[0]) => ({ name: 'pause', pause: { kind: 'for', duration: duration(parts) } });
  it('defaults to two weeks', () => {
    expect(cmd('pause')).toEqual(pauseFor({ weeks: 2 }));
  });
  it.each([
    ['pause 2w', { weeks: 2 }], ['pause 1m', { months: 1 }], ['pause 3d', { days: 3 }], ['pause 10d', { days: 10 }],
    ['pause 6w', { weeks: 6 }], ['pause 6m', { months: 6 }], ['pause 3j', { days: 3 }], ['pause 2 semaines', { weeks: 2 }],
    ['pause 1 mois', { months: 1 }], ['PAUSE 2W', { weeks: 2 }], ['pause 2 weeks', { weeks: 2 }],
  ])('%j', (text, parts) => {
    expect(cmd(text)).toEqual(pauseFor(parts));
  });
  it.each([
    ['pause until 2027-04-15', '2027-04-15'], ["pause jusqu'au 2027-04-15", '2027-04-15'], ['pause jusqu’au 15/04/2027', '2027-04-15'],
    ['pause 2027-04-15', '2027-04-15'], ['pause until 1/5/2027', '2027-05-01'], ['pause au 2028-02-29', '2028-02-29'],
  ])('%j → until %s', (text, date) => {
    expect(cmd(text)).toEqual({ name: 'pause', pause: { kind: 'until', date } });
  });
  it.each([
    ['pause 7m', 'pause.too_long'], ['pause 30w', 'pause.too_long'], ['pause 0d', 'pause.zero'], ['pause soon', 'pause.invalid'],
    ['pause 2y', 'pause.invalid'], ['pause until 2027-02-30', 'pause.bad_date'], ['pause until tomorrow', 'pause.bad_date'],
    ['pause 2026-13-01', 'pause.bad_date'],
  ])('%j fails with %s', (text, detail) => {
    expect(parse(text)).toMatchObject({ ok: false, reason: 'invalid_argument', hint: 'pause', detail });
  });
  it('refuses a missing date and extra words', () => {
    expect(parse('pause until')).toEqual({ ok: false, reason: 'missing_argument', hint: 'pause' });
    expect(parse('pause until 2027-04-15 please')).toMatchObject({ ok: false, reason: 'unexpected_argument', input: 'please' });
    expect(parse('pause 2 weeks now')).toMatchObject({ ok: false, reason: 'unexpected_argument', input: 'now' });
  });
});

describe('lang', () => {
  it.each([['lang en', 'en'], ['lang fr', 'fr'], ['langue français', 'fr'], ['langue anglais', 'en'], ['lang English', 'en'],
    ['lang FR', 'fr'], ['lang fr-CA', 'fr'], ['language en_GB', 'en']])('%j → %s', (text, locale) => {
    expect(cmd(text)).toEqual({ name: 'lang', locale });
  });
  it('refuses missing, unknown and extra arguments', () => {
    expect(parse('lang')).toEqual({ ok: false, reason: 'missing_argument', hint: 'lang' });
    expect(parse('lang de')).toEqual({ ok: false, reason: 'invalid_argument', hint: 'lang', input: 'de' });
    expect(parse('lang en fr')).toMatchObject({ ok: false, reason: 'unexpected_argument', hint: 'lang' });
  });
});

describe('admin commands', () => {
  it.each([
    ['admin program create', { name: 'admin.program.create' }],
    ['admin programme créer', { name: 'admin.program.create' }],
    ['admin program list', { name: 'admin.program.list' }],
    ['admin programmes liste', { name: 'admin.program.list' }],
    ['admin program edit', { name: 'admin.program.edit' }],
    ['admin program edit Leadership mentoring 2027', { name: 'admin.program.edit', program: 'Leadership mentoring 2027' }],
    ['admin programme modifier "Mentorat Été"', { name: 'admin.program.edit', program: 'Mentorat Été' }],
    ['admin round open', { name: 'admin.round.open' }],
    ['admin round open Leadership', { name: 'admin.round.open', program: 'Leadership' }],
    ['admin cohorte ouvrir 0b4f8c7e', { name: 'admin.round.open', program: '0b4f8c7e' }],
    ['admin round close', { name: 'admin.round.close' }],
    ['admin cycle clôturer Leadership', { name: 'admin.round.close', program: 'Leadership' }],
    ['admin round status', { name: 'admin.round.status' }],
    ['admin cohorte état', { name: 'admin.round.status' }],
    ['admin match', { name: 'admin.match' }],
    ['admin apparier Leadership', { name: 'admin.match', program: 'Leadership' }],
    ['admin publish', { name: 'admin.publish' }],
    ['admin publier', { name: 'admin.publish' }],
    ['admin report', { name: 'admin.report' }],
    ['admin rapport Leadership 2027', { name: 'admin.report', program: 'Leadership 2027' }],
  ])('%j', (text, command) => {
    expect(cmd(text)).toEqual(command);
  });

  it('refuses incomplete or unknown admin commands with the right help topic', () => {
    expect(parse('admin')).toEqual({ ok: false, reason: 'missing_argument', hint: 'admin' });
    expect(parse('admin dance')).toEqual({ ok: false, reason: 'unknown_subcommand', hint: 'admin', input: 'dance' });
    expect(parse('admin program')).toEqual({ ok: false, reason: 'missing_argument', hint: 'admin.program' });
    expect(parse('admin program destroy')).toEqual({ ok: false, reason: 'unknown_subcommand', hint: 'admin.program', input: 'destroy' });
    // What follows `create` names a template (checked by the flow, which lists the ones there are).
    expect(parse('admin program create onboarding buddy')).toMatchObject({ ok: true, command: { name: 'admin.program.create', template: 'onboarding buddy' } });
    expect(parse('admin program list all')).toMatchObject({ ok: false, reason: 'unexpected_argument', hint: 'admin.program' });
    expect(parse('admin round')).toEqual({ ok: false, reason: 'missing_argument', hint: 'admin.round' });
    expect(parse('admin round start')).toMatchObject({ ok: false, reason: 'unknown_subcommand', hint: 'admin.round' });
    expect(parse('admin leads')).toEqual({ ok: false, reason: 'missing_argument', hint: 'admin.leads' });
    expect(parse('admin leads promote @{U1}')).toMatchObject({ ok: false, reason: 'unknown_subcommand', hint: 'admin.leads' });
  });
});

describe('mentions', () => {
  it('reads normalised @{id} tokens', () => {
    expect(cmd('admin pin @{U111} @{U222}')).toEqual({ name: 'admin.pin', mentee: { platformUserId: 'U111' }, mentor: { platformUserId: 'U222' } });
    expect(cmd('admin interdire @{U111} @{U222}')).toEqual({ name: 'admin.forbid', mentee: { platformUserId: 'U111' }, mentor: { platformUserId: 'U222' } });
    expect(cmd('admin leads add @{U333}')).toEqual({ name: 'admin.leads.add', user: { platformUserId: 'U333' } });
    expect(cmd('admin responsables retirer @{U333}')).toEqual({ name: 'admin.leads.remove', user: { platformUserId: 'U333' } });
    // The program, if named, follows the mention.
    expect(cmd('admin leads add @{U333} "Leadership 2027"')).toEqual({ name: 'admin.leads.add', user: { platformUserId: 'U333' }, program: 'Leadership 2027' });
    expect(cmd('admin leads remove @{U333} Public speaking')).toEqual({ name: 'admin.leads.remove', user: { platformUserId: 'U333' }, program: 'Public speaking' });
  });

  it('replaces Slack escaped mentions given by the adapter', () => {
    const r = parse('admin pin <@U111|alice> <@U222>', [{ platformUserId: 'U111', text: '<@U111|alice>' }, { platformUserId: 'U222', text: '<@U222>' }]);
    expect(r).toEqual({ ok: true, command: { name: 'admin.pin', mentee: { platformUserId: 'U111' }, mentor: { platformUserId: 'U222' } } });
  });

  it('replaces Teams <at> mentions in order, even with the same display name twice', () => {
    const r = parse('admin forbid <at>Alex Martin</at><at>Alex Martin</at>', [
      { platformUserId: '29:aaa', text: '<at>Alex Martin</at>' }, { platformUserId: '29:bbb', text: '<at>Alex Martin</at>' },
    ]);
    expect(r).toEqual({ ok: true, command: { name: 'admin.forbid', mentee: { platformUserId: '29:aaa' }, mentor: { platformUserId: '29:bbb' } } });
  });

  it('refuses unresolved or missing mentions', () => {
    expect(parse('admin pin @alice @bob')).toEqual({ ok: false, reason: 'not_a_mention', hint: 'admin.pairs', input: '@alice' });
    expect(parse('admin pin <@U111>')).toMatchObject({ ok: false, reason: 'missing_argument', hint: 'admin.pairs' });
    expect(parse('admin pin @{U1} @{U2} @{U3}')).toMatchObject({ ok: false, reason: 'unexpected_argument', input: '@{U3}' });
    expect(parse('admin leads add')).toEqual({ ok: false, reason: 'missing_argument', hint: 'admin.leads' });
    expect(parse('admin leads add bob')).toMatchObject({ ok: false, reason: 'not_a_mention', input: 'bob' });
    expect(parse('admin leads add Leadership @{U333}')).toMatchObject({ ok: false, reason: 'not_a_mention', input: 'Leadership' });
  });

  it('ignores malformed mention entries instead of failing', () => {
    const r = parse('admin leads add <@U1>', [{ platformUserId: 'bad id', text: '<@U1>' }, { platformUserId: 'U9', text: 'absent' }]);
    expect(r).toMatchObject({ ok: false, reason: 'not_a_mention' });
  });
});

describe('guide', () => {
  it.each([
    ['guide mentor', 'mentor'], ['guide Mentors', 'mentor'], ['guide mentee', 'mentee'],
    ['guide mentoré', 'mentee'], ['guides mentorée', 'mentee'], ['guide mentorés', 'mentee'],
  ])('%j → the %s guide', (text, role) => {
    expect(cmd(text)).toEqual({ name: 'guide', role });
  });

  it('refuses an unknown role or more than one word, with the guide usage', () => {
    expect(parse('guide boss')).toEqual({ ok: false, reason: 'invalid_argument', hint: 'guide', input: 'boss' });
    expect(parse('guide mentor mentee')).toEqual({ ok: false, reason: 'unexpected_argument', hint: 'guide', input: 'mentee' });
    expect(parse('profile now')).toMatchObject({ ok: false, reason: 'unexpected_argument' });
    expect(cmd('help guide')).toEqual({ name: 'help', topic: 'guide' });
  });
});
