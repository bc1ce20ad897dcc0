// Program topics as long as they get, for the tests that a program's topics survive an edit.
import { MAX_TOPICS } from '../../src/flows/admin/program-topics.ts';

export type Topic = { key: string; label: { en: string; fr: string } };

/** Text of exactly `units` UTF-16 code units, starting with `head`, padded with accented letters. */
const padded = (head: string, units: number): string => {
  let out = head;
  while (out.length < units) out += 'é';
  return out.slice(0, units);
};

/** 100 topics: 40-character keys, labels of 75 code units with emoji, accents and French quotes. */
export const longestTopics = (): Topic[] => Array.from({ length: MAX_TOPICS }, (_, i) => ({
  key: padded(`topic-${String(i).padStart(3, '0')}-`, 40).replace(/é/g, 'x'),
  label: { en: padded(`Public speaking 🎤 ${i} `, 75), fr: padded(`Prise de parole n°${i} « à l’oral » 🇫🇷 `, 75) },
}));

/**
 * The largest program the settings allow, for the Teams journeys: 100 topics with every key and
 * label at its maximum length, the first keyed `leadership` (which the journeys' answers pick).
 */
export const largestProgramTopics = (): Topic[] => {
  const topics = longestTopics();
  topics[0] = { key: 'leadership', label: { en: padded('Leadership 🎤 ', 75), fr: padded('Leadership « à l’oral » 🇫🇷 ', 75) } };
  return topics;
};
