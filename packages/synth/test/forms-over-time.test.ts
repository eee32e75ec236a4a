import { coreReview } from '../src/forms-over-time';
import type { Outcome } from '../src/outcome';
import { ABUSE_TYPES, type Profile } from '../src/profile';
import { createRandom } from '../src/random';

const abuse = (level: string) => Object.fromEntries(ABUSE_TYPES.map((type) => [type, level]));

// Only the fields a review reads; a case that moves from the top of each scale to the bottom is
// where noise once stepped off the scale and left the required risk level unanswered.
const profile = { risk: 'high', abuse: abuse('high'), marac: true, livingWithPerpetrator: true } as unknown as Profile;
const outcome = { risk: 'standard', abuse: abuse('none'), stopped: true } as unknown as Outcome;

test("a review's risk and abuse levels stay on their scales at every point of the way", () => {
  const r = createRandom('reviews on their scales');
  for (const progress of [0, 0.01, 0.5, 0.99, 1]) {
    for (let i = 0; i < 2_000; i++) {
      const review = coreReview(r, profile, outcome, '2025-03-10', progress);
      expect(['standard', 'medium', 'high', 'not_known']).toContain(review.risk_level);
      for (const type of ABUSE_TYPES) {
        const level = review[`abuse_${type}`];
        if (level !== undefined) expect(['none', 'standard', 'moderate', 'high']).toContain(level);
      }
    }
  }
});
