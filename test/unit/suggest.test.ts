import { describe, expect, it } from 'vitest';
import type { AuthorKind, TranscriptMessage } from '../../utils/model/transcript';
import { asksForPerson, isComplaint, isQuestion, isThanks, suggestVerdict } from '../../utils/model/suggest';

const m = (author: AuthorKind, text: string): TranscriptMessage => ({ author, authorName: '', at: null, text });
const FIN_ANSWER = m('ai_agent', 'Go to Settings › Billing and press "Change plan".');

describe('suggestion rules', () => {
  it('customer thanked after Fin → genuine', () => {
    const s = suggestVerdict([m('customer', 'How do I change plan?'), FIN_ANSWER, m('customer', 'That worked, thanks!')], 'confirmed');
    expect(s).toMatchObject({ verdict: 'genuine', reason: null, unverified: false });
    expect(s.because[0]).toMatch(/thanked/);
  });

  it('customer never answered an assumed resolution → unverified, read it', () => {
    const s = suggestVerdict([m('customer', 'How do I change plan?'), FIN_ANSWER], 'assumed');
    expect(s).toMatchObject({ verdict: 'unsure', unverified: true });
    expect(s.because[0]).toMatch(/never answered.*assumed/);
  });

  it('teammate replied after Fin → false, human needed', () => {
    const s = suggestVerdict(
      [m('customer', 'Refund please'), FIN_ANSWER, m('teammate', 'I have refunded you.'), m('customer', 'thanks')],
      'assumed',
    );
    expect(s).toMatchObject({ verdict: 'false', reason: 'human_needed' });
  });

  it('an internal note after Fin is not a teammate reply', () => {
    const s = suggestVerdict([m('customer', 'How do I export?'), FIN_ANSWER, m('note', 'checked'), m('customer', 'perfect, thank you')], 'confirmed');
    expect(s.verdict).toBe('genuine');
  });

  it('customer asked for a person after Fin → false, human needed', () => {
    const s = suggestVerdict([m('customer', 'Cancel my order'), FIN_ANSWER, m('customer', 'Can I talk to a real person')], 'assumed');
    expect(s).toMatchObject({ verdict: 'false', reason: 'human_needed' });
  });

  it('customer complained after Fin → false, wrong answer', () => {
    const s = suggestVerdict([m('customer', 'App crashes'), FIN_ANSWER, m('customer', "That didn't help, still broken.")], 'assumed');
    expect(s).toMatchObject({ verdict: 'false', reason: 'wrong_answer' });
  });

  it('customer asked a further question after Fin → false, wrong answer', () => {
    const s = suggestVerdict([m('customer', 'Export?'), FIN_ANSWER, m('customer', 'ok but where is that menu on mobile?')], 'assumed');
    expect(s).toMatchObject({ verdict: 'false', reason: 'wrong_answer' });
  });

  it('a question answered by Fin and then thanked is genuine: only what follows the last answer counts', () => {
    const s = suggestVerdict(
      [m('customer', 'Export?'), FIN_ANSWER, m('customer', 'Where on mobile?'), m('ai_agent', 'Tap ⋯ › Export.'), m('customer', 'got it, thanks')],
      'confirmed',
    );
    expect(s.verdict).toBe('genuine');
  });

  it('greeting only → false, not billable', () => {
    const s = suggestVerdict([m('customer', 'hi'), m('ai_agent', 'Hi! How can I help?')], 'assumed');
    expect(s).toMatchObject({ verdict: 'false', reason: 'not_billable' });
  });

  it('no Fin message visible → unsure', () => {
    expect(suggestVerdict([m('customer', 'Where is my parcel?')], 'assumed')).toMatchObject({ verdict: 'unsure', unverified: true });
  });

  it('"thanks but it still does not work" is a complaint, not thanks', () => {
    expect(isThanks('thanks but it still doesn\'t work')).toBe(false);
    expect(isComplaint('thanks but it still doesn\'t work')).toBe(true);
    expect(suggestVerdict([m('customer', 'x?'), FIN_ANSWER, m('customer', "thanks but it still doesn't work")], 'assumed').verdict).toBe('false');
  });

  it('"no thanks" is not a confirmation', () => {
    expect(isThanks('no thanks')).toBe(false);
  });

  it.each([
    ['Can I speak to someone?', true],
    ['I want a human', true],
    ['Thank you!', false],
  ])('asks for a person: %s → %s', (text, expected) => expect(asksForPerson(text)).toBe(expected));

  it.each([
    ['Where is it?', true],
    ['how do I do that on Android', true],
    ['Great, thanks', false],
  ])('question: %s → %s', (text, expected) => expect(isQuestion(text)).toBe(expected));
});
