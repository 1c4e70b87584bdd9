// Vendor profiles by name: each profile's conversations, prices and contract terms are its own (vendor `custom`,
// workspace = the profile's id), so every place that shows terms names the profile, never one "Profile".
import type { VendorProfile } from '../../utils/adapters/profiles';
import type { RecountDB } from '../../utils/store/db';
import { VENDOR_LABELS, VENDORS, type Vendor } from '../../utils/model/verdict';
import { useLiveQuery } from './useLiveQuery';

/** The `custom` defaults' owner: every profile without terms of its own. */
export const DEFAULT_PROFILE_TERMS = 'Other profiles (default terms)';

/** Profile id → name, of the profiles saved in this browser, sorted by name (followed live). */
export type ProfileNames = ReadonlyMap<string, string>;

const NO_PROFILES: VendorProfile[] = [];

export function useProfileNames(db: RecountDB): ProfileNames {
  const profiles = useLiveQuery(() => db.profiles.toArray(), [db], NO_PROFILES);
  return profileNamesOf(profiles);
}

const namesCache = new WeakMap<readonly VendorProfile[], ProfileNames>();
export function profileNamesOf(profiles: readonly Pick<VendorProfile, 'id' | 'name'>[]): ProfileNames {
  const cached = namesCache.get(profiles as readonly VendorProfile[]);
  if (cached) return cached;
  const names = new Map([...profiles].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)).map((p) => [p.id, p.name]));
  namesCache.set(profiles as readonly VendorProfile[], names);
  return names;
}

/**
 * Whose terms: a built-in vendor's name, a profile's own name (its id where no saved profile has it any more), or,
 * for profiles' conversations with no profile named, the default terms every profile without its own takes.
 */
export function termsOwnerName(vendor: Vendor, workspace: string | null | undefined, names: ProfileNames): string {
  if (vendor !== 'custom') return VENDOR_LABELS[vendor];
  if (!workspace) return DEFAULT_PROFILE_TERMS;
  return names.get(workspace) ?? `profile ${workspace}`;
}

/** One owner of contract terms: a built-in vendor, or a vendor profile (custom with its id; '' = the profiles' default). */
export interface TermsOwner {
  vendor: Vendor;
  workspace: string;
  name: string;
}

/** The built-in vendors, then each saved profile by name, then the default every other profile takes. */
export function termsOwners(names: ProfileNames): TermsOwner[] {
  return [
    ...VENDORS.filter((v) => v !== 'custom').map((vendor) => ({ vendor, workspace: '', name: VENDOR_LABELS[vendor] })),
    ...[...names].map(([id, name]) => ({ vendor: 'custom' as const, workspace: id, name })),
    { vendor: 'custom', workspace: '', name: DEFAULT_PROFILE_TERMS },
  ];
}
