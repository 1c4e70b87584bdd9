// Cost per genuine resolution against a person's cost, with hand-worked values.
import { describe, expect, it } from 'vitest';
import { againstHuman, costPerGenuine } from '../../utils/analysis/spot-check';

describe('cost per genuine resolution against a person', () => {
  it('is the price over the genuine share, the interval carried through, compared only when the interval is on one side', () => {
    // $0.99 at a false rate of 20% (95%: 10%–35%): 0.99 / 0.8 = 1.2375 → $1.24; 0.99 / 0.9 = $1.10; 0.99 / 0.65 = 1.5231 → $1.52.
    const cost = costPerGenuine({ rate: 0.2, low: 0.1, high: 0.35 }, 0.99);
    expect(cost).toEqual({ estimate: 1.24, low: 1.1, high: 1.52 });
    // A person at $2.80: the whole interval is below — cheaper. At $1.30: inside — cannot tell. At $1.00: dearer.
    expect(againstHuman(cost, 2.8)).toBe('cheaper');
    expect(againstHuman(cost, 1.3)).toBe('undecided');
    expect(againstHuman(cost, 1)).toBe('dearer');
  });

  it('has no upper bound when the false rate may be 100%: never called cheaper then', () => {
    const cost = costPerGenuine({ rate: 0.5, low: 0.2, high: 1 }, 2);
    expect(cost).toEqual({ estimate: 4, low: 2.5, high: Infinity });
    expect(againstHuman(cost, 100)).toBe('undecided');
    expect(againstHuman(cost, 2)).toBe('dearer');
  });
});
