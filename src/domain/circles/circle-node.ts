// A circle as the matcher sees it: one "mentor" node whose capacity is its seats, scored on the
// circle's topic and its mentor's other answers, and bound by every person rule of each leader
// (the `leaders` of MatchMentor). The matcher itself knows nothing else about circles.
import type { MatchMentor } from '../matching/types.ts';

export const MIN_SEATS = 3;
export const MAX_SEATS = 6;

export interface CircleSeed {
  id: string;
  topic: string;
  seats: number;
}

/** Level 2 ("solid") when the mentor did not list the circle's topic: the lead chose them for it. */
const DEFAULT_TOPIC_LEVEL = 2;

export function circleNode(circle: CircleSeed, mentor: MatchMentor, coMentor?: MatchMentor): MatchMentor {
  const leaders = coMentor ? [mentor, coMentor] : [mentor];
  const key = circle.topic.trim().toLowerCase();
  const levelOn = (m: MatchMentor): number => Math.max(0, ...m.answers.expertise.filter((x) => x.topic.trim().toLowerCase() === key).map((x) => x.level));
  const level = Math.max(...leaders.map(levelOn)) || DEFAULT_TOPIC_LEVEL;
  // The circle meets together: its language is one both leaders speak (the mentor's when none is shared).
  const shared = coMentor ? mentor.answers.languages.filter((l) => coMentor.answers.languages.includes(l)) : mentor.answers.languages;
  return {
    ...mentor,
    id: circle.id,
    leaders: leaders.map((m) => m.id),
    capacity: circle.seats,
    answers: {
      ...mentor.answers,
      expertise: [{ topic: circle.topic, level }],
      languages: shared.length > 0 ? shared : mentor.answers.languages,
      avoid: [...new Set(leaders.flatMap((m) => m.answers.avoid))],
    },
  };
}
