// The CLI end to end, as a lead would run it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cohortJsonSchema } from '../../src/domain/matching/cohort-schema.ts';

const dir = mkdtempSync(join(tmpdir(), 'match-cli-'));
const example = JSON.parse(readFileSync('examples/cohort.json', 'utf8')) as Record<string, unknown> & { mentees: { answers: Record<string, unknown> }[] };

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['src/cli/match.ts', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('npm run match', () => {
  it('matches the sample cohort and writes pairs, unmatched mentees, the report and every feasible score', () => {
    const output = join(dir, 'result.json'), scores = join(dir, 'scores.csv');
    const r = run('--input', 'examples/cohort.json', '--output', output, '--dump-scores', scores);
    expect(r.stderr).toMatch(/matched 7\/7 mentees .* optimal/);
    expect(r.status).toBe(0);
    const result = JSON.parse(readFileSync(output, 'utf8'));
    expect(result.pairs).toHaveLength(7);
    expect(result.pairs[0]).toEqual(expect.objectContaining({ menteeId: expect.any(String), mentorId: expect.any(String), score: expect.any(Number), reasons: expect.any(Array) }));
    expect(result.report.optimality.status).toBe('optimal');
    const lines = readFileSync(scores, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('mentee_id,mentor_id,score,state,expertise,domain,values,cadence,mode,hours,seniority,feedback,department,language,career');
    expect(lines.length).toBeGreaterThan(8);
    // The manager chain (both ways) and the past pair never show up as feasible.
    expect(lines.some((l) => l.startsWith('u-farid,u-alice,') || l.startsWith('u-gina,u-emma,'))).toBe(false);
    expect(lines.some((l) => l.startsWith('u-ines,u-dave,'))).toBe(false);
    expect(result.pairs.some((p: { menteeId: string; mentorId: string }) => p.menteeId === 'u-ines' && p.mentorId === 'u-dave')).toBe(false);
    expect(r.stderr).toMatch(/^seed \d+ \(run again with --seed \d+/m);
  });

  it('gives the same result for the same --seed, whatever the order of the file, and prints the seed used', () => {
    const reversed = structuredClone(example) as typeof example & { mentors: unknown[] };
    reversed.mentees.reverse();
    reversed.mentors.reverse();
    const a = run('--input', 'examples/cohort.json', '--seed', '12345');
    const b = run('--input', write('reversed.json', reversed), '--seed', '12345');
    expect(a.status).toBe(0);
    expect(a.stderr).toContain('seed 12345');
    const key = (out: string): string[] => (JSON.parse(out) as { pairs: { menteeId: string; mentorId: string }[] }).pairs.map((p) => `${p.menteeId}>${p.mentorId}`).sort();
    expect(key(b.stdout)).toEqual(key(a.stdout));
    expect(run('--input', 'examples/cohort.json', '--seed', '-1').status).toBe(2);
  });

  it('lists pinned pairs in the score dump with their state, even under the minimum score', () => {
    const pinned = structuredClone(example) as typeof example & { pins: unknown[]; program: { objective: string; minScore: number } };
    pinned.program.objective = 'score';
    pinned.program.minScore = 99;
    pinned.pins = [{ menteeId: 'u-farid', mentorId: 'u-bruno' }];
    const scores = join(dir, 'pinned.csv');
    expect(run('--input', write('pinned.json', pinned), '--dump-scores', scores, '--seed', '1').status).toBe(0);
    const lines = readFileSync(scores, 'utf8').trim().split('\n');
    expect(lines.filter((l) => l.startsWith('u-farid,'))).toEqual([expect.stringMatching(/^u-farid,u-bruno,[\d.]+,pinned,/)]);
  });

  it('refuses unknown keys with a "did you mean", impossible dates, and names each field on one line, exit 2, no stack trace', () => {
    const bad = structuredClone(example) as typeof example & { program: { weights: Record<string, number> }; referenceDate?: string };
    bad.mentees[0]!.answers.ofice = 'Paris';
    bad.program.weights.expertize = 90;
    bad.referenceDate = '2026-02-30';
    const r = run('--input', write('typos.json', bad));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('mentees[0].answers.ofice: unknown field (did you mean "office"?)');
    expect(r.stderr).toContain('program.weights.expertize: unknown field (did you mean "expertise"?)');
    expect(r.stderr).toContain('referenceDate: expected a calendar date as YYYY-MM-DD');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    for (const line of r.stderr.trim().split('\n')) expect(line).toMatch(/^match: /);

    const worse = structuredClone(example) as typeof example & { referenceDate?: string };
    worse.referenceDate = '2026-13-45';
    const w = run('--input', write('date.json', worse));
    expect(w.status).toBe(2);
    expect(w.stderr.trim().split('\n')).toEqual([expect.stringMatching(/referenceDate: expected a calendar date/)]);
  });

  it('takes the mentees’ shortlist rankings, honours them and counts the choices; refuses a ranking of nobody', () => {
    const output = join(dir, 'ranked.json');
    const plain = JSON.parse(run('--input', 'examples/cohort.json', '--seed', '7').stdout || '{}');
    const base = JSON.parse(readFileSync('examples/cohort.json', 'utf8')) as { mentees: { id: string }[]; mentors: { id: string }[] };
    const mentee = base.mentees[0]!.id;
    const was = (plain.pairs as { menteeId: string; mentorId: string }[] | undefined)?.find((p) => p.menteeId === mentee)?.mentorId;
    const other = base.mentors.map((m) => m.id).find((id) => id !== was)!;
    const r = run('--input', write('ranked-cohort.json', { ...base, choices: [{ menteeId: mentee, mentorIds: [other] }] }), '--output', output, '--seed', '7');
    expect(r.status).toBe(0);
    const result = JSON.parse(readFileSync(output, 'utf8'));
    expect(result.report.choices.ranked).toBe(1);
    const pair = result.pairs.find((p: { menteeId: string }) => p.menteeId === mentee);
    if (pair.mentorId === other) expect(pair.choiceRank).toBe(1);
    else expect(result.report.choices.other + result.report.choices.unmatched).toBe(1);
    const bad = run('--input', write('bad-ranking.json', { ...base, choices: [{ menteeId: mentee, mentorIds: ['nobody', other, other] }] }));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('choices[0].mentorIds[0]: no mentor "nobody"');
    expect(bad.stderr).toContain(`choices[0].mentorIds[2]: "${other}" ranked twice`);
  });

  it('accepts a UTF-8 byte order mark', () => {
    const r = run('--input', write('bom.json', `\uFEFF${readFileSync('examples/cohort.json', 'utf8')}`), '--seed', '3');
    expect(r.status).toBe(0);
  });

  it('refuses an unwritable --output or --dump-scores before running the match', () => {
    const r = run('--input', 'examples/cohort.json', '--output', join(dir, 'no-such-folder', 'out.json'));
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^match: --output .*no-such-folder.*: the folder .* does not exist$/);
    expect(r.stderr).not.toContain('matched');
    const d = run('--input', 'examples/cohort.json', '--dump-scores', dir);
    expect(d.status).toBe(2);
    expect(d.stderr).toContain('is a directory');
  });

  it('rejects a malformed cohort, naming the bad field, with exit code 2', () => {
    const bad = structuredClone(example);
    bad.mentees[3]!.answers.languages = [];
    const r = run('--input', write('bad.json', bad));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('mentees[3].answers.languages');
  });

  it('names unknown time zones, duplicate ids and pins to nobody', () => {
    const bad = structuredClone(example) as typeof example & { mentors: { id: string; timezone: string }[]; pins: unknown[] };
    bad.mentors[1]!.timezone = 'Mars/Olympus';
    bad.mentors[2]!.id = bad.mentors[0]!.id;
    bad.pins = [{ menteeId: 'u-farid', mentorId: 'nobody' }];
    const r = run('--input', write('bad2.json', bad));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('mentors[1].timezone: expected an IANA time zone');
    expect(r.stderr).toContain('mentors[2].id: duplicate id');
    expect(r.stderr).toContain('pins[0].mentorId: no mentor "nobody"');
  });

  it('rejects invalid JSON, a missing file and missing arguments with exit code 2', () => {
    expect(run('--input', write('broken.json', '{ nope')).stderr).toMatch(/not valid JSON/);
    expect(run('--input', join(dir, 'absent.json')).status).toBe(2);
    const r = run();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--input is required');
    expect(run('--bogus').status).toBe(2);
  });

  it('ships a JSON Schema in sync with the validator', () => {
    expect(JSON.parse(readFileSync('schemas/cohort.schema.json', 'utf8'))).toEqual(cohortJsonSchema());
  });
});
