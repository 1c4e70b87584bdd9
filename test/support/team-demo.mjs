// A second demo agent for the team log: events hashed exactly as Recount hashes them (utils/model/chain.mjs),
// written to the team server with that agent's own credentials, as its browser would push them.
import { createHash } from 'node:crypto';
import { eventHash, GENESIS } from '../../utils/model/chain.mjs';

const sha256hex = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
const claim = (id) => ({ state: 'closed', resolution: 'assumed', resolutionLabel: 'Assumed Resolution', url: `https://app.intercom.com/a/inbox/demo/inbox/shared/all/conversation/${id}` });

/** An agent's chain of tags on demo conversations: [{ conversationId, verdict, reason?, note? }] in order. */
export function agentChain(reviewer, chain, tags, start = Date.now() - tags.length * 60_000) {
  let prevHash = GENESIS;
  return tags.map((t, i) => {
    const e = {
      id: `${chain}-${i + 1}`, convKey: `intercom:demo:${t.conversationId}`, vendor: 'intercom', workspace: 'demo', conversationId: t.conversationId,
      verdict: t.verdict, reason: t.verdict === 'false' ? (t.reason ?? 'other') : null, note: t.note ?? '', reviewer, at: start + i * 60_000,
      claim: claim(t.conversationId), suggested: null, chain, seq: i + 1, prevHash, hash: '',
    };
    e.hash = eventHash(e, sha256hex);
    prevHash = e.hash;
    return e;
  });
}

/** Pushes events as `agent` (one document per event, `_id` = event id), as Recount's background does. */
export async function pushAs(server, agent, events) {
  const response = await fetch(`${server.url}/${server.db}/_bulk_docs`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${agent.name}:${agent.password}`).toString('base64')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ docs: events.map((e) => ({ _id: e.id, ...e })) }),
  });
  if (response.status !== 201) throw new Error(`pushing the demo agent's events: ${response.status}`);
}

/**
 * Joins the team log from a dashboard page as `who`, through Settings › Team log as a person would, and waits for
 * the confirmation.
 * @param {import('playwright-core').Page} dashboard
 */
export async function joinTeamLog(dashboard, server, who) {
  const { showArea } = await import('./browser.mjs');
  await showArea(dashboard, 'settings');
  const team = dashboard.getByRole('group', { name: 'Team log' });
  await team.getByLabel('Server').fill(server.url);
  await team.getByLabel('Database').fill(server.db);
  await team.getByLabel('Your user name').fill(who.name);
  await team.getByLabel('Password', { exact: true }).fill(who.password);
  await team.getByRole('button', { name: 'Join team' }).click();
  await team.getByText(`Joined ${server.db} on ${server.url} as ${who.name}.`).waitFor();
  return team;
}

/**
 * Two (or more) browser profiles with the test build, each with its dashboard open, letting exactly the team
 * server's origin through.
 */
export async function launchAgents(server, count = 2) {
  const { E2E_EXTENSION_DIR, launchWithExtension } = await import('./browser.mjs');
  const agents = [];
  for (let i = 0; i < count; i++) {
    const browser = await launchWithExtension({ extensionDir: E2E_EXTENSION_DIR, passThrough: [server.url] });
    const dashboard = await browser.context.newPage();
    await dashboard.goto(browser.dashboardUrl);
    agents.push({ browser, dashboard });
  }
  return agents;
}

/** Dashboard › Team › Pull from team log, and the pull's last word (pulled, refused or stopped). */
export async function pullFromTeamLog(dashboard) {
  const { showArea } = await import('./browser.mjs');
  await showArea(dashboard, 'team');
  const team = dashboard.locator('#team');
  await team.getByRole('button', { name: 'Pull from team log' }).click();
  const result = team.getByRole('status', { name: 'Team pull result' });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const text = await result.innerText();
    if (/^(Pulled|Refused|Pull stopped)/.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`the team pull did not finish within 60 s (it says: ${text})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
