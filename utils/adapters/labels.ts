// The words an adapter reads on the page are data, not code: a console in another language, or an AI agent
// renamed "Ava", is read by changing them in Settings › Page labels (per vendor, optionally per workspace).
import type { LabelOverrides } from '../model/page-labels';
import type { ConversationState, ResolutionKind, Vendor } from '../model/verdict';

export interface ReadingLabels {
  /** The AI agent's display names, compared as whole names, case ignored (Intercom "Fin", Zendesk "AI agent"…). */
  aiAgentNames: string[];
  /** Intercom: the details-sidebar attribute that carries the agent's outcome. */
  resolutionLabel: string;
  /** Zendesk: the label on internal notes. Salesforce: unused. */
  internalNoteLabel: string;
  /** Zendesk: the ticket field naming the customer. */
  requesterLabel: string;
  /** Salesforce: the record field holding the status. */
  statusLabel: string;
  /** Extra state words the console shows, e.g. { "gelöst": "solved" }; the built-in English words stay. */
  stateWords: Record<string, ConversationState>;
  /** Extra outcome words, e.g. { "résolution supposée": "assumed" }; the built-in words stay. */
  resolutionWords: Record<string, ResolutionKind>;
}

export const DEFAULT_LABELS: Record<Exclude<Vendor, 'custom'>, ReadingLabels> = {
  intercom: {
    aiAgentNames: ['Fin', 'Fin AI Agent'],
    resolutionLabel: 'Fin AI Agent resolution state',
    internalNoteLabel: '',
    requesterLabel: '',
    statusLabel: '',
    stateWords: {},
    resolutionWords: {},
  },
  zendesk: {
    aiAgentNames: ['AI agent', 'Answer Bot', 'Zendesk Bot', 'Zendesk AI agent', 'Bot'],
    resolutionLabel: '',
    internalNoteLabel: 'Internal note',
    requesterLabel: 'Requester',
    statusLabel: '',
    stateWords: {},
    resolutionWords: {},
  },
  salesforce: {
    aiAgentNames: ['Agentforce', 'Einstein', 'Einstein Bot', 'AI agent', 'Agentforce Service Agent'],
    resolutionLabel: '',
    internalNoteLabel: '',
    requesterLabel: '',
    statusLabel: 'Status',
    stateWords: {},
    resolutionWords: {},
  },
};

/** The labels to read a workspace's pages with: the defaults, then the vendor's overrides, then the workspace's. */
export function labelsFor(
  vendor: Exclude<Vendor, 'custom'>,
  workspace: string | null,
  overrides: Record<string, LabelOverrides> | undefined,
): ReadingLabels {
  const merged: ReadingLabels = { ...DEFAULT_LABELS[vendor] };
  for (const key of [`${vendor}:*`, workspace ? `${vendor}:${workspace}` : null]) {
    const o = key ? overrides?.[key] : undefined;
    if (!o) continue;
    for (const [field, value] of Object.entries(o) as [keyof ReadingLabels, unknown][]) {
      if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
      (merged as unknown as Record<string, unknown>)[field] =
        field === 'stateWords' || field === 'resolutionWords' ? { ...(merged[field] as object), ...(value as object) } : value;
    }
  }
  return merged;
}

/**
 * Whether a display name is one of the AI agent's names, case and spacing ignored: the whole name, or with
 * `asWords` the name appearing as whole words in it ("Zendesk AI agent", "Support Bot").
 */
export function isAgentName(labels: ReadingLabels, name: string, asWords = false): boolean {
  const folded = fold(name);
  if (folded === '') return false;
  return labels.aiAgentNames.some((n) => {
    const agent = fold(n);
    if (agent === '') return false;
    if (!asWords) return agent === folded;
    return new RegExp(`(^|[^\\p{L}\\p{N}])${agent.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'u').test(folded);
  });
}

const fold = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

/** The page words a read looked for, in a line for Diagnostics ("AI agent: Fin, Fin AI Agent · outcome attribute “…”"). */
export function describeLabels(labels: ReadingLabels): string {
  const parts = [`AI agent: ${labels.aiAgentNames.join(', ')}`];
  if (labels.resolutionLabel) parts.push(`outcome attribute “${labels.resolutionLabel}”`);
  if (labels.internalNoteLabel) parts.push(`internal note “${labels.internalNoteLabel}”`);
  if (labels.requesterLabel) parts.push(`requester field “${labels.requesterLabel}”`);
  if (labels.statusLabel) parts.push(`status field “${labels.statusLabel}”`);
  const extra = Object.keys(labels.stateWords).length + Object.keys(labels.resolutionWords).length;
  if (extra > 0) parts.push(`${extra} extra word${extra === 1 ? '' : 's'}`);
  return parts.join(' · ').slice(0, 500);
}

/** A word from `words` (case and spacing ignored), or undefined. */
export function lookUpWord<T>(words: Record<string, T>, text: string): T | undefined {
  const folded = text.replace(/\s+/g, ' ').trim().toLowerCase();
  for (const [word, value] of Object.entries(words)) if (word.replace(/\s+/g, ' ').trim().toLowerCase() === folded) return value;
  return undefined;
}
