import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VerdictBar } from '../../components/overlay/VerdictBar';
import { type BarState } from '../../components/overlay/bar-state';
import type { VerdictEvent } from '../../utils/model/verdict';

afterEach(cleanup);

const billable = (over: Partial<Extract<BarState, { kind: 'billable' }>> = {}): BarState => ({
  kind: 'billable',
  convKey: 'intercom:abc:42',
  claimText: 'Fin: assumed resolution',
  suggestion: { verdict: 'unsure', reason: null, because: ['The customer never answered.'], unverified: true },
  current: null,
  reviewerSet: true,
  save: { kind: 'idle' },
  ...over,
});

const current: VerdictEvent = {
  id: 'e1', convKey: 'intercom:abc:42', vendor: 'intercom', workspace: 'abc', conversationId: '42',
  verdict: 'false', reason: 'human_needed', note: 'Alex took over', reviewer: 'Ana', at: Date.parse('2026-11-20T10:00:00Z'),
  claim: { state: 'closed', resolution: 'assumed', resolutionLabel: 'Assumed Resolution', url: 'u' }, suggested: null,
  chain: 'c1', seq: 1, prevHash: '0'.repeat(64), hash: 'a'.repeat(64),
};

describe('verdict bar', () => {
  it('is a region named "Recount verdict" with buttons whose names begin Genuine, False resolution, Unsure', () => {
    render(<VerdictBar state={billable()} onTag={() => {}} />);
    const region = screen.getByRole('region', { name: 'Recount verdict' });
    expect(region).toBeTruthy();
    expect(screen.getByRole('button', { name: /^Genuine/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: /^False resolution/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: /^Unsure/ })).toBeTruthy();
    expect(region.textContent).toContain('Fin: assumed resolution');
    expect(region.textContent).toContain('Suggestion: unverified, read it');
    expect(region.textContent).toContain('Not tagged yet');
  });

  it('tags genuine in one click', () => {
    const onTag = vi.fn();
    render(<VerdictBar state={billable()} onTag={onTag} />);
    fireEvent.click(screen.getByRole('button', { name: /^Genuine/ }));
    expect(onTag).toHaveBeenCalledWith({ verdict: 'genuine', reason: null, note: '' });
  });

  it('asks for a reason on false, preselecting the suggested one', () => {
    const onTag = vi.fn();
    render(
      <VerdictBar
        state={billable({ suggestion: { verdict: 'false', reason: 'human_needed', because: ['A teammate replied.'], unverified: false } })}
        onTag={onTag}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: /^False resolution/ }));
    expect(onTag).not.toHaveBeenCalled();
    const picker = screen.getByRole('combobox', { name: /Why false/ }) as HTMLSelectElement;
    expect(picker.value).toBe('human_needed');
    fireEvent.change(picker, { target: { value: 'recontacted' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save false resolution' }));
    expect(onTag).toHaveBeenCalledWith({ verdict: 'false', reason: 'recontacted', note: '' });
  });

  it('works from the keyboard inside the bar: u, then f and a reason digit, with a note', () => {
    const onTag = vi.fn();
    render(<VerdictBar state={billable()} onTag={onTag} />);
    const region = screen.getByRole('region', { name: 'Recount verdict' });
    fireEvent.keyDown(region, { key: 'u' });
    expect(onTag).toHaveBeenLastCalledWith({ verdict: 'unsure', reason: null, note: '' });
    fireEvent.keyDown(region, { key: 'n' });
    const note = screen.getByRole('textbox', { name: 'Note' });
    fireEvent.input(note, { target: { value: '  Customer came back by email  ' } });
    fireEvent.keyDown(region, { key: 'f' });
    fireEvent.keyDown(screen.getByRole('combobox', { name: /Why false/ }), { key: '2' });
    expect(onTag).toHaveBeenLastCalledWith({ verdict: 'false', reason: 'recontacted', note: 'Customer came back by email' });
  });

  it('opens the reason picker when the page chord asks for it', () => {
    const { rerender } = render(<VerdictBar state={billable()} onTag={() => {}} falsePickerRequest={0} />);
    expect(screen.queryByRole('combobox')).toBeNull();
    rerender(<VerdictBar state={billable()} onTag={() => {}} falsePickerRequest={1} />);
    expect(screen.getByRole('combobox', { name: /Why false/ })).toBeTruthy();
  });

  it('shows the current verdict with reviewer and time, and marks its button pressed', () => {
    render(<VerdictBar state={billable({ current })} onTag={() => {}} />);
    const text = screen.getByRole('region', { name: 'Recount verdict' }).textContent!;
    expect(text).toContain('Current: False resolution — A teammate had to step in · Ana ·');
    expect(text).toContain('2026');
    expect(screen.getByRole('button', { name: /^False resolution/ }).getAttribute('aria-pressed')).toBe('true');
  });

  it('says "Saving…" while the tag is in flight, "Saved" after commit, and why it failed', () => {
    const { rerender } = render(<VerdictBar state={billable({ save: { kind: 'saving', verdict: 'genuine' } })} onTag={() => {}} />);
    expect(screen.getByText('Saving…')).toBeTruthy();
    rerender(<VerdictBar state={billable({ save: { kind: 'saved' } })} onTag={() => {}} />);
    expect(screen.getByText('Saved')).toBeTruthy();
    rerender(<VerdictBar state={billable({ save: { kind: 'failed', error: 'quota exceeded' } })} onTag={() => {}} />);
    expect(screen.getByText(/Not saved: quota exceeded/)).toBeTruthy();
  });

  it('says the team log’s status in its footer, and nothing of it when not in a team', () => {
    const { rerender } = render(<VerdictBar state={billable({ teamLine: 'Team log: 2 waiting' })} onTag={() => {}} />);
    expect(screen.getByRole('status', { name: 'Team log' }).textContent).toBe('Team log: 2 waiting');
    rerender(<VerdictBar state={billable({ teamLine: null })} onTag={() => {}} />);
    expect(screen.queryByRole('status', { name: 'Team log' })).toBeNull();
  });

  it('reminds gently when no reviewer name is set', () => {
    render(<VerdictBar state={billable({ reviewerSet: false })} onTag={() => {}} />);
    expect(screen.getByText(/unnamed reviewer/)).toBeTruthy();
  });

  it('renders page text as text, never as markup', () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
    render(<VerdictBar state={billable({ claimText: hostile, current: { ...current, note: hostile, reviewer: hostile } })} onTag={() => {}} />);
    const region = screen.getByRole('region', { name: 'Recount verdict' });
    expect(region.querySelector('img')).toBeNull();
    expect(region.querySelector('b')).toBeNull();
    expect(region.textContent).toContain(hostile);
  });

  it('shows a neutral chip, never a prompt, when the vendor did not bill', () => {
    render(<VerdictBar state={{ kind: 'not-billed', claimText: 'Fin: escalated to a teammate' }} onTag={() => {}} />);
    expect(screen.queryByRole('region', { name: 'Recount verdict' })).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Fin: escalated to a teammate — not billed');
  });

  it('shows "can\'t read this page" with the missing markers, and no buttons', () => {
    render(<VerdictBar state={{ kind: 'unreadable', missing: ['message parts'] }} onTag={() => {}} />);
    expect(screen.getByRole('status').textContent).toMatch(/can’t read this page.*message parts/);
    expect(screen.queryByRole('button')).toBeNull();
  });
});

describe('collapsed bar', () => {
  it('collapses to one line that still shows the verdict, expands again, and opens the picker on the chord', () => {
    const { rerender } = render(<VerdictBar state={billable({ current })} onTag={() => {}} falsePickerRequest={0} />);
    fireEvent.click(screen.getByRole('button', { name: 'Collapse' }));
    const region = screen.getByRole('region', { name: 'Recount verdict' });
    expect(region.textContent).toContain('Fin: assumed resolution · False resolution');
    expect(screen.queryByRole('button', { name: /^Genuine/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Expand' }));
    expect(screen.getByRole('button', { name: /^Genuine/ })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Collapse' }));
    rerender(<VerdictBar state={billable({ current })} onTag={() => {}} falsePickerRequest={1} />);
    expect(screen.getByRole('combobox', { name: /Why false/ })).toBeTruthy();
  });

  it('stays collapsed on the next conversation', () => {
    const { rerender } = render(<VerdictBar state={billable()} onTag={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Collapse' }));
    rerender(<VerdictBar state={billable({ convKey: 'intercom:abc:43' })} onTag={() => {}} />);
    expect(screen.getByRole('button', { name: 'Expand' })).toBeTruthy();
  });
});
