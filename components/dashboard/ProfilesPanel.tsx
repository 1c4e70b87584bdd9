// User-defined vendor profiles: a form (with a JSON view), field-level errors (a field's once it was left or came
// filled in, every field's once a save or a preview was tried), access asked per host at runtime, and a live
// preview against the open tab.
// Long because the profile form, its JSON view, the page draft and the saved list share one draft.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { isValidSelectorInDom, readProfileJson, validateProfile } from '../../utils/adapters/profile-validation';
import { describePreview, EXAMPLE_PROFILES, type ProfileErrors, type VendorProfile } from '../../utils/adapters/profiles';
import { RefusedError } from '../../utils/transport/protocol';
import { request } from '../../utils/transport/protocol';

type SavedProfile = VendorProfile & { access: boolean };

const LIST_FIELDS = ['aiAuthorNames', 'teammateAuthorNames', 'shadowHosts'] as const;
type ListField = (typeof LIST_FIELDS)[number];

const FIELD_LABELS: Record<keyof VendorProfile, { label: string; hint: string }> = {
  id: { label: 'Id', hint: 'short, lowercase; part of every conversation key' },
  name: { label: 'Vendor name', hint: 'shown on the verdict bar, e.g. Sierra' },
  hostPattern: { label: 'Host (match pattern)', hint: 'e.g. https://console.sierra.example/* — Recount asks for this host only' },
  conversationIdPattern: { label: 'Conversation id in the URL (regular expression)', hint: 'its first (group) is the id, e.g. /conversations/([\\w-]+)' },
  resolvedSelector: { label: 'Resolved marker: selector', hint: 'an element present only when the vendor marked it resolved' },
  resolvedText: { label: 'Resolved marker: label text', hint: 'or a label shown then, e.g. Resolved' },
  messageSelector: { label: 'Message selector', hint: 'matches each message of the transcript' },
  authorSelector: { label: 'Author selector (inside a message)', hint: "the element holding the author's name" },
  textSelector: { label: 'Text selector (inside a message)', hint: 'empty: the whole message' },
  aiAuthorNames: { label: 'AI agent author names', hint: 'one per line; compared ignoring case' },
  teammateAuthorNames: { label: 'Teammate author names', hint: 'one per line; everyone else is the customer' },
  shadowHosts: { label: 'Shadow-root hosts', hint: 'one selector per line, when the page renders inside shadow roots' },
};

const EMPTY: VendorProfile = {
  id: '',
  name: '',
  hostPattern: 'https://',
  conversationIdPattern: '',
  resolvedSelector: '',
  resolvedText: '',
  messageSelector: '',
  authorSelector: '',
  textSelector: '',
  aiAuthorNames: [],
  teammateAuthorNames: [],
  shadowHosts: [],
};

/**
 * The form's text for each field (lists one entry a line). Takes any value, never throws: a stored profile from an
 * older version or a backup may hold anything, and what is not text (or a list of text) shows as empty, for the
 * field checks to name.
 */
export function toDraftText(profile: unknown): Record<keyof VendorProfile, string> {
  const source = typeof profile === 'object' && profile !== null ? (profile as Record<string, unknown>) : {};
  const asText = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '');
  const draft = {} as Record<keyof VendorProfile, string>;
  for (const key of Object.keys(FIELD_LABELS) as (keyof VendorProfile)[]) {
    const value = Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined;
    draft[key] = Array.isArray(value) ? value.map(asText).filter(Boolean).join('\n') : asText(value);
  }
  return draft;
}

/** The profile the form's text stands for (not yet validated). Takes any value, never throws. */
export function fromDraftText(draft: unknown): VendorProfile {
  const source = typeof draft === 'object' && draft !== null ? (draft as Record<string, unknown>) : {};
  const profile: Record<string, unknown> = {};
  for (const key of Object.keys(FIELD_LABELS) as (keyof VendorProfile)[]) {
    const value = Object.prototype.hasOwnProperty.call(source, key) && typeof source[key] === 'string' ? (source[key] as string) : '';
    profile[key] = (LIST_FIELDS as readonly string[]).includes(key)
      ? value
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean)
      : value;
  }
  return profile as unknown as VendorProfile;
}

