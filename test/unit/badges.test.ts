import { beforeEach, describe, expect, it, vi } from 'vitest';
import { intercomAdapter } from '../../utils/adapters/intercom';
import type { RowStatus } from '../../utils/store/tagging';
import { badgeFor, createListBadges } from '../../components/overlay/badges';

const row = (id: string) => `<li><a href="https://app.intercom.com/a/inbox/app1/inbox/shared/all/conversation/${id}">Conversation ${id}</a></li>`;
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const badgeText = (id: string) => document.querySelector(`a[href$="/conversation/${id}"] [data-recount-badge]`)?.textContent ?? null;

describe('badge looks', () => {
  it.each([
    [undefined, null],
    [{ billable: false, verdict: null, suggested: null }, null],
    [{ billable: true, verdict: null, suggested: null }, '● Not tagged'],
    [{ billable: true, verdict: null, suggested: 'false' }, '⚑ Check: likely false'],
    [{ billable: true, verdict: 'genuine', suggested: 'false' }, '✓ Genuine'],
    [{ billable: false, verdict: 'false', suggested: null }, '✗ False'],
    [{ billable: true, verdict: 'unsure', suggested: null }, '? Unsure'],
  ] as const)('%j → %s', (status, text) => expect(badgeFor(status as RowStatus | undefined)?.text ?? null).toBe(text));
});

describe('list badges', () => {
  beforeEach(() => {
    document.body.innerHTML = `<ul class="list">${row('1')}${row('2')}${row('3')}</ul>
      <div data-intercom-target="conversation-space"><a href="https://app.intercom.com/a/inbox/app1/inbox/shared/all/conversation/1">self link</a></div>`;
  });

  it('asks once, in one batch, for the rows it has not seen, and badges only what Recount knows', async () => {
    const fetch = vi.fn(async (keys: string[]) => {
      expect(keys).toEqual(['intercom:app1:1', 'intercom:app1:2', 'intercom:app1:3']);
      return {
        'intercom:app1:1': { billable: true, verdict: 'false', suggested: null },
        'intercom:app1:2': { billable: true, verdict: null, suggested: null },
      } as Record<string, RowStatus>;
    });
    const badges = createListBadges(intercomAdapter, fetch);
    badges.update();
    badges.update(); // a second pass while the first is in flight asks nothing more
    await flush();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect([badgeText('1'), badgeText('2'), badgeText('3')]).toEqual(['✗ False', '● Not tagged', null]);
    // The open conversation's own link gets no badge.
    expect(document.querySelector('[data-intercom-target] [data-recount-badge]')).toBeNull();
    badges.update();
    await flush();
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('follows a tag without asking again, and leaves the DOM alone when nothing changed', async () => {
    const fetch = vi.fn(async () => ({ 'intercom:app1:2': { billable: true, verdict: null, suggested: null } }) as Record<string, RowStatus>);
    const badges = createListBadges(intercomAdapter, fetch);
    badges.update();
    await flush();
    const before = document.querySelector('a[href$="/conversation/2"] [data-recount-badge]');
    const observer = new MutationObserver(() => undefined);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    badges.update();
    expect(observer.takeRecords()).toEqual([]);
    badges.set('intercom:app1:2', { verdict: 'genuine' });
    expect(badgeText('2')).toBe('✓ Genuine');
    expect(document.querySelector('a[href$="/conversation/2"] [data-recount-badge]')).toBe(before);
    expect(fetch).toHaveBeenCalledTimes(1);
    observer.disconnect();
  });

  it('badges rows added later (a long list rendering as it scrolls)', async () => {
    const fetch = vi.fn(async (keys: string[]) =>
      Object.fromEntries(keys.map((k) => [k, { billable: true, verdict: null, suggested: 'false' }])) as Record<string, RowStatus>,
    );
    const badges = createListBadges(intercomAdapter, fetch);
    badges.update();
    await flush();
    document.querySelector('ul')!.insertAdjacentHTML('beforeend', row('4'));
    badges.update();
    await flush();
    expect(badgeText('4')).toBe('⚑ Check: likely false');
    expect(fetch).toHaveBeenLastCalledWith(['intercom:app1:4']);
  });
});
