// The Bloom filter a team pull keeps of the event-only index's keys: never "not there" for a key it was given,
// and rarely "may be there" for one it was not.
import { describe, expect, it } from 'vitest';
import { addKey, mayHold, newKeyFilter } from '../../utils/store/key-filter';

describe('the key filter', () => {
  it('holds every key it was given', () => {
    const filter = newKeyFilter(10_000);
    const keys = Array.from({ length: 10_000 }, (_, i) => `intercom:team:${i % 5}-${i}`);
    for (const k of keys) addKey(filter, k);
    expect(keys.filter((k) => !mayHold(filter, k))).toEqual([]);
    expect(filter.added).toBe(10_000);
  });

  it('says "may be" of about 1% of the keys it was not given, at the number of keys it was sized for', () => {
    // By the Bloom filter's formula: with k = 7 hashes, n = 10,000 keys and m = 100,000 bits (10 a key), a key never
    // added is taken for one with probability (1 - e^(-kn/m))^k = (1 - e^(-0.7))^7 ≈ 0.0082.
    const filter = newKeyFilter(10_000);
    for (let i = 0; i < 10_000; i++) addKey(filter, `zendesk:acme:${i}`);
    const others = Array.from({ length: 20_000 }, (_, i) => `zendesk:acme:other-${i}`);
    const rate = others.filter((k) => mayHold(filter, k)).length / others.length;
    expect(rate).toBeGreaterThan(0.002);
    expect(rate).toBeLessThan(0.02);
  });

  it('an empty filter holds nothing', () => {
    const filter = newKeyFilter(0);
    expect(mayHold(filter, '')).toBe(false);
    expect(mayHold(filter, 'intercom:w:1')).toBe(false);
  });
});
