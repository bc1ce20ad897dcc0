// Who a flash request may go to, and in which order (src/domain/flash.ts).
import { describe, expect, it } from 'vitest';
import { flashCandidates, monthStart, topicNamed, type FlashMentor } from '../../src/domain/flash.ts';

const mentor = (id: string, over: Partial<FlashMentor> = {}): FlashMentor => ({
  id, languages: ['en'], topics: ['leadership'], avoid: [], cap: 2, acceptedThisMonth: 0, lastAcceptedAt: null, ...over,
});
const asker = { id: 'asa', languages: ['en'], avoid: [] as string[] };
const ids = (list: readonly FlashMentor[]) => list.map((m) => m.id);
const pick = (mentors: FlashMentor[], over: { passed?: string[]; managerOf?: Map<string, string>; asker?: typeof asker; requestId?: string } = {}) => flashCandidates({
  requestId: over.requestId ?? 'r1', topic: 'leadership', asker: over.asker ?? asker, mentors, passed: over.passed ?? [], managerOf: over.managerOf ?? new Map(),
});

describe('flash candidates', () => {
  it.each([
    ['oneself', mentor('asa')],
    ['another topic', mentor('m', { topics: ['sales'] })],
    ['no shared language', mentor('m', { languages: ['fr'] })],
    ['at the monthly cap', mentor('m', { cap: 2, acceptedThisMonth: 2 })],
    ['a mentor who avoids the asker', mentor('m', { avoid: ['asa'] })],
  ])('leaves out %s', (_name, m) => {
    expect(pick([m])).toEqual([]);
  });

  it('leaves out whoever passed on this request and whoever the asker avoids', () => {
    expect(ids(pick([mentor('a'), mentor('b'), mentor('c')], { passed: ['a'], asker: { ...asker, avoid: ['b'] } }))).toEqual(['c']);
  });

  it('leaves out the asker’s managers at any depth and the people the asker manages', () => {
    const managerOf = new Map([['asa', 'boss'], ['boss', 'ceo'], ['report', 'asa']]);
    expect(ids(pick([mentor('boss'), mentor('ceo'), mentor('report'), mentor('peer')], { managerOf }))).toEqual(['peer']);
  });

  it('asks the mentor whose last flash session is the oldest first, never-asked first, then the fewest this month', () => {
    const list = [
      mentor('recent', { lastAcceptedAt: new Date('2027-03-10') }),
      mentor('old', { lastAcceptedAt: new Date('2027-01-10') }),
      mentor('never'),
    ];
    expect(ids(pick(list))).toEqual(['never', 'old', 'recent']);
  });

  it('breaks ties by the request, so equal mentors are not always taken in the same order', () => {
    const list = ['a', 'b', 'c', 'd', 'e'].map((id) => mentor(id));
    const firsts = new Set(Array.from({ length: 40 }, (_, k) => pick(list, { requestId: `r${k}` })[0]?.id));
    expect(firsts.size).toBeGreaterThan(1);
    // The same request always gives the same order (a retried job asks the same mentor).
    expect(ids(pick(list, { requestId: 'x' }))).toEqual(ids(pick(list, { requestId: 'x' })));
  });

  it('counts the cap from the first of the month', () => {
    expect(monthStart(new Date('2027-03-31T23:59:00Z')).toISOString()).toBe('2027-03-01T00:00:00.000Z');
  });
});

describe('topic named by ask', () => {
  const topics = [
    { key: 'leadership', label: { en: 'Leadership', fr: 'Leadership' } },
    { key: 'public-speaking', label: { en: 'Public speaking', fr: 'Prise de parole' } },
    { key: 'public-policy', label: { en: 'Public policy', fr: 'Politiques publiques' } },
  ];
  it.each([
    ['LEADERSHIP', 'leadership'], ['lead', 'leadership'], ['prise de parole', 'public-speaking'], ['public-speaking', 'public-speaking'],
    ['Public   speaking', 'public-speaking'], ['politiques', 'public-policy'],
  ])('reads “%s” as %s', (typed, key) => {
    expect(topicNamed(typed, topics)?.key).toBe(key);
  });
  it.each([['public'], ['cooking'], ['  ']])('finds no single topic in “%s”', (typed) => {
    expect(topicNamed(typed, topics)).toBeUndefined();
  });
});
