#!/usr/bin/env node
// Judges each conversation of a Recount evidence bundle by the buyer's own definition of a resolution, with
// nothing but Node and none of Recount's code — written from the rules below, so a vendor can check the count the
// buyer's report gives. Unzip the bundle first (any unzip tool), then:
//   node tools/own-definition.mjs --return-days 14 --no-negative --genuine-when-reviewed conversations.json
// Options (each a rule; the report names the ones the buyer turned on): --return-days N, --no-negative,
// --no-teammate, --genuine-when-reviewed. Exits 0 when it could judge, 2 when the file or options are unusable.
//
// The rules, in full:
// - The AI agent's last answer: its last message in the transcript (notes left out); the outcome time is the
//   latest time among the AI agent's messages that show one.
// - returned (--return-days N): a customer message timed after the outcome and at most N days after it that is
//   not an acknowledgement (a short "thanks", "ok", "that worked"… of at most 60 characters, from the word list
//   below), or a billed window the customer reopened (billing.reopenedWindows > 0).
// - negative (--no-negative): the vendor's page marked negative feedback (claim.resolution "negative_feedback"), or
//   a customer message after the AI agent's last answer holds a complaint (word list below) or "no thanks" /
//   "thanks for nothing".
// - teammate (--no-teammate): the vendor marked it handled by a teammate or escalated, or a teammate wrote after
//   the AI agent's last answer.
// - not genuine (--genuine-when-reviewed): the conversation's current verdict exists and is not "genuine".
// - not judged: no transcript kept (transcript null) while a rule that reads it is on.
import { readFileSync } from 'node:fs';

const ACKNOWLEDGEMENT =
  /^(?:(?:ok(?:ay)?|k|thanks?|thank you|thx|ty|cheers|great|perfect|cool|nice|awesome|got it|that worked|it worked|works(?: now)?|solved|sorted|all good|bye|goodbye|yes|yep|no|nope|much appreciated|appreciated)(?:\s+(?:so much|a lot|again|you|very much|for (?:the|your) help))*[\s!.,🙂😊👍🙏❤️]*)+$/iu;
const COMPLAINT =
  /\b(not (helpful|working|what i asked|right)|doesn'?t (help|work)|didn'?t (help|work)|useless|wrong|still (broken|not|can'?t|doesn'?t|having)|no that|that'?s not|ridiculous|frustrat\w*|annoy\w*|terrible|cancel)\b|\b(no thanks|thanks for nothing)\b/i;
const DAY_MS = 24 * 3600e3;

const isAcknowledgement = (text) => {
  const t = String(text).trim();
  return t.length > 0 && t.length <= 60 && ACKNOWLEDGEMENT.test(t);
};

export function judge(c, rules) {
  const transcript = Array.isArray(c.transcript) ? c.transcript : null;
  if (!transcript && (rules.returnDays !== null || rules.noNegative || rules.noTeammate)) return { meets: null, why: 'no transcript kept' };
  const visible = (transcript ?? []).filter((m) => m.author !== 'note');
  const lastAnswer = visible.map((m) => m.author).lastIndexOf('ai_agent');
  const after = lastAnswer < 0 ? [] : visible.slice(lastAnswer + 1);
  const answered = visible.filter((m) => m.author === 'ai_agent' && typeof m.at === 'number').map((m) => m.at);
  const outcome = answered.length > 0 ? Math.max(...answered) : null;
  const failed = [];
  if (rules.returnDays !== null) {
    const back = outcome !== null && visible.some((m) => m.author === 'customer' && typeof m.at === 'number' && m.at > outcome && m.at - outcome <= rules.returnDays * DAY_MS && !isAcknowledgement(m.text));
    if (back || (c.billing?.reopenedWindows ?? 0) > 0) failed.push('returned');
  }
  if (rules.noNegative && (c.claim?.resolution === 'negative_feedback' || after.some((m) => m.author === 'customer' && COMPLAINT.test(m.text)))) failed.push('negative');
  if (rules.noTeammate && (['handled_by_teammate', 'escalated'].includes(c.claim?.resolution) || after.some((m) => m.author === 'teammate'))) failed.push('teammate');
  if (rules.genuineWhenReviewed && c.current && c.current.verdict !== 'genuine') failed.push('not genuine');
  return failed.length === 0 ? { meets: true } : { meets: false, failed };
}

function main(args) {
  const rules = { returnDays: null, noNegative: false, noTeammate: false, genuineWhenReviewed: false };
  let file = null;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--return-days') {
      const days = Number(args[++i]);
      if (!Number.isInteger(days) || days < 1 || days > 365) {
        console.log('--return-days: expected whole days from 1 to 365');
        return 2;
      }
      rules.returnDays = days;
    } else if (args[i] === '--no-negative') rules.noNegative = true;
    else if (args[i] === '--no-teammate') rules.noTeammate = true;
    else if (args[i] === '--genuine-when-reviewed') rules.genuineWhenReviewed = true;
    else file = args[i];
  }
  if (!file) {
    console.log('usage: node tools/own-definition.mjs [--return-days N] [--no-negative] [--no-teammate] [--genuine-when-reviewed] conversations.json');
    return 2;
  }
  let parsed;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.log(`${file}: cannot read it as JSON (${error.message})`);
    return 2;
  }
  if (parsed?.format !== 'recount-conversations' || !Array.isArray(parsed.conversations)) {
    console.log(`${file}: not the conversations.json of a Recount evidence bundle (needs "format": "recount-conversations")`);
    return 2;
  }
  const totals = { meets: 0, fails: 0, notJudged: 0 };
  const byRule = {};
  for (const c of parsed.conversations) {
    const j = judge(c, rules);
    const id = `${c.vendor}:${c.conversationId}`;
    if (j.meets === true) totals.meets++;
    else if (j.meets === null) totals.notJudged++;
    else {
      totals.fails++;
      for (const r of j.failed) byRule[r] = (byRule[r] ?? 0) + 1;
    }
    console.log(`  ${id}: ${j.meets === true ? 'meets' : j.meets === null ? `not judged (${j.why})` : `fails: ${j.failed.join(', ')}`}`);
  }
  console.log(`meets ${totals.meets}, fails ${totals.fails}, not judged ${totals.notJudged} of ${parsed.conversations.length} conversation(s)`);
  console.log(`failing by rule: ${Object.entries(byRule).map(([r, n]) => `${r} ${n}`).join(', ') || 'none'}`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main(process.argv.slice(2)));
