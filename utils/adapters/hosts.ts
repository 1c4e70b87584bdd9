// Every helpdesk host Recount reads, in one place: the content scripts' registrations, the permission requests
// and the background's tab broadcast all come from here.
export const INTERCOM_MATCHES = [
  'https://app.intercom.com/*',
  'https://app.eu.intercom.com/*',
  'https://app.au.intercom.com/*',
] as const;

export const ZENDESK_MATCHES = ['https://*.zendesk.com/*'] as const;
export const SALESFORCE_MATCHES = ['https://*.lightning.force.com/*'] as const;

export const HELPDESK_MATCHES = [...INTERCOM_MATCHES, ...ZENDESK_MATCHES, ...SALESFORCE_MATCHES] as const;

/**
 * The helpdesks Recount reads out of the box. None is granted by installing: the welcome page (or Settings) asks
 * the browser for the ones the team uses, and the background registers each one's content script only while its
 * hosts are granted.
 */
export const BUILT_IN_HELPDESKS = [
  { id: 'intercom', label: 'Intercom', hosts: 'app.intercom.com (and its EU and Australian regions)', matches: INTERCOM_MATCHES, script: '/content-scripts/intercom.js' },
  { id: 'zendesk', label: 'Zendesk Agent Workspace', hosts: 'your-company.zendesk.com', matches: ZENDESK_MATCHES, script: '/content-scripts/zendesk.js' },
  { id: 'salesforce', label: 'Salesforce (Agentforce)', hosts: 'your-org.lightning.force.com', matches: SALESFORCE_MATCHES, script: '/content-scripts/salesforce.js' },
] as const;

export type BuiltInHelpdesk = (typeof BUILT_IN_HELPDESKS)[number];
