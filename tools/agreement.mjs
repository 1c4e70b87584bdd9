#!/usr/bin/env node
// Recomputes a Recount spot check's blind double review from two files the buyer hands over — the exported plan
// and the exported events (JSON or NDJSON; check it first with tools/verify-log.mjs --key …) — with nothing but
// Node and none of Recount's own code, written from the rules below:
//   node tools/agreement.mjs recount-spot-check-….json recount-events-….json
// Exits 0 when it could compute, 2 when a file is unusable.
//
// The rules, in full:
// 1. The items under double review are the plan's doubleReview.items (tools/draw-sample.mjs re-draws them from
//    the seed). An item is a conversation of the plan's vendor (and workspace, when the plan names one) whose id,
//    as the vendor writes it (Salesforce: the first 15 characters of the record id), is the item.
// 2. Only verdicts made at or after the plan's createdAt count. Each named reviewer's verdict is their latest
//    (latest "at"; equal times: the greater event id).
// 3. An item is waiting until every named reviewer has a verdict; agreed when all are the same; otherwise the
//    arbiter's latest verdict counts if it is later than every reviewer's (then "arbitrated"), else "disagreed".
// 4. Agreement is over the items every named reviewer judged, before any arbitration: the share with one verdict,
//    and with two reviewers Cohen's kappa on the 3×3 table (genuine, false, unsure) with its large-sample standard
//    error (Fleiss, Cohen & Everitt 1969) and the 95% interval kappa ± 1.96·se; with more, Fleiss' kappa.
import { readFileSync } from 'node:fs';

const VERDICTS = ['genuine', 'false', 'unsure'];
const Z95 = 1.959963984540054;

function readEvents(file) {
  const text = readFileSync(file, 'utf8');
  if (/^\{[^\n]*"format":"recount-events-ndjson"/.test(text)) {
    return text
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line))
      .filter((row) => typeof row?.id === 'string' && typeof row?.verdict === 'string');
  }
  const parsed = JSON.parse(text);
  if (!Array.isArray(parsed?.events)) throw new Error('not a Recount events export (no "events")');
  return parsed.events;
}

