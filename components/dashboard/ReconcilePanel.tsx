// Reconciling the vendor's bill: import its billed list, see every line's category under the contract's
// terms, and take a dispute report to the vendor.
// Long because reading a billed list, its preview, the contract terms and the reconciliation table share the
// chosen list and terms.
import { formatMoney, formatTime } from '../../utils/model/format';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { IntercomPull } from '../settings/IntercomApi';
import { BILLED_FILE_CHUNK_BYTES, BILLED_FORMATS, detectBilledFormat, FORMAT_LABELS, readBilledBlob, readBilledList, type BilledFormat, type BilledRead, type ColumnMapping } from '../../utils/io/billed-list';
import { type BilledItem } from '../../utils/model/records';
import { type RecountDB } from '../../utils/store/db';
import { billedItemsOf } from '../../utils/store/billed';
import { type BilledList, type ConversationRecord } from '../../utils/model/records';
import { csvLines } from '../../utils/io/export';
import { distinctSorted } from '../../utils/analysis/filters';
import { CATEGORIES, CATEGORY_LABELS, DISPUTABLE, reconcile } from '../../utils/analysis/reconcile';
import { comparisonPricesOf, PRICING_MODELS, type ContractTerms } from '../../utils/model/contracts';
import { contractFor, termsPatch, type Settings } from '../../utils/model/settings';
import { RESOLUTION_KINDS, VENDOR_LABELS, type Vendor } from '../../utils/model/verdict';
import { downloadText, stampedName } from './downloads';
import { VendorSelect } from './VendorSelect';
import { request } from '../../utils/transport/protocol';
import { requestInParts } from '../../utils/transport/uploads';
import { ReadingConversations } from './ReadingConversations';
import { useLiveQuery } from './useLiveQuery';
import { CostOfGenuine, OwnDefinitionEditor, OwnDefinitionSummary, ReviewAgreement, SeenByOwnDefinition } from './DisputeEvidence';
import { PrintedDisputes, PrintedTerms } from './PrintSummary';
import { DEFAULT_PROFILE_TERMS, termsOwnerName, termsOwners, useProfileNames, type ProfileNames } from './profile-names';
import { PROFILE_RESOLUTION_KINDS } from '../../utils/adapters/profiles';

const money = formatMoney;
const FORMAT_VENDOR: Partial<Record<BilledFormat, Vendor>> = {
  'intercom-csv': 'intercom',
  'intercom-api-json': 'intercom',
  'zendesk-csv': 'zendesk',
  'ada-csv': 'custom',
  'salesforce-cbo-csv': 'salesforce',
};

/** A bill's vendor in words: a vendor profile's bill by the profile's name. */
function billOwnerWords(list: Pick<BilledList, 'vendor' | 'workspace'>, names: ProfileNames): string {
  if (list.vendor !== 'custom') return `${VENDOR_LABELS[list.vendor]}${list.workspace ? ` (${list.workspace})` : ''}`;
  return list.workspace ? termsOwnerName('custom', list.workspace, names) : 'a vendor profile (none named)';
}

/** Whose terms a key names: the vendor's (terms are per vendor), or one vendor profile's (custom with its id). */
const ownerKey = (vendor: Vendor, workspace: string | null | undefined) => (vendor === 'custom' ? `custom:${workspace ?? ''}` : `${vendor}:`);

/**
 * One owner's contract terms: a built-in vendor's, or one vendor profile's own (its price and terms; a term it has
 * not set is the default every profile takes). Opens on the chosen bill's; any other's can be chosen.
 */
