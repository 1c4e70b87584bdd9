import type { Filter } from '../../utils/analysis/filters';
import { VendorSelect } from './VendorSelect';
import { FALSE_REASONS, REASON_LABELS, RESOLUTION_KINDS, VERDICT_LABELS, VERDICTS } from '../../utils/model/verdict';

export function FilterBar({
  filter,
  onChange,
  onTextFocus,
  reviewers,
  workspaces,
}: {
  filter: Filter;
  onChange: (next: Filter) => void;
  /** The search box is about to be used: the notes can be read ahead. */
  onTextFocus?: () => void;
  reviewers: string[];
  workspaces: string[];
}) {
  const set = (key: keyof Filter) => (e: Event) => onChange({ ...filter, [key]: (e.target as HTMLInputElement).value });
  return (
    <form class="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <label>
        From <input type="date" name="from" value={filter.from} onInput={set('from')} />
      </label>
      <label>
        To <input type="date" name="to" value={filter.to} onInput={set('to')} />
      </label>
      <VendorSelect name="vendor" value={filter.vendor} allowAll onChange={(vendor) => onChange({ ...filter, vendor })} />
      <label>
        Workspace{' '}
        <select name="workspace" value={filter.workspace} onChange={set('workspace')}>
          <option value="">all</option>
          {workspaces.map((w) => (
            <option value={w}>{w}</option>
          ))}
        </select>
      </label>
      <label>
        Vendor claim{' '}
        <select name="claim" value={filter.claim} onChange={set('claim')}>
          <option value="">all</option>
          {RESOLUTION_KINDS.map((k) => (
            <option value={k}>{k.replace(/_/g, ' ')}</option>
          ))}
        </select>
      </label>
      <label>
        Verdict{' '}
        <select name="verdict" value={filter.verdict} onChange={set('verdict')}>
          <option value="">all</option>
          {VERDICTS.map((v) => (
            <option value={v}>{VERDICT_LABELS[v]}</option>
          ))}
          <option value="untagged">not tagged</option>
        </select>
      </label>
      <label>
        Reason{' '}
        <select name="reason" value={filter.reason} onChange={set('reason')}>
          <option value="">all</option>
          {FALSE_REASONS.map((r) => (
            <option value={r}>{REASON_LABELS[r]}</option>
          ))}
        </select>
      </label>
      <label>
        Reviewer{' '}
        <select name="reviewer" value={filter.reviewer} onChange={set('reviewer')}>
          <option value="">all</option>
          {reviewers.map((r) => (
            <option value={r}>{r}</option>
          ))}
        </select>
      </label>
      <label>
        Note contains <input type="search" name="text" value={filter.text} onInput={set('text')} onFocus={onTextFocus} />
      </label>
    </form>
  );
}
