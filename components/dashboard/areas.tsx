// The dashboard's frame: its areas (one shown at a time, each with its own address), the navigation between them,
// and the titled sections inside them.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** The dashboard's areas, one shown at a time; the navigation links to each by its hash. */
export const AREAS = [
  { id: 'overview', label: 'Overview' },
  { id: 'reconcile', label: 'Reconcile' },
  { id: 'spot-checks', label: 'Spot checks' },
  { id: 'team', label: 'Team' },
  { id: 'data', label: 'Evidence & data' },
  { id: 'settings', label: 'Settings' },
] as const;
export type AreaId = (typeof AREAS)[number]['id'];
/** Every hash a link or bookmark may carry (a section inside an area too), and the area that holds it. */
const AREA_OF_HASH: Record<string, AreaId> = {
  '#overview': 'overview',
  '#reconcile': 'reconcile',
  '#reconciliation': 'reconcile',
  '#spot-checks': 'spot-checks',
  '#team': 'team',
  '#data': 'data',
  '#merge': 'data',
  '#settings': 'settings',
  '#profiles': 'settings',
  '#diagnostics': 'settings',
};
const areaOfHash = (hash: string): AreaId => AREA_OF_HASH[hash] ?? (hash.startsWith('#team-join=') ? 'settings' : 'overview');

/** The area the address names, following the back button and every in-page link. */
export function useArea(): AreaId {
  const [area, setArea] = useState<AreaId>(() => areaOfHash(location.hash));
  useEffect(() => {
    const follow = () => {
      setArea(areaOfHash(location.hash));
      // A link to a section inside an area (#merge, #profiles): once its area shows, bring the section into view.
      const section = location.hash.length > 1 && !location.hash.includes('=') ? document.getElementById(location.hash.slice(1)) : null;
      if (section) requestAnimationFrame(() => section.scrollIntoView({ block: 'start' }));
    };
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  return area;
}

/** One area of the dashboard: rendered always (its state survives a switch), shown only when current. */
export function Area({ id, current, children }: { id: AreaId; current: AreaId; children: ComponentChildren }) {
  return (
    <div class="area" id={`area-${id}`} hidden={id !== current}>
      {children}
    </div>
  );
}

export type Panels = typeof import('./panels');

/** Where the panels' code stands: loading (null), loaded, or failed (the message to show in their place). */
export type PanelsState = Panels | { failed: string } | null;

/**
 * The panels' code (panels.ts), asked for once `start` is true: once the first figures and rows are shown, so that
 * neither its loading nor the panels' own reads queue beside those.
 */
export function usePanelsAfter(start: boolean): PanelsState {
  const [state, setState] = useState<PanelsState>(null);
  useEffect(() => {
    if (!start || state) return;
    let alive = true;
    import('./panels').then(
      (panels) => alive && setState(panels),
      // An extension updated while this page was open no longer has the files this page asks for.
      () => alive && setState({ failed: 'This part of the dashboard could not be loaded: reload the page.' }),
    );
    return () => {
      alive = false;
    };
  }, [start, state]);
  return state;
}

/**
 * One titled section of the dashboard, reachable by its id (#team, #reconcile, …). Its contents come once the
 * panels' code is in (`panels`, after the first figures and rows). `onUse` is called when something in the section
 * is pressed or focused.
 */
export function Panel({ id, title, panels, onUse, children }: { id: string; title: string; panels: PanelsState; onUse?: () => void; children: ComponentChildren }) {
  return (
    <section class="panel" id={id} aria-labelledby={`${id}-heading`} onFocusIn={onUse} onPointerDown={onUse}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {panels === null ? <p class="muted">Loading…</p> : 'failed' in panels ? <p role="alert">{panels.failed}</p> : children}
    </section>
  );
}

