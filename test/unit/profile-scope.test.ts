// A vendor profile reads only the conversation in the URL: an inbox list's rows (links to other conversations,
// with their own "Resolved" labels and message previews), hidden earlier conversations and words a customer
// typed are never taken for it. The pages are a Sierra-like console as the example profile describes it.
import { describe, expect, it } from 'vitest';
import { EXAMPLE_PROFILES, readProfilePage } from '../../utils/adapters/profiles';

const sierra = EXAMPLE_PROFILES.find((p) => p.id === 'sierra')!;
const URL_1042 = new URL('https://console.sierra.example/conversations/c-1042');

const message = (author: string, text: string) => `<div class="message"><span class="message-author">${author}</span><p class="message-body">${text}</p></div>`;
const conversation = (status: string, ...messages: string[]) =>
  `<header><h1>Conversation</h1><span class="status" ${status === 'Resolved' ? 'data-status="resolved"' : ''}>${status}</span></header><main class="transcript">${messages.join('')}</main>`;
const LIST = `<nav class="inbox">
  <a href="/conversations/c-0999"><span class="status" data-status="resolved">Resolved</span><div class="transcript"><div class="message"><span class="message-author">Sierra</span><p class="message-body">Preview of another conversation</p></div></div></a>
  <a href="/conversations/c-0998"><span>Resolved</span></a>
</nav>`;

function read(body: string) {
  document.body.innerHTML = body;
  return readProfilePage(sierra, document, URL_1042);
}

describe('a profile reads the conversation in the URL only', () => {
  it('an open conversation beside a list of resolved ones is not billed, and the list previews are not its messages', () => {
    const result = read(LIST + conversation('Open', message('Customer', 'I was double charged.'), message('Sierra', 'Refunded.')));
    expect(result).toMatchObject({ status: 'conversation', conversation: { claim: { resolution: 'none' } } });
    if (result.status !== 'conversation') return;
    expect(result.conversation.messages.map((m) => m.text)).toEqual(['I was double charged.', 'Refunded.']);
  });

  it('its own resolved marker still counts', () => {
    expect(read(LIST + conversation('Resolved', message('Customer', 'Hi'), message('Sierra', 'Done.')))).toMatchObject({
      status: 'conversation',
      conversation: { claim: { resolution: 'resolved' } },
    });
  });

  it('a customer typing the resolved word does not make it resolved', () => {
    const result = read(conversation('Open', message('Customer', 'Resolved'), message('Sierra', 'Glad to hear it.')));
    expect(result).toMatchObject({ status: 'conversation', conversation: { claim: { resolution: 'none' } } });
  });

  it('a hidden earlier conversation is not read: neither its messages nor its marker', () => {
    const earlier = `<section hidden>${conversation('Resolved', message('Customer', 'EARLIER'), message('Sierra', 'EARLIER answer'))}</section>`;
    const result = read(earlier + `<section>${conversation('Open', message('Customer', 'Now'), message('Sierra', 'Answer'))}</section>`);
    expect(result).toMatchObject({ status: 'conversation', conversation: { claim: { resolution: 'none' } } });
    if (result.status !== 'conversation') return;
    expect(result.conversation.messages.map((m) => m.text)).toEqual(['Now', 'Answer']);
  });

  it('only list previews on the page: nothing to read', () => {
    expect(read(LIST)).toMatchObject({ status: 'missing-markers' });
  });
});
