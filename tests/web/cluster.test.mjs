// The console's cluster page in a real browser: three nodes up and every shard owned; then one node
// killed with SIGKILL, which the open page marks down without a reload while its shards go to the
// others and its singletons run elsewhere; and a refresh that fails, which leaves the last members on the page under an error line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, screenshot, adminToken } from './harness.mjs';

let cluster;
before(async () => { cluster = await startCluster(3); });
after(async () => { await cluster?.stop(); });

/** What the page shows: each member's status and shard count, and each shard's owner ('' for none). */
const shown = page => page.evaluate(() => ({
  members: Object.fromEntries([...document.querySelectorAll('table.members tbody tr')].map(row => [row.dataset.node,
    { status: row.querySelector('[data-status]').textContent.trim(), down: row.classList.contains('down'),
      shards: row.querySelector('[data-shards]').textContent.trim() }])),
  owners: [...document.querySelectorAll('.shard-map li')].map(cell => cell.dataset.owner),
}));

test('the cluster page shows three members up and the shard map, then marks a killed node down without a reload', async () => {
  const ids = [];
  for (const node of cluster.nodes) ids.push((await node.api('GET', '/api/admin/cluster', undefined, 'Bearer ' + adminToken)).self);
  const [first, second, victim] = ids;

  const page = await cluster.page();
  await page.goto(cluster.base + '/admin');
  await page.getByLabel('Admin token').fill(adminToken);
  await page.getByRole('button', { name: 'Open console' }).click();
  await page.getByRole('link', { name: 'Cluster' }).click();
  await page.getByRole('table', { name: 'Members' }).waitFor();

  // Nodes turn up once they reach each other, and take their shards on the following beats.
  await page.waitForFunction(ids => {
    const up = ids.every(id => document.querySelector(`tr[data-node="${id}"] [data-status="up"]`));
    const cells = [...document.querySelectorAll('.shard-map li')];
    return up && cells.length === 64 && cells.every(cell => ids.includes(cell.dataset.owner));
  }, ids, { timeout: 30000 });
  let seen = await shown(page);
  assert.deepEqual(Object.keys(seen.members).sort(), [...ids].sort());
  for (const id of ids) {
    assert.equal(seen.members[id].status, 'up');
    assert.equal(seen.members[id].down, false);
    assert.equal(Number(seen.members[id].shards), seen.owners.filter(owner => owner === id).length);
  }
  assert.match(await page.getByRole('table', { name: 'Members' }).getByRole('row').filter({ hasText: first }).textContent(), /this node/);
  assert.equal(await page.getByRole('list', { name: 'Owners' }).getByRole('listitem').count(), 4); // three nodes and "no owner"
  await screenshot(page, '20-admin-cluster');

  await page.evaluate(() => { window.sameDocument = true; });
  await cluster.nodes[2].stop('SIGKILL');
  await page.locator(`tr.down[data-node="${victim}"] [data-status="down"]`).waitFor({ timeout: 30000 });
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'the page was reloaded');
  seen = await shown(page);
  assert.equal(seen.members[first].status, 'up');
  assert.equal(seen.members[second].status, 'up');
  assert.equal(await page.locator(`tr[data-node="${victim}"]`).getByText('down', { exact: true }).count(), 1);

  await page.waitForFunction(([victim, survivors]) => {
    const cells = [...document.querySelectorAll('.shard-map li')];
    return cells.length === 64 && cells.every(cell => survivors.includes(cell.dataset.owner)) &&
      document.querySelector(`tr[data-node="${victim}"] [data-shards]`).textContent.trim() === '0';
  }, [victim, [first, second]], { timeout: 30000 });
  // Its singletons (the subscriptions and the deadline actor) run on the survivors.
  await page.waitForFunction(survivors => {
    const rows = [...document.querySelectorAll('table.singletons tbody tr')];
    return rows.length === 8 && rows.every(row => survivors.some(id => row.textContent.includes(id)));
  }, [first, second], { timeout: 30000 });
  await screenshot(page, '21-admin-cluster-node-down');

  // A failed refresh says so and keeps what was last seen; the next good one clears the error.
  await page.route('**/api/admin/cluster', route => route.abort());
  await page.getByRole('alert').filter({ hasText: 'Refresh failed' }).waitFor();
  assert.deepEqual(Object.keys((await shown(page)).members).sort(), [...ids].sort());
  await page.unroute('**/api/admin/cluster');
  await page.getByRole('alert').waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'the page was reloaded');
});
