// The page a new installation opens on: who you are, which helpdesks to read (granting only those), the keys you
// will use all day, and what is stored where. Everything here can be changed later in the dashboard's Settings.
import { browser } from 'wxt/browser';
import { ReviewerNameForm } from '../settings/SettingsForm';
import { HelpdeskAccess } from '../settings/HelpdeskAccess';
import { VERDICT_CHORDS } from '../../utils/model/shortcuts';
import { FALSE_REASONS, REASON_LABELS } from '../../utils/model/verdict';

export function Welcome() {
  return (
    <main class="welcome">
      <header class="page-head">
        <img src="/icon/48.png" alt="" width="40" height="40" />
        <div>
          <h1>Welcome to Recount</h1>
          <p class="muted">Your own count of the resolutions your AI agent vendor bills for. Three steps, then tag as you work.</p>
        </div>
      </header>

      <section class="card" aria-labelledby="step-name">
        <h2 id="step-name">1. Your name</h2>
        <p class="muted">Saved on every verdict you record, so a team lead can tell reviewers apart.</p>
        <ReviewerNameForm />
      </section>

      <section class="card" aria-labelledby="step-helpdesks">
        <h2 id="step-helpdesks">2. Your helpdesks</h2>
        <HelpdeskAccess />
      </section>

      <section class="card" aria-labelledby="step-keys">
        <h2 id="step-keys">3. One key per verdict</h2>
        <p class="muted">On a conversation the vendor billed, Recount's bar appears at the bottom of the helpdesk page.</p>
        <table class="keys">
          <caption class="visually-hidden">Keyboard shortcuts</caption>
          <thead>
            <tr>
              <th scope="col">Keys</th>
              <th scope="col">Records</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td><kbd>{VERDICT_CHORDS.genuine.label}</kbd> (or <kbd>g</kbd> in the bar)</td>
              <td>Genuine: the customer's problem was solved</td>
            </tr>
            <tr>
              <td><kbd>{VERDICT_CHORDS.false.label}</kbd> (or <kbd>f</kbd>), then <kbd>1</kbd>–<kbd>{FALSE_REASONS.length}</kbd></td>
              <td>False, with its reason: {FALSE_REASONS.map((r, i) => `${i + 1} ${REASON_LABELS[r]}`).join(' · ')}</td>
            </tr>
            <tr>
              <td><kbd>{VERDICT_CHORDS.unsure.label}</kbd> (or <kbd>u</kbd>)</td>
              <td>Unsure: leave it for a second look</td>
            </tr>
            <tr>
              <td><kbd>n</kbd> in the bar</td>
              <td>Add a note</td>
            </tr>
          </tbody>
        </table>
      </section>

      <section class="card" aria-labelledby="stored">
        <h2 id="stored">What is stored where</h2>
        <ul>
          <li>Your verdicts and notes, in this browser only, as a tamper-evident log.</li>
          <li>Transcripts of billed conversations, while <em>Keep transcripts</em> is on (Dashboard › Settings).</li>
          <li>Nothing leaves this browser unless you join a team log or connect the Intercom API, and then only to that server.</li>
        </ul>
        <p>
          <a href="/privacy.html" target="_blank" rel="noopener">
            Read the privacy page
          </a>
        </p>
      </section>

      <p>
        <button type="button" class="primary" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html') })}>
          Open the dashboard
        </button>
      </p>
    </main>
  );
}
