// Suggestion rules: plain functions over what the transcript visibly shows. No model, no network.
// A suggestion never tags anything; it tells the reviewer where to look and why.
import type { TranscriptMessage } from './transcript';
import type { FalseReason, ResolutionKind, Verdict } from './verdict';

export interface Suggestion {
  verdict: Verdict;
  reason: FalseReason | null;
  /** Short sentences, each naming the signal seen. */
  because: string[];
  /** True when nothing visible supports or refutes the claim: the reviewer should read it. */
  unverified: boolean;
}

const THANKS =
  /\b(thanks|thank you|thx|ty|cheers|perfect|great|awesome|that (worked|helped|did it|fixed it)|it works|works now|solved|all good|got it)\b/i;
const PERSON =
  /\b(human|real person|agent|someone|somebody|representative|operator|talk to (a|an|someone)|speak (to|with)|live chat|support team)\b/i;
const COMPLAINT =
  /\b(not (helpful|working|what i asked|right)|doesn'?t (help|work)|didn'?t (help|work)|useless|wrong|still (broken|not|can'?t|doesn'?t|having)|no that|that'?s not|ridiculous|frustrat\w*|annoy\w*|terrible|cancel)\b/i;
const NEGATED_THANKS = /\b(no thanks|thanks for nothing)\b/i;
const GREETING_ONLY = /^(hi|hello|hey|yo|good (morning|afternoon|evening)|hiya|test|testing)[\s!.,?]*$/i;

export function isThanks(text: string): boolean {
  return THANKS.test(text) && !NEGATED_THANKS.test(text) && !COMPLAINT.test(text);
}
export function asksForPerson(text: string): boolean {
  return PERSON.test(text);
}
export function isComplaint(text: string): boolean {
  return COMPLAINT.test(text) || NEGATED_THANKS.test(text);
}
export function isQuestion(text: string): boolean {
  return /\?/.test(text) || /^(how|what|why|when|where|which|who|can|could|is|are|do|does|will|would)\b/i.test(text.trim());
}

export function suggestVerdict(messages: readonly TranscriptMessage[], resolution: ResolutionKind): Suggestion {
  const visible = messages.filter((m) => m.author !== 'note');
  let lastAgent = -1;
  for (let i = visible.length - 1; i >= 0; i--) {
    if (visible[i].author === 'ai_agent') {
      lastAgent = i;
      break;
    }
  }
  const customerTexts = visible.filter((m) => m.author === 'customer').map((m) => m.text);
  if (customerTexts.length > 0 && customerTexts.every((t) => GREETING_ONLY.test(t.trim()))) {
    return {
      verdict: 'false',
      reason: 'not_billable',
      because: ['The customer only said a greeting or a test message.'],
      unverified: false,
    };
  }
  if (lastAgent < 0) {
    return { verdict: 'unsure', reason: null, because: ['No message from the AI agent is visible.'], unverified: true };
  }
  const after = visible.slice(lastAgent + 1);
  if (after.some((m) => m.author === 'teammate')) {
    return {
      verdict: 'false',
      reason: 'human_needed',
      because: ["A teammate replied after the AI agent's last answer."],
      unverified: false,
    };
  }
  const customerAfter = after.filter((m) => m.author === 'customer').map((m) => m.text);
  if (customerAfter.some(asksForPerson)) {
    return {
      verdict: 'false',
      reason: 'human_needed',
      because: ["The customer asked for a person after the AI agent's last answer."],
      unverified: false,
    };
  }
  if (customerAfter.some(isComplaint)) {
    return {
      verdict: 'false',
      reason: 'wrong_answer',
      because: ["The customer complained after the AI agent's last answer."],
      unverified: false,
    };
  }
  // A thank-you that ends the conversation confirms; a question after it means the issue went on.
  const lastCustomer = customerAfter[customerAfter.length - 1];
  if (lastCustomer !== undefined && isThanks(lastCustomer)) {
    return {
      verdict: 'genuine',
      reason: null,
      because: ["The customer thanked or confirmed after the AI agent's last answer."],
      unverified: false,
    };
  }
  if (customerAfter.some(isQuestion)) {
    return {
      verdict: 'false',
      reason: 'wrong_answer',
      because: ["The customer asked a further question after the AI agent's last answer."],
      unverified: false,
    };
  }
  if (customerAfter.length === 0) {
    return {
      verdict: 'unsure',
      reason: null,
      because: [
        resolution === 'assumed'
          ? 'The customer never answered: an assumed resolution is unverified. Read it.'
          : "The customer did not answer the AI agent's last message. Read it.",
      ],
      unverified: true,
    };
  }
  return {
    verdict: 'unsure',
    reason: null,
    because: ['The customer wrote again, with no clear thanks, question or complaint. Read it.'],
    unverified: true,
  };
}