export function ContractEditor({ vendor, workspace, settings, profileNames }: { vendor: Vendor; workspace: string; settings: Settings; profileNames: ProfileNames }) {
  const billOwner = ownerKey(vendor, workspace);
  const [chosen, setChosen] = useState(billOwner);
  useEffect(() => setChosen(billOwner), [billOwner]);
  const owners = termsOwners(profileNames);
  // A bill of a profile no longer saved keeps its terms, shown by the profile's id.
  if (!owners.some((o) => ownerKey(o.vendor, o.workspace) === billOwner)) owners.push({ vendor, workspace, name: termsOwnerName(vendor, workspace, profileNames) });
  const owner = owners.find((o) => ownerKey(o.vendor, o.workspace) === chosen) ?? owners.find((o) => ownerKey(o.vendor, o.workspace) === billOwner)!;
  const profileId = owner.vendor === 'custom' ? owner.workspace : '';
  const terms = contractFor(settings, owner.vendor, profileId);
  // A profile's page reports its resolved marker or nothing: its contract can bill only that.
  const claimKinds = (owner.vendor === 'custom' ? PROFILE_RESOLUTION_KINDS : RESOLUTION_KINDS).filter((k) => k !== 'none');
  const [message, setMessage] = useState('');
  const save = (patch: Partial<ContractTerms>) =>
    request({ type: 'settings/update', settings: termsPatch(owner.vendor, profileId, patch) })
      .then(() => setMessage('Saved.'))
      .catch((e) => setMessage(`Not saved: ${(e as Error).message}`));
  const price = (text: string, what: string, then: (value: number) => void) => {
    const value = Number(text);
    if (text.trim() !== '' && Number.isFinite(value) && value >= 0) then(value);
    else setMessage(`Not saved: the ${what} must be a number ≥ 0.`);
  };
  return (
    <fieldset class="contract" aria-label={`Contract terms for ${owner.name}`} data-terms-owner={ownerKey(owner.vendor, owner.workspace)}>
      <legend>Contract terms: {owner.name}</legend>
      <label>
        Terms of{' '}
        <select name="termsOwner" value={ownerKey(owner.vendor, owner.workspace)} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}>
          {owners.map((o) => (
            <option value={ownerKey(o.vendor, o.workspace)}>{o.name}</option>
          ))}
        </select>
      </label>
      {ownerKey(owner.vendor, owner.workspace) !== billOwner && (
        <span class="muted small"> This bill is reconciled under the terms of {termsOwnerName(vendor, workspace, profileNames)}.</span>
      )}
      {owner.vendor === 'custom' && owner.workspace !== '' && (
        <p class="muted small">
          {owner.name}’s own price and terms; a term it has not set is the one for {DEFAULT_PROFILE_TERMS.toLowerCase()}.
        </p>
      )}
      <label>
        Pricing model{' '}
        <select value={terms.pricingModel} onChange={(e) => void save({ pricingModel: (e.target as HTMLSelectElement).value as (typeof PRICING_MODELS)[number] })}>
          {PRICING_MODELS.map((m) => (
            <option value={m}>{m.replace(/_/g, ' ')}</option>
          ))}
        </select>
      </label>
      <label>
        Unit price (USD){' '}
        <input
          type="number"
          name="unitPrice"
          min="0"
          step="0.01"
          value={terms.unitPrice}
          onChange={(e) => price((e.target as HTMLInputElement).value, 'unit price', (unitPrice) => void save({ unitPrice }))}
        />
      </label>
      <span class="claims">
        Compare at:{' '}
        {PRICING_MODELS.filter((m) => m !== terms.pricingModel).map((m) => (
          <label>
            {m.replace(/_/g, ' ')} (USD){' '}
            <input
              type="number"
              name={`compare-${m}`}
              min="0"
              step="0.01"
              value={comparisonPricesOf(terms)[m]}
              onChange={(e) => price((e.target as HTMLInputElement).value, `${m.replace(/_/g, ' ')} price`, (value) => void save({ comparisonPrices: { ...terms.comparisonPrices, [m]: value } }))}
            />
          </label>
        ))}
      </span>
      <label>
        Your contract's re-contact term (days; Intercom's own rule has no time limit){' '}
        <input type="number" min="0" max="365" value={terms.recontactDays} onChange={(e) => void save({ recontactDays: Math.round(Number((e.target as HTMLInputElement).value)) })} />
      </label>
      <label>
        Tolerable false rate (%){' '}
        <input
          type="number"
          min="0"
          max="100"
          step="0.5"
          value={Math.round(terms.tolerableFalseRate * 1000) / 10}
          onChange={(e) => void save({ tolerableFalseRate: Number((e.target as HTMLInputElement).value) / 100 })}
        />
      </label>
      <span class="claims">
        Billable claims:{' '}
        {claimKinds.map((k) => (
          <label class="check">
            <input
              type="checkbox"
              name={`claim-${k}`}
              checked={terms.billableClaims.includes(k)}
              onChange={(e) => {
                const on = (e.target as HTMLInputElement).checked;
                void save({ billableClaims: on ? [...terms.billableClaims, k] : terms.billableClaims.filter((c) => c !== k) });
              }}
            />
            {k.replace(/_/g, ' ')}
          </label>
        ))}
      </span>
      <span role="status" class="muted">
        {message}
      </span>
      <OwnDefinitionEditor vendor={owner.vendor} workspace={profileId} settings={settings} />
    </fieldset>
  );
}