type ProfileField = keyof VendorProfile;

/**
 * The fields whose errors show when a draft opens: those that came filled in (a saved profile, an example, a draft
 * from a page), never the empty ones a new profile starts with — nobody has typed anything wrong yet.
 */
function filledFields(draft: Record<ProfileField, string>): Set<ProfileField> {
  const empty = toDraftText(EMPTY);
  return new Set((Object.keys(FIELD_LABELS) as ProfileField[]).filter((field) => draft[field].trim() !== '' && draft[field] !== empty[field]));
}

/** The errors to show: a field's own once it is marked as shown (left, or filled in), all of them after a save or a preview. */
function shownErrors(errors: ProfileErrors, shown: ReadonlySet<ProfileField> | 'all'): ProfileErrors {
  if (shown === 'all') return errors;
  return Object.fromEntries(Object.entries(errors).filter(([field]) => shown.has(field as ProfileField))) as ProfileErrors;
}

export function ProfilesPanel() {
  const [profiles, setProfiles] = useState<SavedProfile[] | null>(null);
  const [draft, setDraft] = useState<Record<keyof VendorProfile, string> | null>(null);
  const [jsonMode, setJsonMode] = useState(false);
  const [jsonText, setJsonText] = useState('');
  const [jsonError, setJsonError] = useState('');
  const [serverErrors, setServerErrors] = useState<ProfileErrors>({});
  const [message, setMessage] = useState('');
  const [preview, setPreview] = useState('');
  const [pageUrl, setPageUrl] = useState('');
  const [draftWhy, setDraftWhy] = useState<string[]>([]);
  // Which fields' errors are shown: none on a new, untouched form; a field's own once it is left; all on save.
  const [shownFields, setShownFields] = useState<ReadonlySet<ProfileField> | 'all'>(() => new Set());
  const showField = (field: ProfileField) => setShownFields((shown) => (shown === 'all' || shown.has(field) ? shown : new Set([...shown, field])));

  const reload = () =>
    request({ type: 'profile/list' })
      .then((reply) => setProfiles(reply.profiles))
      .catch((e) => setMessage(`Could not load profiles: ${(e as Error).message}`));
  useEffect(() => {
    void reload();
  }, []);

  const profile = draft ? fromDraftText(draft) : null;
  const validation = useMemo(() => (profile ? validateProfile(profile, isValidSelectorInDom) : null), [draft]);
  // What the background refused on save is always shown; the form's own checks only for the fields shown.
  const errors: ProfileErrors = { ...shownErrors(validation && !validation.ok ? validation.errors : {}, shownFields), ...serverErrors };

  const edit = (next: VendorProfile, why: string[] = []) => {
    setDraftWhy(why);
    const text = toDraftText(next);
    setDraft(text);
    setShownFields(filledFields(text));
    setJsonMode(false);
    setJsonError('');
    setServerErrors({});
    setMessage('');
    setPreview('');
  };

  /** A draft from the page's own structure; the user confirms each field with the live preview. */
  const startFromPage = () => {
    let url: URL;
    try {
      url = new URL(pageUrl.trim());
    } catch {
      setMessage('Paste the address of a conversation page open in another tab first.');
      return;
    }
    // permissions.request must run inside the click, before any other await.
    const asked = browser.permissions.request({ origins: [`${url.origin}/*`] }).catch(() => false);
    setMessage(`Asking your browser for access to ${url.origin}…`);
    void asked.then(async (granted) => {
      if (!granted) return setMessage(`No draft: Recount needs access to ${url.origin} to look at the page.`);
      try {
        const suggestion = await request({ type: 'profile/suggest', url: url.href });
        edit({ ...EMPTY, ...suggestion.fields } as VendorProfile, Object.entries(suggestion.why).map(([field, why]) => `${FIELD_LABELS[field as keyof VendorProfile]?.label ?? field}: ${why}`));
        setMessage(`Draft made from ${url.host}: check every field, then "Preview on the open tab" before saving.`);
      } catch (e) {
        setMessage(`No draft: ${(e as Error).message}`);
      }
    });
  };

  const switchToJson = () => {
    if (!profile) return;
    setJsonText(JSON.stringify(profile, null, 2));
    setJsonError('');
    setJsonMode(true);
  };
  /** Every field's type is checked before it is used; a refusal names the fields and leaves the draft as it was. */
  const applyJson = (text: string) => {
    setJsonText(text);
    const read = readProfileJson(text);
    if (!read.ok) {
      setJsonError(read.error);
      return;
    }
    setDraft(toDraftText({ ...EMPTY, ...read.fields }));
    // Fields written in the JSON count as filled in: their errors show, as for a field left in the form.
    const written = Object.keys(read.fields) as ProfileField[];
    setShownFields((shown) => (shown === 'all' ? shown : new Set([...shown, ...written])));
    setJsonError('');
  };

  const save = () => {
    setShownFields('all');
    if (!profile || !validation?.ok) {
      setMessage('Not saved: fix the fields marked below.');
      return;
    }
    // permissions.request must run inside the click, before any other await.
    const asked = browser.permissions.request({ origins: [validation.profile.hostPattern] }).catch(() => false);
    setMessage(`Asking your browser for access to ${validation.profile.hostPattern}…`);
    void asked.then(async (granted) => {
      try {
        const saved = await request({ type: 'profile/save', profile: validation.profile });
        setServerErrors({});
        setMessage(
          saved.access
            ? `Saved “${saved.profile.name}”. Recount can read ${saved.profile.hostPattern}.`
            : `Saved “${saved.profile.name}”, but access to ${saved.profile.hostPattern} was ${granted ? 'not confirmed' : 'not granted'}: Recount won't read it until you grant access.`,
        );
        await reload();
      } catch (e) {
        if (e instanceof RefusedError && e.fieldErrors) setServerErrors(e.fieldErrors);
        setMessage((e as Error).message);
      }
    });
  };

  const grant = (saved: SavedProfile) => {
    void browser.permissions
      .request({ origins: [saved.hostPattern] })
      .catch(() => false)
      .then((granted) => {
        setMessage(granted ? `Access granted to ${saved.hostPattern}.` : `Access to ${saved.hostPattern} was not granted.`);
        return reload();
      });
  };

  const remove = async (saved: SavedProfile) => {
    if (!confirm(`Delete the profile “${saved.name}”? Tags already made on its conversations stay.`)) return;
    await request({ type: 'profile/delete', id: saved.id });
    setMessage(`Deleted “${saved.name}”.`);
    await reload();
  };

  const runPreview = async () => {
    if (!validation?.ok) {
      setShownFields('all');
      setPreview('Fix the fields marked below first.');
      return;
    }
    setPreview('Reading the open tab…');
    try {
      const reply = await request({ type: 'profile/preview', profile: validation.profile });
      setPreview(describePreview(reply.preview));
    } catch (e) {
      setPreview((e as Error).message);
    }
  };

  return (
    <div class="profiles">
      <p class="muted">
        For vendors without a built-in adapter (Sierra, Decagon, Ada, …): tell Recount where their conversations
        live and how to read them. Recount asks your browser for access to that one host when you save.
      </p>
      {profiles && profiles.length > 0 && (
        <table aria-label="Vendor profiles">
          <thead>
            <tr>
              <th>Vendor</th>
              <th>Host</th>
              <th>Access</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {profiles.map((p) => (
              <tr key={p.id} data-profile-id={p.id}>
                <td>{p.name}</td>
                <td>
                  <code>{p.hostPattern}</code>
                </td>
                <td>
                  {p.access ? 'granted' : 'not granted'}
                  {(() => {
                    // A profile saved by an earlier version (or restored) that today's checks refuse reads nothing.
                    const { access: _access, ...fields } = p;
                    const check = validateProfile(fields, isValidSelectorInDom);
                    return check.ok ? null : (
                      <p class="field-error" role="alert">
                        Not in use until edited: {Object.entries(check.errors).map(([field, error]) => `${FIELD_LABELS[field as keyof VendorProfile]?.label ?? field}: ${error}`).join('; ')}
                      </p>
                    );
                  })()}
                </td>
                <td class="actions">
                  {!p.access && (
                    <button type="button" onClick={() => grant(p)}>
                      Grant access
                    </button>
                  )}
                  <button type="button" onClick={() => edit(p)}>
                    Edit
                  </button>
                  <button type="button" onClick={() => void remove(p)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="toolbar">
        <button type="button" onClick={() => edit(EMPTY)}>
          New profile
        </button>
        <label>
          Start from an example{' '}
          <select
            aria-label="Start from an example"
            value=""
            onChange={(e) => {
              const example = EXAMPLE_PROFILES.find((p) => p.id === (e.target as HTMLSelectElement).value);
              if (example) edit(example);
            }}
          >
            <option value="">choose…</option>
            {EXAMPLE_PROFILES.map((p) => (
              <option value={p.id}>{p.name}</option>
            ))}
          </select>
        </label>
      </div>
      <form
        class="toolbar"
        aria-label="Start from an open page"
        onSubmit={(e) => {
          e.preventDefault();
          startFromPage();
        }}
      >
        <label>
          Start from an open page{' '}
          <input name="profilePageUrl" type="url" placeholder="https://console.vendor.example/conversations/123" value={pageUrl} onInput={(e) => setPageUrl((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">Draft a profile from this page</button>
      </form>
      <p role="status" class="message">
        {message}
      </p>
      {draftWhy.length > 0 && (
        <ul class="small" aria-label="How the draft was made">
          {draftWhy.map((w) => (
            <li>{w}</li>
          ))}
        </ul>
      )}
      {draft && (
        <form
          class="profile-form"
          aria-label="Vendor profile"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <div class="toolbar">
            <button type="button" aria-pressed={!jsonMode} onClick={() => setJsonMode(false)}>
              Form
            </button>
            <button type="button" aria-pressed={jsonMode} onClick={switchToJson}>
              JSON
            </button>
          </div>
          {jsonMode ? (
            <label class="field">
              Profile as JSON
              <textarea
                rows={18}
                spellcheck={false}
                value={jsonText}
                aria-invalid={jsonError !== ''}
                aria-describedby={jsonError ? 'profile-json-error' : undefined}
                onInput={(e) => applyJson((e.target as HTMLTextAreaElement).value)}
              />
              {jsonError && (
                <span class="error" id="profile-json-error" role="alert">
                  {jsonError}
                </span>
              )}
              {Object.entries(errors).map(([field, error]) => (
                <span class="error">
                  {field}: {error}
                </span>
              ))}
            </label>
          ) : (
            (Object.keys(FIELD_LABELS) as (keyof VendorProfile)[]).map((field) => {
              const multiline = (LIST_FIELDS as readonly string[]).includes(field as ListField);
              const errorId = `profile-${field}-error`;
              const props = {
                name: field,
                value: draft[field],
                'aria-invalid': Boolean(errors[field]),
                'aria-describedby': errors[field] ? errorId : undefined,
                onInput: (e: Event) => {
                  setServerErrors({});
                  setDraft({ ...draft, [field]: (e.target as HTMLInputElement).value });
                },
                // Checked when left, not while first typed: a half-written pattern is not yet an error.
                onBlur: () => showField(field),
              };
              return (
                <label class="field">
                  {FIELD_LABELS[field].label}
                  {multiline ? <textarea rows={3} {...props} /> : <input {...props} />}
                  <span class="muted hint">{FIELD_LABELS[field].hint}</span>
                  {errors[field] && (
                    <span class="error" id={errorId}>
                      {errors[field]}
                    </span>
                  )}
                </label>
              );
            })
          )}
          <div class="toolbar">
            <button type="submit" class="primary">
              Save and grant access
            </button>
            <button type="button" onClick={() => void runPreview()}>
              Preview on the open tab
            </button>
            <button type="button" onClick={() => setDraft(null)}>
              Close
            </button>
          </div>
          <p role="status" aria-label="Preview" class="preview">
            {preview}
          </p>
        </form>
      )}
    </div>
  );
}
