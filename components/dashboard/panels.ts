// The dashboard's panels beyond its first screen, as a module of their own: the dashboard loads it once the first
// figures and rows are shown, so opening it compiles and runs only what those need (these panels and what they
// alone use — backups, bundles, the bill's reconciliation, spot checks' statistics, profiles — are about a third
// of its code).
export { DataPanel } from './DataPanel';
export { DiagnosticsPanel } from './DiagnosticsPanel';
export { ImportPanel } from './ImportPanel';
export { ProfilesPanel } from './ProfilesPanel';
export { ReconcilePanel } from './ReconcilePanel';
export { SpotCheckPanel } from './SpotCheckPanel';
export { TeamPanel } from './TeamPanel';
export { SettingsPanel } from '../settings/SettingsForm';
