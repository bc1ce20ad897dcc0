// A circle of a round, as the core sees it (circles table).
export type CircleState = 'forming' | 'active' | 'ended';

export interface Circle {
  id: string; workspaceId: string; programId: string; roundId: string;
  /** The program's topic key. */
  topic: string;
  seats: number;
  mentorId: string;
  coMentorId: string | null;
  state: CircleState;
  /** The platform conversation of the circle, once opened; null before (or where none can be opened). */
  spaceId: string | null;
  spaceName: string | null;
  openedBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
}

export interface CircleMember { circleId: string; personId: string; score: number; joinedAt: Date }

/** The leaders of a circle: its mentor, then its co-mentor. */
export const leadersOf = (c: Pick<Circle, 'mentorId' | 'coMentorId'>): string[] => (c.coMentorId ? [c.mentorId, c.coMentorId] : [c.mentorId]);
