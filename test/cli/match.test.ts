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
    expect(lines[0]).toBe('mentee_id,mentor_id,score,expertise,domain,values,cadence,mode,hours,seniority,feedback,department');
    expect(lines.length).toBeGreaterThan(8);
    // The manager chain and the past pair never show up as feasible.
    expect(lines.some((l) => l.startsWith('u-farid,u-alice,') || l.startsWith('u-gina,u-emma,'))).toBe(false);
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
