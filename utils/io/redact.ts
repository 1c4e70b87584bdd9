// Redaction for evidence bundles: a transcript shared with a vendor should not carry customers' contact or
// card details. Patterns are deliberately broad; a redacted word is replaced by a label, never removed silently.

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// 13–19 digits, optionally grouped by spaces or dashes (card numbers), checked with Luhn to spare order ids.
const CARD_LIKE = /\b(?:\d[ -]?){12,18}\d\b/g;
// Phone numbers: an optional +country code, then 7–15 digits with spaces, dots, dashes or parentheses.
const PHONE = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d(?:[\s.-]?\d){6,14}\b/g;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length >= 13 && sum % 10 === 0;
}

export interface RedactionCount {
  emails: number;
  phones: number;
  cards: number;
}

export function redact(text: string, count: RedactionCount = { emails: 0, phones: 0, cards: 0 }): string {
  return text
    .replace(EMAIL, () => {
      count.emails++;
      return '[email redacted]';
    })
    .replace(CARD_LIKE, (match) => {
      if (!luhnValid(match.replace(/\D/g, ''))) return match;
      count.cards++;
      return '[card number redacted]';
    })
    .replace(PHONE, (match) => {
      // Short dashed numbers are usually ids ("invoice 2026-118"): a phone has 9+ digits or a + or (area code).
      if (match.replace(/\D/g, '').length < 9 && !/^[+(]/.test(match.trim())) return match;
      count.phones++;
      return '[phone redacted]';
    });
}
