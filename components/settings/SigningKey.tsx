// This installation's signing key: the fingerprint to send the vendor once, at the start of a trial, and a way to
// replace the key (the new one endorsed by the old, so files signed either way still check against the first).
import { useEffect, useState } from 'preact/hooks';
import { request, type ResponseMap } from '../../utils/transport/protocol';

export function SigningKeySettings() {
  const [info, setInfo] = useState<ResponseMap['signing/info'] | null>(null);
  const [message, setMessage] = useState('');
  useEffect(() => {
    request({ type: 'signing/info' })
      .then(setInfo)
      .catch((e: Error) => setMessage(`The signing key could not be read: ${e.message}`));
  }, []);
  const rotate = async () => {
    if (!confirm('Replace this browser’s signing key? Files signed from now on carry the old key’s endorsement of the new one.')) return;
    try {
      setInfo(await request({ type: 'signing/rotate' }));
      setMessage('A new key was made and endorsed by the old one.');
    } catch (e) {
      setMessage(`Not replaced: ${(e as Error).message}`);
    }
  };
  return (
    <section aria-labelledby="signing-heading">
      <h3 id="signing-heading">Signing key</h3>
      <p class="muted small">
        Exports (JSON, NDJSON) are signed with a key made in this browser, which cannot be copied out of it. Send the vendor its fingerprint once, at
        the start of a trial; their copy of <code>tools/verify-log.mjs --key "…"</code> then refuses any file this browser did not sign — even one
        rewritten with recomputed hashes.
      </p>
      {info && (
        <dl class="facts">
          <dt>Fingerprint</dt>
          <dd>
            <code data-fingerprint>{info.fingerprint}</code>
          </dd>
          <dt>Made</dt>
          <dd>{new Date(info.createdAt).toLocaleString()}</dd>
          {info.replaced.length > 0 && (
            <>
              <dt>Endorsed by earlier keys</dt>
              <dd>{info.replaced.join(' → ')}</dd>
            </>
          )}
        </dl>
      )}
      <button type="button" onClick={() => void rotate()} disabled={!info}>
        Replace the key…
      </button>
      <p role="status" class="message">
        {message}
      </p>
    </section>
  );
}
