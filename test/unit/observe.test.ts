// The content script's one observer: what a batch of page changes costs depends on what it touches.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addsElements, observeRoots, type MutationTriage } from '../../utils/adapters/dom';

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
// Mutation records are delivered at the next microtask checkpoint, before any frame.
const settle = async () => {
  for (let i = 0; i < 3; i++) await Promise.resolve();
};

let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  document.body.innerHTML = '';
});

function watch(triage: MutationTriage) {
  const calls: MutationRecord[][] = [];
  stop = observeRoots(document, [], (records) => calls.push([...records]), triage);
  return calls;
}

describe('observeRoots triage', () => {
  it('never calls back for batches the triage skips', async () => {
    const calls = watch(() => 'skip');
    document.body.append(document.createElement('div'));
    await settle();
    await nextFrame();
    expect(calls).toHaveLength(0);
  });

  it('calls back at once for an urgent batch, before the next frame', async () => {
    const calls = watch(() => 'now');
    const frame = vi.fn();
    requestAnimationFrame(frame);
    document.body.append(document.createElement('p'));
    await settle();
    expect(calls).toHaveLength(1);
    expect(frame).not.toHaveBeenCalled();
    expect(calls[0][0].addedNodes[0]).toBeInstanceOf(HTMLParagraphElement);
  });

  it('gathers the batches of one frame into one call', async () => {
    const calls = watch(() => 'frame');
    document.body.append(document.createElement('a'));
    await settle();
    document.body.append(document.createElement('b'));
    await settle();
    expect(calls).toHaveLength(0);
    await nextFrame();
    await nextFrame();
    expect(calls).toHaveLength(1);
    expect(calls[0].length).toBeGreaterThanOrEqual(2);
  });

  it('an urgent batch carries the records still waiting for their frame', async () => {
    let urgent = false;
    const calls = watch(() => (urgent ? 'now' : 'frame'));
    document.body.append(document.createElement('a'));
    await settle();
    urgent = true;
    document.body.append(document.createElement('b'));
    await settle();
    expect(calls).toHaveLength(1);
    expect(calls[0].flatMap((r) => [...r.addedNodes].map((n) => n.nodeName))).toEqual(['A', 'B']);
    await nextFrame();
    await nextFrame();
    expect(calls).toHaveLength(1); // the frame found nothing left to do
  });
});

describe('addsElements', () => {
  it('is true only when a batch adds an element, not for text or removals', async () => {
    const span = document.createElement('span');
    span.textContent = 'waiting';
    document.body.append(span);
    const seen: boolean[] = [];
    const observer = new MutationObserver((records) => seen.push(addsElements(records)));
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    span.textContent = 'updated';
    await settle();
    span.remove();
    await settle();
    document.body.append(document.createElement('li'));
    await settle();
    observer.disconnect();
    expect(seen).toEqual([false, false, true]);
  });
});
