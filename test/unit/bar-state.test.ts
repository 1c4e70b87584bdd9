// Every state the verdict bar can be in, from what the page controller knows (hand-worked, one per branch).
import { describe, expect, it } from 'vitest';
import { barStateOf, type BarInputs } from '../../components/overlay/bar-state';
import { DEFAULT_SETTINGS } from '../../utils/model/settings';
import type { ConversationRead } from '../../utils/model/transcript';

const conversation = (resolution: ConversationRead['claim']['resolution']): ConversationRead => ({
  key: { vendor: 'intercom', workspace: 'w', conversationId: '7' },
  claim: { state: 'closed', resolution, resolutionLabel: 'Assumed Resolution', url: 'https://app.intercom.com/x' },
  agentName: 'Fin',
  messages: [],
  billingNote: null,
});
const none: BarInputs = { unreadable: null, conversation: null, witnessNote: null, suggestion: null, current: undefined, settings: null, save: { kind: 'idle' } };

describe('barStateOf', () => {
  it('shows the "can\'t read" chip before anything else', () => {
    expect(barStateOf({ ...none, unreadable: ['the status'], conversation: conversation('assumed') })).toEqual({ kind: 'unreadable', missing: ['the status'] });
  });

  it('shows nothing without a conversation, or for one the vendor claims nothing of', () => {
    expect(barStateOf(none)).toEqual({ kind: 'hidden' });
    expect(barStateOf({ ...none, conversation: conversation('none') })).toEqual({ kind: 'hidden' });
  });

  it('a neutral chip when the API disagrees about a conversation the page claims nothing of', () => {
    const witnessNote = { text: 'Intercom API: assumed resolution', disagree: true };
    expect(barStateOf({ ...none, conversation: conversation('none'), witnessNote })).toMatchObject({ kind: 'not-billed', witness: witnessNote });
  });

  it('the verdict prompt for a billable claim: no verdict yet while the background has not answered, reviewer unnamed', () => {
    const state = barStateOf({ ...none, conversation: conversation('assumed'), settings: { ...DEFAULT_SETTINGS, reviewerName: '' } });
    expect(state).toMatchObject({ kind: 'billable', convKey: 'intercom:w:7', current: null, reviewerSet: false, save: { kind: 'idle' } });
  });
});
