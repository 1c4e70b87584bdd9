// Every helpdesk host Recount reads, in one place: the manifest's host permissions,
// the content script's `matches` and the background's tab broadcast all come from here.
export const INTERCOM_MATCHES = [
  'https://app.intercom.com/*',
  'https://app.eu.intercom.com/*',
  'https://app.au.intercom.com/*',
] as const;

export const ZENDESK_MATCHES = ['https://*.zendesk.com/*'] as const;
export const SALESFORCE_MATCHES = ['https://*.lightning.force.com/*'] as const;

export const HELPDESK_MATCHES = [...INTERCOM_MATCHES, ...ZENDESK_MATCHES, ...SALESFORCE_MATCHES] as const;

export const HELPDESK_HOST_PERMISSIONS = HELPDESK_MATCHES;
