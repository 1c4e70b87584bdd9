#!/usr/bin/env node
// Re-draws a Recount spot check's sample from its exported plan, with nothing but Node: no extension, no npm
// install, and none of Recount's own code — written from the algorithm's description, so a vendor can check
// that the sample it is shown is the one the seed gives.
//   node tools/draw-sample.mjs recount-spot-check-….json
// For each stratum: the ids it draws from the stratum's population list and the plan's seed, and whether they
// are the plan's sample. Exits 0 when every stratum matches, 1 when one does not, 2 when the file is unusable.
//
// The algorithm, in full (also in the plan's "algorithm" field):
// 1. Ids are text as the vendor's export writes them; Salesforce record ids are cut to their first 15
//    characters (the 18-character form adds a case-safe suffix only). Duplicates are removed.
// 2. Each stratum (named by the vendor's claim: "assumed", "confirmed", "procedure_handoff", …) is drawn on its
//    own: its ids sorted ascending by UTF-16 code units (JavaScript's default string order; for ASCII ids, byte
//    order).
// 3. The stratum's seed: SHA-256 of the UTF-8 bytes of "<seed>|<stratum>"; its first 4 bytes read as an
//    unsigned 32-bit big-endian integer (the first 8 hex digits).
// 4. Generator: mulberry32 from that seed; each call gives a float in [0, 1).
// 5. Partial Fisher–Yates: for i = 0 … n−1, j = i + floor(next() · (N − i)), swap items i and j; the sample is
//    items 0 … n−1, in that order.
// 6. A blind double review ("doubleReview" in the plan): every sampled id of every stratum together, drawn the
//    same way under the stratum name "double review", ceil(share × number of sampled ids) of them.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function normaliseId(vendor, id) {
  return vendor === 'salesforce' ? id.slice(0, 15) : id;
}

export function draw(ids, n, seed, stratum) {
  const items = [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const digest = createHash('sha256').update(Buffer.from(`${seed}|${stratum}`, 'utf8')).digest();
  const next = mulberry32(digest.readUInt32BE(0));
  const count = Math.min(n, items.length);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(next() * (items.length - i));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items.slice(0, count);
}

function main(file) {
  let plan;
  try {
    plan = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.log(`${file}: cannot read it as JSON (${error.message})`);
    return 2;
  }
  if (plan?.format !== 'recount-spot-check' || typeof plan.seed !== 'string' || !Array.isArray(plan.strata)) {
    console.log(`${file}: not a Recount spot-check plan (needs "format": "recount-spot-check", a "seed" and "strata")`);
    return 2;
  }
  let allMatch = true;
  console.log(`${file}: seed "${plan.seed}", vendor ${plan.vendor ?? '?'}, ${plan.strata.length} stratum(s)`);
  for (const [index, s] of plan.strata.entries()) {
    if (typeof s?.stratum !== 'string' || !Array.isArray(s.population) || !Array.isArray(s.sample)) {
      console.log(`  strata[${index}]: needs "stratum", "population" and "sample"`);
      allMatch = false;
      continue;
    }
    const population = s.population.map((id) => normaliseId(plan.vendor, String(id)));
    const drawn = draw(population, s.sample.length, plan.seed, s.stratum);
    const same = drawn.length === s.sample.length && drawn.every((id, i) => id === normaliseId(plan.vendor, String(s.sample[i])));
    console.log(`  ${s.stratum}: ${same ? 'matches' : 'DIFFERS'} — drew ${drawn.length} of ${new Set(population).size}`);
    if (!same) {
      allMatch = false;
      console.log(`    plan:    ${s.sample.join(', ')}`);
      console.log(`    re-draw: ${drawn.join(', ')}`);
    }
  }
  const double = plan.doubleReview;
  if (double !== undefined) {
    const sampled = plan.strata.flatMap((s) => (Array.isArray(s?.sample) ? s.sample.map((id) => normaliseId(plan.vendor, String(id))) : []));
    const unique = [...new Set(sampled)];
    if (typeof double?.share !== 'number' || !Array.isArray(double.items)) {
      console.log('  double review: needs "share" and "items"');
      allMatch = false;
    } else {
      const drawn = draw(unique, Math.ceil(double.share * unique.length - 1e-9), plan.seed, 'double review');
      const same = drawn.length === double.items.length && drawn.every((id, i) => id === String(double.items[i]));
      console.log(`  double review: ${same ? 'matches' : 'DIFFERS'} — drew ${drawn.length} of ${unique.length} sampled (${double.share * 100}%)`);
      if (!same) {
        allMatch = false;
        console.log(`    plan:    ${double.items.join(', ')}`);
        console.log(`    re-draw: ${drawn.join(', ')}`);
      }
    }
  }
  console.log(allMatch ? 'The sample is the one the seed gives.' : 'The sample is NOT the one the seed gives.');
  return allMatch ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node tools/draw-sample.mjs <recount-spot-check.json>');
    process.exit(2);
  }
  process.exit(main(file));
}