/** `conversations` null: still being read (the dashboard reads them all only once this panel is wanted). */
export function ReconcilePanel({ db, conversations, settings }: { db: RecountDB; conversations: readonly ConversationRecord[] | null; settings: Settings }) {
  const lists = useLiveQuery(() => db.billedLists.orderBy('importedAt').reverse().toArray(), [], [] as BilledList[]);
  const [chosen, setChosen] = useState('');
  const [removeError, setRemoveError] = useState('');
  const list = lists.find((l) => l.id === chosen) ?? lists[0];
  const profileNames = useProfileNames(db);
  // The bill's terms: its vendor's, or for a vendor profile's bill (custom, workspace = the profile's id) that profile's own.
  const terms = list ? contractFor(settings, list.vendor, list.workspace) : null;
  const termsOwner = list ? termsOwnerName(list.vendor, list.workspace, profileNames) : '';
  // Set by *Print summary*: the printed-only parts are rendered for that print, then dropped.
  const [printedAt, setPrintedAt] = useState<number | null>(null);
  useEffect(() => {
    if (printedAt === null) return;
    document.body.classList.add('print-reconciliation');
    try {
      window.print();
    } finally {
      document.body.classList.remove('print-reconciliation');
      setPrintedAt(null);
    }
  }, [printedAt]);
  const items = useLiveQuery(() => (list ? billedItemsOf(db, list.id) : Promise.resolve([])), [list?.id], [] as BilledItem[]);
  // Bills of the same vendor (the same vendor profile, for one) imported before this one: a conversation they
  // charged is charged twice here.
  const earlierBills = useLiveQuery(
    async () => {
      if (!list) return [];
      const earlier = lists.filter((l) => l.id !== list.id && l.vendor === list.vendor && (l.vendor !== 'custom' || l.workspace === list.workspace) && l.importedAt < list.importedAt);
      return Promise.all(earlier.map(async (l) => ({ name: l.name, items: await billedItemsOf(db, l.id) })));
    },
    [list?.id, lists.length],
    null as Array<{ name: string; items: BilledItem[] }> | null,
  );
  // Nothing shown until the earlier bills are read: a figure without them would be wrong for a moment.
  const result = useMemo(
    () =>
      list && terms && earlierBills && conversations
        ? reconcile(items, conversations, terms, { vendor: list.vendor, workspace: list.workspace || null, earlierBills })
        : null,
    // `terms` is made each render from `settings` and `list`, which are the dependencies.
    [items, conversations, settings, list, earlierBills],
  );

  const exportDisputes = () => {
    if (!result || !list) return;
    const rows = result.items
      .filter((r) => DISPUTABLE.has(r.category))
      .map((r) => [
        CATEGORY_LABELS[r.category],
        r.item.conversationId,
        String(r.item.line),
        r.item.billedAt ? new Date(r.item.billedAt).toISOString() : '',
        String(r.item.units),
        r.money.toFixed(2),
        r.detail,
        r.conversation?.current?.reviewer ?? '',
        r.conversation?.current?.note ?? '',
        r.conversation?.current?.id ?? '',
        r.conversation?.claim.url ?? '',
      ]);
    const header = ['category', 'conversation_id', 'billed_list_line', 'billed_at', 'units', 'amount_usd', 'reason', 'reviewer', 'note', 'verdict_event_id', 'evidence_link'];
    downloadText(stampedName(`recount-dispute-${list.vendor}`, 'csv'), `\uFEFF${csvLines([header])}${csvLines(rows)}`, 'text/csv;charset=utf-8');
  };

  return (
    <div class="reconcile">
      {lists.length === 0 && (
        <p class="empty" data-empty="reconcile">
          No bill yet. Import the vendor's billed list below (its CSV export, or pull it from Intercom's API in Settings),
          and Recount sets each billed line beside what your reviewers said: billed false, billed twice, not billable.
        </p>
      )}
      <BilledListImport conversations={conversations ?? NONE} profileNames={profileNames} />
      {conversations && <SeenByOwnDefinition conversations={conversations} settings={settings} profileNames={profileNames} />}
      {lists.length > 0 && list && !conversations && (
        <ReadingConversations />
      )}
      {lists.length > 0 && list && terms && result && (
        <div class="reconciliation" id="reconciliation">
          <label class="no-print">
            Billed list{' '}
            <select value={list.id} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}>
              {lists.map((l) => (
                <option value={l.id}>
                  {l.name} — {billOwnerWords(l, profileNames)}, {l.items} item(s)
                </option>
              ))}
            </select>
          </label>
          <h3>
            {list.name}: {billOwnerWords(list, profileNames)}
          </h3>
          <p class="summary-line" data-summary="billed">
            Billed: <strong>{result.billed.items}</strong> line(s), {result.billed.units} unit(s), <strong>{money(result.billed.money)}</strong> at{' '}
            {money(terms.unitPrice)} ({terms.pricingModel.replace(/_/g, ' ')}). Disputed:{' '}
            <strong data-summary="disputed">
              {result.disputed.items} line(s), {money(result.disputed.money)}
            </strong>
            .
          </p>
          {printedAt !== null && <PrintedTerms owner={termsOwner} terms={terms} result={result} printedAt={printedAt} />}
          <SignedBy />
          <ReviewAgreement db={db} vendor={list.vendor} workspace={list.workspace} conversations={conversations!} />
          <CostOfGenuine db={db} vendor={list.vendor} workspace={list.workspace} conversations={conversations!} settings={settings} />
          <table aria-label="Reconciliation">
            <thead>
              <tr>
                <th>Category</th>
                <th>Lines</th>
                <th>Units</th>
                <th>Amount</th>
              </tr>
            </thead>
            <tbody>
              {CATEGORIES.map((c) => (
                <tr data-category={c} class={DISPUTABLE.has(c) ? 'disputable' : ''}>
                  <td>{CATEGORY_LABELS[c]}</td>
                  <td>{result.totals[c].items}</td>
                  <td>{result.totals[c].units}</td>
                  <td>{money(result.totals[c].money)}</td>
                </tr>
              ))}
              <tr data-category="tagged_not_billed">
                <td>{CATEGORY_LABELS.tagged_not_billed}</td>
                <td>{result.taggedNotBilled.length}</td>
                <td />
                <td />
              </tr>
            </tbody>
          </table>
          {result.period && (
            <p class="small" data-period>
              The bill's period, from its first and last billed times: {formatTime(result.period.from)} – {formatTime(result.period.to)}.
            </p>
          )}
          <OwnDefinitionSummary lines={result.items} vendor={list.vendor} workspace={list.workspace} settings={settings} />
          {result.taggedNotBilled.length > 0 && (
            <details data-missing>
              <summary>{result.taggedNotBilled.length} conversation(s) tagged billable in that period but not on the bill</summary>
              <ul>
                {result.taggedNotBilled.slice(0, 200).map((c) => (
                  <li>
                    #{c.conversationId} — {c.claim.resolutionLabel || c.claim.resolution}, tagged {c.current?.verdict} by {c.current?.reviewer}{' '}
                    <a href={c.claim.url} target="_blank" rel="noreferrer noopener">
                      open
                    </a>
                  </li>
                ))}
              </ul>
            </details>
          )}
          <table aria-label="Other pricing models">
            <thead>
              <tr>
                <th>The same month priced…</th>
                <th>At</th>
                <th>Units</th>
                <th>Amount</th>
              </tr>
            </thead>
            <tbody>
              {PRICING_MODELS.map((m) => (
                <tr data-model={m}>
                  <td>
                    {m.replace(/_/g, ' ')}
                    {!result.models[m].known && (
                      <span class="muted">
                        {' '}
                        (incomplete: from what Recount read{result.models[m].unread > 0 ? `; ${result.models[m].unread} billed conversation(s) never read` : ''})
                      </span>
                    )}
                  </td>
                  <td>{money(result.models[m].price)}</td>
                  <td>{result.models[m].units}</td>
                  <td>{money(result.models[m].money)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {printedAt !== null && <PrintedDisputes result={result} />}
          <details class="no-print">
            <summary>Disputed lines</summary>
            <ul>
              {result.items
                .filter((r) => DISPUTABLE.has(r.category))
                .slice(0, 200)
                .map((r) => (
                  <li>
                    line {r.item.line}, #{r.item.conversationId}: {CATEGORY_LABELS[r.category]} — {r.detail}
                    {r.conflict && <strong class="conflict"> (the reviewer's verdict differs: both shown)</strong>}{' '}
                    {r.conversation && (
                      <a href={r.conversation.claim.url} target="_blank" rel="noreferrer noopener">
                        open
                      </a>
                    )}
                  </li>
                ))}
            </ul>
          </details>
          <div class="toolbar no-print">
            <button type="button" onClick={exportDisputes}>
              Download dispute report (CSV)
            </button>
            <button type="button" onClick={() => setPrintedAt(Date.now())}>
              Print summary
            </button>
            <button
              type="button"
              class="danger"
              onClick={() => {
                if (!confirm(`Remove the billed list “${list.name}” from Recount? Your verdicts stay.`)) return;
                setRemoveError('');
                request({ type: 'billed/delete', id: list.id }).catch((e: Error) => setRemoveError(`Not removed: ${e.message}`));
              }}
            >
              Remove this list
            </button>
            {removeError && <span role="alert">{removeError}</span>}
          </div>
          <ContractEditor vendor={list.vendor} workspace={list.workspace} settings={settings} profileNames={profileNames} />
        </div>
      )}
    </div>
  );
}

/**
 * Reads a billed list; a large CSV a chunk at a time with progress, and no further than its first refusal
 * (a header of a million columns, an unclosed quote) — the same reader as a small one, with the same lines.
 */
async function readBilledFile(file: File, format: BilledFormat, mapping: ColumnMapping | undefined, onProgress: (share: number) => void): Promise<BilledRead> {
  if (format === 'intercom-api-json' || file.size < BILLED_FILE_CHUNK_BYTES) {
    onProgress(1);
    return readBilledList(await file.text(), format, mapping);
  }
  return readBilledBlob(file, format, mapping, { onProgress });
}

const NONE: readonly ConversationRecord[] = [];
const NO_PROFILE_NAMES: ProfileNames = new Map();
const NO_MAPPING: ColumnMapping = { vendor: 'custom', conversationId: '', billedAt: '', units: '', customerId: '' };

/** `profileNames`: the saved vendor profiles, offered (by name) as the workspace of a profile's bill. */
export function BilledListImport({ conversations, profileNames = NO_PROFILE_NAMES }: { conversations: readonly ConversationRecord[]; profileNames?: ProfileNames }) {
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<BilledFormat>('intercom-csv');
  const [vendor, setVendor] = useState<Vendor>('intercom');
  const [workspace, setWorkspace] = useState('');
  const [mapping, setMapping] = useState<ColumnMapping>(NO_MAPPING);
  const [message, setMessage] = useState('');
  const [read, setRead] = useState<BilledRead | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [pullName, setPullName] = useState<string | null>(null);
  const fileName = file?.name ?? pullName ?? '';
  useEffect(() => {
    if (!file) return;
    let current = true;
    setProgress(0);
    readBilledFile(file, format, format === 'mapped-csv' ? { ...mapping, vendor } : undefined, (share) => current && setProgress(share))
      .then((result) => current && setRead(result))
      .catch((e) => current && setRead({ format, items: [], skipped: [], errors: [`cannot read the file: ${(e as Error).message}`], columns: [] }))
      .finally(() => current && setProgress(null));
    return () => {
      current = false;
    };
  }, [file, format, mapping, vendor]);
  // A vendor profile's bill is that profile's (its id is the workspace): every saved profile is offered.
  const workspaces = useMemo(() => {
    const seen = distinctSorted(conversations, (c) => (c.vendor === vendor ? c.workspace : null));
    return vendor === 'custom' ? [...new Set([...profileNames.keys(), ...seen])] : seen;
  }, [conversations, vendor, profileNames]);

  const choose = async (chosen: File | undefined) => {
    if (!chosen) return;
    setMessage('');
    setRead(null);
    setPullName(null);
    // Another file's columns mean nothing in this one: its mapping starts empty.
    setMapping(NO_MAPPING);
    // The header (or the JSON's start) is enough to tell the format.
    const detected = detectBilledFormat(await chosen.slice(0, 65_536).text());
    const v = FORMAT_VENDOR[detected];
    if (v) setVendor(v);
    const known = distinctSorted(conversations, (c) => (c.vendor === (v ?? vendor) ? c.workspace : null));
    setWorkspace(known.length === 1 ? known[0] : '');
    setFormat(detected);
    setFile(chosen);
  };

  const save = async () => {
    if (!read || read.errors.length > 0 || read.mappingNeeded) return;
    try {
      // In parts, as every large request: a long list passes one message's 64 MiB.
      const reply = await requestInParts({ items: read.items }, (uploadId) => ({ type: 'billed/import', name: fileName, vendor, workspace, format, skipped: read.skipped.length, uploadId }), (phase, done, total) =>
        setMessage(phase === 'sending' ? `Handing over ${done.toLocaleString('en')} of ${total.toLocaleString('en')} billed line(s)…` : 'Saving the billed list…'),
      );
      setMessage(`Imported ${reply.items} billed item(s) from ${fileName}.`);
      setFile(null);
      setPullName(null);
      setRead(null);
    } catch (e) {
      setMessage((e as Error).message);
    }
  };

  return (
    <div class="billed-import">
      <label>
        Import the vendor's billed list (Intercom report CSV or API JSON, Zendesk, Ada, Salesforce billing outcomes, or any CSV){' '}
        <input type="file" accept=".csv,.json,text/csv,application/json" onChange={(e) => void choose((e.target as HTMLInputElement).files?.[0])} />
      </label>
      <IntercomPull
        onRead={(pulled, name) => {
          setFile(null);
          setPullName(name);
          setFormat('intercom-api-json');
          setVendor('intercom');
          setRead(pulled);
        }}
      />
      {progress !== null && (
        <p>
          <progress aria-label="Reading the billed list" max={1} value={progress} /> reading {fileName}…
        </p>
      )}
      {read && (
        <div class="billed-preview" role="region" aria-label="Billed list preview">
          <div class="toolbar">
            <label>
              Format{' '}
              <select value={format} onChange={(e) => setFormat((e.target as HTMLSelectElement).value as BilledFormat)}>
                {BILLED_FORMATS.map((f) => (
                  <option value={f}>{FORMAT_LABELS[f]}</option>
                ))}
              </select>
            </label>
            <VendorSelect value={vendor} onChange={(v) => setVendor(v as Vendor)} />
            <label>
              Workspace{' '}
              <input list="billed-workspaces" value={workspace} placeholder={vendor === 'custom' ? 'the profile’s id' : 'any'} onInput={(e) => setWorkspace((e.target as HTMLInputElement).value)} />
              <datalist id="billed-workspaces">
                {workspaces.map((w) => (
                  <option value={w} label={vendor === 'custom' ? profileNames.get(w) : undefined} />
                ))}
              </datalist>
            </label>
          </div>
          {format === 'mapped-csv' && (
            <div class="toolbar mapping" aria-label="Column mapping">
              {(['conversationId', 'billedAt', 'units', 'customerId'] as const).map((field) => (
                <label>
                  {{ conversationId: 'Conversation id column', billedAt: 'Billed at column', units: 'Units column', customerId: 'Customer id column' }[field]}{' '}
                  <select value={mapping[field]} onChange={(e) => setMapping({ ...mapping, [field]: (e.target as HTMLSelectElement).value })}>
                    <option value="">{field === 'conversationId' ? 'choose…' : 'none'}</option>
                    {read.columns.map((c) => (
                      <option value={c}>{c}</option>
                    ))}
                  </select>
                </label>
              ))}
            </div>
          )}
          {read.mappingNeeded && read.errors.length === 0 ? (
            // Not yet read, so not refused: what to do next.
            <p class="next-step" data-next-step>
              Choose which column of {fileName} holds the conversation id (the one column needed), then, if the file has them, the billed time, units and
              customer id columns. Recount reads the rows once the conversation id column is chosen; nothing is imported before you press Import.
            </p>
          ) : read.errors.length > 0 ? (
            <div class="file-report refused">
              <strong>{fileName}</strong>: refused, nothing imported
              <ul>
                {read.errors.slice(0, 30).map((e) => (
                  <li>{e}</li>
                ))}
              </ul>
            </div>
          ) : (
            <p>
              <strong>{read.items.length}</strong> billed item(s), {read.items.reduce((s, i) => s + i.units, 0)} unit(s); {read.skipped.length} row(s) skipped
              as not billed.{' '}
              <button type="button" class="primary" disabled={read.items.length === 0} onClick={() => void save()}>
                Import {read.items.length} billed item(s)
              </button>
            </p>
          )}
          {(read.warnings ?? []).map((w) => (
            <p class="warning">{w}</p>
          ))}
          {read.skipped.length > 0 && (
            <details>
              <summary>Skipped rows</summary>
              <ul>
                {read.skipped.slice(0, 100).map((s) => (
                  <li>
                    line {s.line}: {s.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
      <p role="status" class="message">
        {message}
      </p>
    </div>
  );
}

/** The summary names the key this browser signs its evidence with, so the vendor can check every file sent with it. */
function SignedBy() {
  const [fingerprint, setFingerprint] = useState<string | null>(null);
  useEffect(() => {
    request({ type: 'signing/info' })
      .then((info) => setFingerprint(info.fingerprint))
      .catch(() => setFingerprint(null));
  }, []);
  if (!fingerprint) return null;
  return (
    <p class="small" data-summary="signed-by">
      Exports and evidence bundles from this browser are signed with key <code>{fingerprint}</code>; check each with{' '}
      <code>node tools/verify-log.mjs --key "{fingerprint}" &lt;file&gt;</code>.
    </p>
  );
}
