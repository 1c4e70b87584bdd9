import { render } from 'preact';
import { browser } from 'wxt/browser';
import { SettingsForm } from '../../components/settings/SettingsForm';
import { TeamStatusLine } from '../../components/settings/TeamLog';
import { VERDICT_CHORDS } from '../../utils/model/shortcuts';

function Popup() {
  return (
    <main>
      <h1>Recount</h1>
      <SettingsForm />
      <TeamStatusLine />
      <p>
        <button type="button" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html') })}>
          Open dashboard
        </button>
      </p>
      <p class="muted">
        Shortcuts on a billed conversation: {VERDICT_CHORDS.genuine.label} genuine, {VERDICT_CHORDS.false.label} false
        (then 1–6 for the reason), {VERDICT_CHORDS.unsure.label} unsure.
      </p>
    </main>
  );
}

render(<Popup />, document.getElementById('app')!);
