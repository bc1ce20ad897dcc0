// Questions to prepare a meeting, by the pair's stage, written from the advice of the article the
// product comes from: tell the mentor one's goals and expectations before contact, agree the
// frame (rhythm, length, mode, confidentiality), set realistic and measurable goals, prepare each
// meeting, apply the advice and report back, give and receive constructive feedback, record the
// key points and successes, and measure the results at the end. Texts are in the catalogs.

export const STAGES = ['first_meeting', 'goal_setting', 'midway', 'closing'] as const;
export type Stage = (typeof STAGES)[number];

export const QUESTIONS_PER_PREPARATION = 3;

/** Five questions a stage; a preparation shows three, moving on by one each period so they vary. */
export const QUESTION_BANK = {
  first_meeting: [
    'prepare.q.first_meeting.1', 'prepare.q.first_meeting.2', 'prepare.q.first_meeting.3', 'prepare.q.first_meeting.4', 'prepare.q.first_meeting.5',
  ],
  goal_setting: [
    'prepare.q.goal_setting.1', 'prepare.q.goal_setting.2', 'prepare.q.goal_setting.3', 'prepare.q.goal_setting.4', 'prepare.q.goal_setting.5',
  ],
  midway: ['prepare.q.midway.1', 'prepare.q.midway.2', 'prepare.q.midway.3', 'prepare.q.midway.4', 'prepare.q.midway.5'],
  closing: ['prepare.q.closing.1', 'prepare.q.closing.2', 'prepare.q.closing.3', 'prepare.q.closing.4', 'prepare.q.closing.5'],
} as const satisfies Record<Stage, readonly string[]>;

export type QuestionKey = (typeof QUESTION_BANK)[Stage][number];

/** The stage's three questions for one period: a window over the bank that moves by one each period. */
export function questionsFor(stage: Stage, period: number): QuestionKey[] {
  const bank: readonly QuestionKey[] = QUESTION_BANK[stage];
  const start = ((Math.max(1, Math.trunc(period)) - 1) % bank.length + bank.length) % bank.length;
  return Array.from({ length: QUESTIONS_PER_PREPARATION }, (_, i) => bank[(start + i) % bank.length]!);
}

/**
 * Where the pair stands: before its first meeting; met but with no goal yet; with its last
 * meeting before the program ends (no further check-in fits); or on its way in between.
 */
export function stageOf(input: { firstMeetingAt: Date | null; goalCount: number; lastBeforeEnd: boolean }): Stage {
  if (!input.firstMeetingAt) return 'first_meeting';
  if (input.goalCount === 0) return 'goal_setting';
  return input.lastBeforeEnd ? 'closing' : 'midway';
}
