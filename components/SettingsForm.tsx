import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '../utils/settings';
import { request } from './messaging';

export function SettingsForm() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [name, setName] = useState('');
  const [status, setStatus] = useState('');

  useEffect(() => {
    request({ type: 'settings/get' })
      .then((s) => {
        setSettings(s);
        setName(s.reviewerName);
      })
      .catch((e) => setStatus(`Could not load settings: ${e.message}`));
  }, []);

  const update = async (patch: Partial<Settings>, done: string) => {
    try {
      const next = await request({ type: 'settings/update', settings: patch });
      setSettings(next);
      setName(next.reviewerName);
      setStatus(done);
    } catch (e) {
      setStatus(`Not saved: ${(e as Error).message}`);
    }
  };

  if (!settings) return <p class="muted">{status || 'Loading settings…'}</p>;
  return (
    <form
      class="settings"
      onSubmit={(e) => {
        e.preventDefault();
        void update({ reviewerName: name.trim() }, 'Reviewer name saved.');
      }}
    >
      <label>
        Your reviewer name{' '}
        <input
          name="reviewerName"
          value={name}
          maxLength={120}
          placeholder="e.g. Ana (Tier 1)"
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
        />
      </label>
      <button type="submit">Save name</button>
      <label class="check">
        <input
          type="checkbox"
          name="keepTranscripts"
          checked={settings.keepTranscripts}
          onChange={(e) => {
            const keep = (e.target as HTMLInputElement).checked;
            void update(
              { keepTranscripts: keep },
              keep ? 'Transcripts will be kept.' : 'Transcripts are no longer kept; stored ones were deleted.',
            );
          }}
        />{' '}
        Keep transcripts (off: only a SHA-256 digest and message counts are stored)
      </label>
      <p class="muted" role="status">
        {status}
      </p>
    </form>
  );
}
