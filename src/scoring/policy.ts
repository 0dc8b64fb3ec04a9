/** Scoring policy: the one place to tune how attempts are scored. */
export const POLICY = {
  /** Attempt scores are percentages with one decimal. */
  scoreDecimals: 1,
} as const;
