// The owners' site in a real browser: create a conference, keep its access code, log in with it, add
// seat types, publish, and see a registrant's order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { start, screenshot } from './harness.mjs';

let site;
before(async () => { site = await start(); });
after(async () => { await site.stop(); });

const text = async locator => (await locator.textContent()).trim();

test('an owner creates and publishes a conference with seat types and sees the order placed for it', async () => {
  const page = await site.page();
  await page.goto(site.base + '/manage');
  const create = page.locator('#create');
  await create.getByLabel('Name', { exact: true }).fill('Event Sourcing Days');
  await create.getByLabel('Tagline').fill('Replay everything');
  await create.getByLabel('Description').fill('Talks and workshops.');
  await create.getByLabel('Location').fill('Porto');
  await create.getByLabel('Start date').fill('2027-06-01');
  await create.getByLabel('End date').fill('2027-05-01');
  await create.getByLabel('Slug').fill('ESDAYS');
  await create.getByLabel('Your name').fill('Olga Owner');
  await create.getByLabel('Your email').fill('olga@example.com');
  await screenshot(page, '11-owner-start');
  await create.getByRole('button', { name: 'Create conference' }).click();
  await create.locator('.field-error, .notice.error').filter({ hasText: /\S/ }).first().waitFor();
  await create.getByLabel('End date').fill('2027-06-02');
  await create.getByRole('button', { name: 'Create conference' }).click();

  await page.getByText('shown only this once').waitFor();
  const accessCode = await text(page.locator('[data-access-code]'));
  assert.match(accessCode, /^\S{4,}$/);
  await screenshot(page, '12-owner-access-code');

  const owner = await site.page();
  await owner.goto(site.base + '/manage');
  const login = owner.locator('#login');
  await login.getByLabel('Email').fill('OLGA@example.com');
  await login.getByLabel('Access code').fill('wrong-code');
  await login.getByRole('button', { name: 'Log in' }).click();
  await login.getByText('This email and access code do not match a conference.').waitFor();
  await login.getByLabel('Access code').fill(accessCode);
  await login.getByRole('button', { name: 'Log in' }).click();
  await owner.getByRole('heading', { name: 'Event Sourcing Days' }).waitFor();

  for (const [name, quantity, price] of [['Conference', '100', '250'], ['Workshop', '20', '90']]) {
    const add = owner.locator('#add-seat-type');
    await add.getByLabel('Name').fill(name);
    await add.getByLabel('Quantity').fill(quantity);
    await add.getByLabel('Price').fill(price);
    await add.getByRole('button', { name: 'Add seat type' }).click();
    await owner.locator(`form.seat-type[data-seat-type="${name}"]`).waitFor();
  }
  assert.equal(await owner.locator('form.seat-type').count(), 2);
  assert.equal(await owner.locator('form.seat-type').getByRole('button', { name: 'Delete' }).count(), 2);
  await owner.getByRole('button', { name: 'Publish' }).click();
  await owner.locator('[data-published="yes"]').waitFor();
  assert.equal(await owner.locator('form.seat-type').getByRole('button', { name: 'Delete' }).count(), 0);

  // A registrant orders two conference seats.
  const conference = await site.api('GET', '/api/conferences/ESDAYS');
  const orderId = randomUUID();
  await site.api('POST', '/api/conferences/ESDAYS/orders',
    { orderId, seats: [{ seatTypeId: conference.seatTypes.find(s => s.name === 'Conference').id, quantity: 2 }] });
  await site.api('PUT', `/api/orders/${orderId}/registrant`, { firstName: 'Rita', lastName: 'Registrant', email: 'rita@example.com' });

  const row = owner.locator(`tr[data-order="${orderId}"]`);
  for (let attempt = 0; !(await row.count()) || !(await text(row)).includes('Rita'); attempt++) {
    assert.ok(attempt < 50, 'the order never appeared');
    await owner.getByRole('button', { name: 'Refresh' }).click();
    await owner.waitForTimeout(200);
  }
  assert.match(await text(row), /Rita Registrant/);
  assert.equal(await text(row.locator('[data-status]')), 'pending');
  assert.match(await text(row), /500\.00/);
  await screenshot(owner, '13-owner-conference');
});
