import { VENDOR_LABELS, VENDORS, type Vendor } from '../../utils/model/verdict';

/** A labelled choice of vendor, used wherever a view or an import is for one vendor. */
export function VendorSelect({ value, onChange, label = 'Vendor', allowAll = false, name }: { value: Vendor | ''; onChange: (v: Vendor | '') => void; label?: string; allowAll?: boolean; name?: string }) {
  return (
    <label>
      {label}{' '}
      <select name={name} value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value as Vendor | '')}>
        {allowAll && <option value="">all</option>}
        {VENDORS.map((v) => (
          <option value={v}>{VENDOR_LABELS[v]}</option>
        ))}
      </select>
    </label>
  );
}
