// Settings › Page labels: the words Recount reads on a vendor's page, for a console in another language or
// an AI agent with another name. Saved per vendor, for every workspace or one.
import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_LABELS } from '../../utils/adapters/labels';
import { type LabelOverrides } from '../../utils/model/page-labels';
import type { Settings } from '../../utils/model/settings';
import { CONVERSATION_STATES, RESOLUTION_KINDS, VENDOR_LABELS } from '../../utils/model/verdict';
import { request } from '../../utils/transport/protocol';

type BuiltIn = keyof typeof DEFAULT_LABELS;
const BUILT_IN: BuiltIn[] = ['intercom', 'zendesk', 'salesforce'];

/** "gelöst = solved" lines → { gelöst: 'solved' }, or the first bad line named. */
function parseWordLines<T extends string>(text: string, allowed: readonly T[], field: string): Record<string, T> | string {
  const words: Record<string, T> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const match = /^(.+?)\s*=\s*([a-z_]+)$/.exec(line);
    if (!match) return `${field}, line ${i + 1}: write “word = ${allowed[0]}”`;
    if (!allowed.includes(match[2] as T)) return `${field}, line ${i + 1}: “${match[2]}” is not one of ${allowed.join(', ')}`;
    words[match[1].trim()] = match[2] as T;
  }
  return words;
}

const wordLines = (words: Record<string, string> | undefined) =>
  Object.entries(words ?? {})
    .map(([w, v]) => `${w} = ${v}`)
    .join('\n');

export function PageLabelsForm() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [vendor, setVendor] = useState<BuiltIn>('intercom');
  const [workspace, setWorkspace] = useState('');
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const key = `${vendor}:${workspace.trim() || '*'}`;

  useEffect(() => {
    request({ type: 'settings/get' }).then(setSettings, (e) => setMessage(`Could not load settings: ${e.message}`));
  }, []);
  useEffect(() => {
    const saved: LabelOverrides = settings?.pageLabels[key] ?? {};
    setDraft({
      aiAgentNames: (saved.aiAgentNames ?? []).join(', '),
      resolutionLabel: saved.resolutionLabel ?? '',
      internalNoteLabel: saved.internalNoteLabel ?? '',
      requesterLabel: saved.requesterLabel ?? '',
      statusLabel: saved.statusLabel ?? '',
      stateWords: wordLines(saved.stateWords),
      resolutionWords: wordLines(saved.resolutionWords),
    });
  }, [settings, key]);

  const defaults = DEFAULT_LABELS[vendor];
  const field = (name: string, label: string, placeholder: string) => (
    <label>
      {label}{' '}
      <input name={`label-${name}`} value={draft[name] ?? ''} placeholder={placeholder} onInput={(e) => setDraft({ ...draft, [name]: (e.target as HTMLInputElement).value })} />
    </label>
  );

  const save = async (overrides: LabelOverrides | null) => {
    try {
      const next = await request({ type: 'settings/update', settings: { pageLabels: { [key]: overrides } } });
      setSettings(next);
      setMessage(overrides ? `Page labels saved for ${key}.` : `Page labels for ${key} back to the defaults.`);
    } catch (e) {
      setMessage(`Not saved: ${(e as Error).message}`);
    }
  };
  const submit = () => {
    const stateWords = parseWordLines(draft.stateWords ?? '', CONVERSATION_STATES, 'State words');
    if (typeof stateWords === 'string') return setMessage(`Not saved: ${stateWords}`);
    const resolutionWords = parseWordLines(draft.resolutionWords ?? '', RESOLUTION_KINDS, 'Outcome words');
    if (typeof resolutionWords === 'string') return setMessage(`Not saved: ${resolutionWords}`);
    const names = (draft.aiAgentNames ?? '')
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    const overrides: LabelOverrides = {};
    if (names.length > 0) overrides.aiAgentNames = names;
    for (const name of ['resolutionLabel', 'internalNoteLabel', 'requesterLabel', 'statusLabel'] as const) {
      if (draft[name]?.trim()) overrides[name] = draft[name].trim();
    }
    if (Object.keys(stateWords).length > 0) overrides.stateWords = stateWords;
    if (Object.keys(resolutionWords).length > 0) overrides.resolutionWords = resolutionWords;
    void save(overrides);
  };

  return (
    <form
      class="page-labels"
      aria-label="Page labels"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <fieldset>
        <legend>Page labels (a console in another language, or a renamed AI agent)</legend>
        <label>
          Vendor{' '}
          <select name="label-vendor" value={vendor} onChange={(e) => setVendor((e.target as HTMLSelectElement).value as BuiltIn)}>
            {BUILT_IN.map((v) => (
              <option value={v}>{VENDOR_LABELS[v]}</option>
            ))}
          </select>
        </label>{' '}
        <label>
          Workspace <input name="label-workspace" value={workspace} placeholder="every workspace" onInput={(e) => setWorkspace((e.target as HTMLInputElement).value)} />
        </label>
        {field('aiAgentNames', 'AI agent names (comma-separated)', defaults.aiAgentNames.join(', '))}
        {vendor === 'intercom' && field('resolutionLabel', 'Outcome attribute', defaults.resolutionLabel)}
        {vendor === 'zendesk' && field('internalNoteLabel', 'Internal note label', defaults.internalNoteLabel)}
        {vendor === 'zendesk' && field('requesterLabel', 'Requester field', defaults.requesterLabel)}
        {vendor === 'salesforce' && field('statusLabel', 'Status field', defaults.statusLabel)}
        <label>
          Extra state words, one per line (e.g. “Gelöst = solved”){' '}
          <textarea name="label-stateWords" rows={2} value={draft.stateWords ?? ''} onInput={(e) => setDraft({ ...draft, stateWords: (e.target as HTMLTextAreaElement).value })} />
        </label>
        {vendor === 'intercom' && (
          <label>
            Extra outcome words, one per line (e.g. “Résolution supposée = assumed”){' '}
            <textarea name="label-resolutionWords" rows={2} value={draft.resolutionWords ?? ''} onInput={(e) => setDraft({ ...draft, resolutionWords: (e.target as HTMLTextAreaElement).value })} />
          </label>
        )}
        <button type="submit">Save page labels</button>{' '}
        <button type="button" onClick={() => void save(null)}>
          Back to defaults
        </button>
        <p class="muted small">Empty fields keep the defaults shown. The Diagnostics panel names the label a page was missing.</p>
        <p role="status" class="message">
          {message}
        </p>
      </fieldset>
    </form>
  );
}
