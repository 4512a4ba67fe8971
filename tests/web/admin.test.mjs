// The admin console in a real browser: the token prompt, the live actors of an order, the order's
// state and event stream, the message log filtered to the order, projections and the cluster.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { start, publishedConference, screenshot, adminToken } from './harness.mjs';

let site;
before(async () => { site = await start(); });
after(async () => { await site.stop(); });

const text = async locator => (await locator.textContent()).trim();

test("the console lists an order's actors and shows the order's state and event stream", async () => {
  const conference = await publishedConference(site.api, 'OPS', [{ name: 'Pass', price: 100, quantity: 10 }]);
  const orderId = randomUUID();
  await site.api('POST', '/api/conferences/OPS/orders', { orderId, seats: [{ seatTypeId: conference.seatTypeIds.Pass, quantity: 2 }] });

  const page = await site.page();
  await page.goto(site.base + '/admin');
  await page.getByLabel('Admin token').fill('not-the-token');
  await page.getByRole('button', { name: 'Open console' }).click();
  await page.getByText('This token is not accepted.').waitFor();
  await page.getByLabel('Admin token').fill(adminToken);
  await page.getByRole('button', { name: 'Open console' }).click();

  await page.locator('[data-actor-type="order"]').getByRole('link', { name: orderId }).waitFor();
  await page.locator('[data-actor-type="registration_process"]').getByRole('link', { name: orderId }).waitFor();
  await page.locator('[data-actor-type="seats_availability"]').waitFor();
  await screenshot(page, '14-admin-actors');

  await page.locator('[data-actor-type="order"]').getByRole('link', { name: orderId }).click();
  await page.locator('table.stream').waitFor();
  const stream = await text(page.locator('table.stream tbody'));
  assert.match(stream, /OrderPlaced/);
  assert.match(stream, /OrderReservationCompleted|OrderTotalsCalculated/);
  assert.match(await text(page.locator('pre.json').first()), /\S/);
  await screenshot(page, '15-admin-actor-stream');

  await page.goto(`${site.base}/admin#/messages?sourceId=${orderId}`);
  await page.locator('table.messages tbody tr').first().waitFor();
  const log = await text(page.locator('table.messages tbody'));
  assert.match(log, /RegisterToConference/);
  assert.match(log, /OrderPlaced/);
  await screenshot(page, '16-admin-messages');

  await page.getByRole('link', { name: 'Projections' }).click();
  await page.locator('[data-projection]').first().waitFor();
  assert.ok(await page.locator('[data-projection]').count() >= 4);
  await screenshot(page, '17-admin-projections');

  await page.getByRole('link', { name: 'Dead letters' }).click();
  await page.getByText('No dead letters').waitFor();
  await page.getByRole('link', { name: 'Cluster' }).click();
  await page.getByText('up', { exact: true }).waitFor();
  await screenshot(page, '18-admin-cluster');
});