const later = (a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const idAsVendorWrites = (vendor, conversationId) => (vendor === 'salesforce' ? String(conversationId).split('/').pop().slice(0, 15) : String(conversationId));

function latestOf(events, reviewer) {
  let latest = null;
  for (const e of events) if (e.reviewer === reviewer && (!latest || later(e, latest) > 0)) latest = e;
  return latest;
}

export function itemState(events, review) {
  const reviews = review.reviewers.map((name) => latestOf(events, name)).filter(Boolean);
  if (reviews.length < review.reviewers.length) return { state: 'waiting', reviews, final: null };
  if (new Set(reviews.map((r) => r.verdict)).size === 1) return { state: 'agreed', reviews, final: reviews[0].verdict };
  const last = reviews.reduce((a, b) => (later(a, b) >= 0 ? a : b));
  const arbiter = latestOf(events, review.arbiter);
  if (arbiter && later(arbiter, last) > 0) return { state: 'arbitrated', reviews, final: arbiter.verdict };
  return { state: 'disagreed', reviews, final: null };
}

export function cohen(table) {
  const n = table.flat().reduce((s, x) => s + x, 0);
  if (n === 0) return null;
  const p = table.map((row) => row.map((x) => x / n));
  const rows = p.map((row) => row.reduce((s, x) => s + x, 0));
  const cols = p[0].map((_, j) => p.reduce((s, row) => s + row[j], 0));
  const po = p.reduce((s, row, i) => s + row[i], 0);
  const pe = rows.reduce((s, r, i) => s + r * cols[i], 0);
  if (1 - pe < 1e-12) return { kappa: null, n };
  const k = (po - pe) / (1 - pe);
  let a = 0;
  let b = 0;
  for (let i = 0; i < 3; i++) {
    a += p[i][i] * (1 - (rows[i] + cols[i]) * (1 - k)) ** 2;
    for (let j = 0; j < 3; j++) if (i !== j) b += p[i][j] * (cols[i] + rows[j]) ** 2;
  }
  const variance = (a + b * (1 - k) ** 2 - (k - pe * (1 - k)) ** 2) / (1 - pe) ** 2 / n;
  const se = Math.sqrt(Math.max(0, variance));
  return { kappa: k, se, low: k - Z95 * se, high: k + Z95 * se, n };
}

export function fleiss(counts) {
  if (counts.length === 0) return null;
  const m = counts[0].reduce((s, x) => s + x, 0);
  const total = counts.length * m;
  const share = [0, 1, 2].map((j) => counts.reduce((s, r) => s + r[j], 0) / total);
  const agreement = counts.reduce((s, r) => s + (r.reduce((t, x) => t + x * x, 0) - m) / (m * (m - 1)), 0) / counts.length;
  const chance = share.reduce((s, x) => s + x * x, 0);
  return 1 - chance < 1e-12 ? null : (agreement - chance) / (1 - chance);
}

export function recompute(plan, events) {
  const review = plan.doubleReview;
  const wanted = new Set(review.items.map(String));
  const byItem = new Map([...wanted].map((id) => [id, []]));
  for (const e of events) {
    if (e.vendor !== plan.vendor || (plan.workspace && e.workspace !== plan.workspace) || !(e.at >= plan.createdAt)) continue;
    const id = idAsVendorWrites(e.vendor, e.conversationId);
    if (byItem.has(id)) byItem.get(id).push(e);
  }
  const items = [...byItem].map(([id, list]) => ({ id, ...itemState(list, review) }));
  const count = (state) => items.filter((i) => i.state === state).length;
  const judged = items.filter((i) => i.state !== 'waiting');
  const agreed = judged.filter((i) => new Set(i.reviews.map((r) => r.verdict)).size === 1).length;
  const result = { items: items.length, agreed: count('agreed'), disagreed: count('disagreed'), arbitrated: count('arbitrated'), waiting: count('waiting'), judged: judged.length, sameVerdict: agreed, items_: items };
  if (review.reviewers.length === 2) {
    const [first, second] = [...review.reviewers].sort();
    const table = VERDICTS.map(() => [0, 0, 0]);
    for (const i of judged) {
      const v = (name) => i.reviews.find((r) => r.reviewer === name).verdict;
      table[VERDICTS.indexOf(v(first))][VERDICTS.indexOf(v(second))]++;
    }
    const lean = [first, second].map((who) => {
      const other = who === first ? second : first;
      const theirs = judged.map((i) => Object.fromEntries(i.reviews.map((r) => [r.reviewer, r.verdict])));
      return { reviewer: who, falseWhenOtherGenuine: theirs.filter((t) => t[other] === 'genuine' && t[who] === 'false').length, otherGenuine: theirs.filter((t) => t[other] === 'genuine').length };
    });
    return { ...result, reviewers: [first, second], table, cohen: cohen(table), lean };
  }
  const counts = judged.map((i) => VERDICTS.map((v) => i.reviews.filter((r) => r.verdict === v).length));
  return { ...result, reviewers: [...review.reviewers].sort(), fleiss: fleiss(counts) };
}

function main(planFile, eventsFile) {
  let plan;
  let events;
  try {
    plan = JSON.parse(readFileSync(planFile, 'utf8'));
  } catch (error) {
    console.log(`${planFile}: cannot read it as JSON (${error.message})`);
    return 2;
  }
  if (plan?.format !== 'recount-spot-check' || !plan.doubleReview || !Array.isArray(plan.doubleReview.items) || !Array.isArray(plan.doubleReview.reviewers)) {
    console.log(`${planFile}: not a Recount spot-check plan with a blind double review (needs "format": "recount-spot-check" and "doubleReview")`);
    return 2;
  }
  try {
    events = readEvents(eventsFile);
  } catch (error) {
    console.log(`${eventsFile}: cannot read it (${error.message})`);
    return 2;
  }
  const r = recompute(plan, events);
  const pct = (x, n) => (n > 0 ? `${((100 * x) / n).toFixed(1)}%` : '—');
  console.log(`"${plan.name}": ${r.items} item(s) under blind double review by ${plan.doubleReview.reviewers.join(', ')}; arbiter ${plan.doubleReview.arbiter}`);
  console.log(`  agreed ${r.agreed}, disagreed ${r.disagreed}, arbitrated ${r.arbitrated}, waiting ${r.waiting}`);
  console.log(`  same verdict on ${r.sameVerdict} of ${r.judged} judged by every reviewer (${pct(r.sameVerdict, r.judged)})`);
  if (r.cohen) {
    const c = r.cohen;
    console.log(c.kappa === null ? "  Cohen's kappa: not defined (every verdict the same)" : `  Cohen's kappa ${c.kappa.toFixed(4)} (se ${c.se.toFixed(4)}; 95% CI ${c.low.toFixed(4)} to ${c.high.toFixed(4)}), n = ${c.n}`);
    console.log(`  table (rows ${r.reviewers[0]}, columns ${r.reviewers[1]}; genuine, false, unsure): ${r.table.map((row) => `[${row.join(', ')}]`).join(' ')}`);
    for (const l of r.lean) console.log(`  ${l.reviewer} called false ${l.falseWhenOtherGenuine} of the ${l.otherGenuine} time(s) the other called genuine`);
  } else if ('fleiss' in r) {
    console.log(r.fleiss === null ? "  Fleiss' kappa: not defined" : `  Fleiss' kappa ${r.fleiss.toFixed(4)}`);
  }
  for (const i of r.items_.filter((x) => x.state === 'arbitrated' || x.state === 'disagreed')) {
    console.log(`  ${i.id}: ${i.reviews.map((v) => `${v.reviewer} ${v.verdict}`).join(', ')} → ${i.state === 'arbitrated' ? `${i.final} (arbiter)` : 'waiting for the arbiter'}`);
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [planFile, eventsFile] = process.argv.slice(2);
  if (!planFile || !eventsFile) {
    console.error('usage: node tools/agreement.mjs <recount-spot-check.json> <recount-events.json|.ndjson>');
    process.exit(2);
  }
  process.exit(main(planFile, eventsFile));
}
