// The registrant site in a real browser: the paid flow through seat assignment and find-order, the
// free flow, a sold-out seat type, and a partial reservation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { start, publishedConference, screenshot } from './harness.mjs';

let site;
before(async () => { site = await start(); });
after(async () => { await site.stop(); });

const text = async locator => (await locator.textContent()).trim();

test('a registrant pays for two seats, is rejected once, pays, assigns a seat and finds the order again', async () => {
  await publishedConference(site.api, 'PAID', [
    { name: 'Full pass', price: 300, quantity: 10, description: 'Both days, every talk' },
    { name: 'Workshop', price: 120.5, quantity: 5, description: 'Hands-on afternoon' }]);
  const page = await site.page();
  await page.goto(site.base + '/');
  await page.getByRole('link', { name: /Conference PAID/ }).waitFor();
  await screenshot(page, '01-registrant-conferences');
  await page.getByRole('link', { name: /Conference PAID/ }).click();

  await page.getByRole('heading', { name: 'Conference PAID' }).waitFor();
  assert.equal(await text(page.locator('tr[data-seat-type="Full pass"] [data-left]')), '10 left');
  await page.getByLabel('Quantity of Full pass').selectOption('2');
  await page.getByLabel('Quantity of Workshop').selectOption('1');
  assert.equal(await text(page.locator('[data-running-total]')), '720.50');
  assert.equal(await page.getByLabel('Quantity of Workshop').locator('option').count(), 6);
  await screenshot(page, '02-registrant-conference');
  const phone = await site.page({ viewport: { width: 390, height: 844 }, isMobile: true });
  await phone.goto(site.base + '/#/c/PAID');
  await phone.getByLabel('Quantity of Full pass').selectOption('1');
  await screenshot(phone, '02-registrant-conference-phone');
  await page.getByRole('button', { name: 'Register' }).click();

  await page.getByText('Your seats are reserved.').waitFor();
  assert.equal(await text(page.locator('[data-total]')), '720.50');
  assert.match(await text(page.locator('table.lines tbody')), /Full pass\s*22/);
  assert.match(await text(page.locator('[data-countdown]')), /^\d+:\d\d$/);
  await page.getByRole('button', { name: 'Proceed to payment' }).click();
  await page.locator('[data-error-for="firstName"]').filter({ hasText: /required/ }).waitFor();
  await screenshot(page, '03-registrant-checkout');
  const phoneCheckout = await site.page({ viewport: { width: 390, height: 844 }, isMobile: true });
  await phoneCheckout.goto(page.url());
  await phoneCheckout.getByText('Your seats are reserved.').waitFor();
  await screenshot(phoneCheckout, '03-registrant-checkout-phone');

  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill('Lovelace');
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByRole('button', { name: 'Proceed to payment' }).click();
  await page.waitForURL(/\/payment\//);
  assert.equal(await text(page.locator('[data-amount]')), '720.50');
  await screenshot(page, '04-registrant-payment');
  await page.getByRole('button', { name: 'Reject' }).click();
  await page.getByText('The payment was not completed. You can try again.').waitFor();
  assert.equal(await page.getByLabel('First name').inputValue(), 'Ada');

  await page.getByRole('button', { name: 'Proceed to payment' }).click();
  await page.waitForURL(/\/payment\//);
  await page.getByRole('button', { name: 'Accept' }).click();
  await page.getByText('Your order is confirmed.').waitFor();
  const accessCode = await text(page.locator('[data-access-code]'));
  assert.match(accessCode, /^\S{4,}$/);
  await screenshot(page, '05-registrant-thank-you');

  await page.getByRole('link', { name: 'View order' }).click();
  await page.locator('[data-status="confirmed"]').waitFor();
  assert.equal(await text(page.locator('[data-total]')), '720.50');
  await screenshot(page, '06-registrant-order');

  await page.getByRole('link', { name: 'Assign seats' }).click();
  await page.locator('form.seat').first().waitFor();
  assert.equal(await page.locator('form.seat').count(), 3);
  const first = page.locator('form.seat[data-position="0"]');
  await first.getByLabel('First name').fill('Grace');
  await first.getByLabel('Last name').fill('Hopper');
  await first.getByLabel('Email').fill('grace@example.com');
  await first.getByRole('button', { name: 'Save' }).click();
  await first.getByText('Assigned to Grace Hopper (grace@example.com)').waitFor();
  const second = page.locator('form.seat[data-position="1"]');
  await second.getByLabel('Email').fill('not-an-email');
  await second.getByRole('button', { name: 'Save' }).click();
  await second.locator('.field-error, .notice.error').filter({ hasText: /\S/ }).first().waitFor();
  await screenshot(page, '07-registrant-seat-assignment');

  const finder = await site.page();
  await finder.goto(site.base + '/#/find');
  await finder.getByLabel('Email').fill('ada@example.com');
  await finder.getByLabel('Access code').fill('WRONG');
  await finder.getByRole('button', { name: 'Find order' }).click();
  await finder.getByText('No order matches this email and access code.').waitFor();
  await finder.getByLabel('Access code').fill(accessCode);
  await finder.getByRole('button', { name: 'Find order' }).click();
  await finder.locator('[data-status="confirmed"]').waitFor();
  await screenshot(finder, '08-registrant-find-order');
});

test('a free order goes from checkout straight to the thank-you page', async () => {
  await publishedConference(site.api, 'FREE', [{ name: 'Community pass', price: 0, quantity: 50 }]);
  const page = await site.page();
  await page.goto(site.base + '/#/c/FREE');
  await page.getByLabel('Quantity of Community pass').selectOption('1');
  assert.equal(await text(page.locator('[data-running-total]')), '0.00');
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByText('Your seats are reserved.').waitFor();
  await page.getByLabel('First name').fill('Linus');
  await page.getByLabel('Last name').fill('Free');
  await page.getByLabel('Email').fill('linus@example.com');
  await page.getByRole('button', { name: 'Proceed to payment' }).click();
  await page.getByText('Your order is confirmed.').waitFor();
  assert.ok(!page.url().includes('/payment/'));
  assert.match(await text(page.locator('[data-access-code]')), /\S+/);
});

test('a sold-out seat type says so and offers no quantity', async () => {
  await publishedConference(site.api, 'SOLD', [
    { name: 'Gone', price: 50, quantity: 0 }, { name: 'Still here', price: 80, quantity: 3 }]);
  const page = await site.page();
  await page.goto(site.base + '/#/c/SOLD');
  await page.getByText('Sold out').waitFor();
  assert.equal(await text(page.locator('tr[data-seat-type="Gone"] .sold-out')), 'Sold out');
  assert.equal(await page.getByLabel('Quantity of Gone').count(), 0);
  assert.equal(await text(page.locator('tr[data-seat-type="Still here"] [data-left]')), '3 left');
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByText('Choose at least one seat.').waitFor();
  await screenshot(page, '09-registrant-sold-out');
});

test('a partial reservation is explained and the picker offers what was reserved', async () => {
  const conference = await publishedConference(site.api, 'PART', [{ name: 'Last seats', price: 40, quantity: 3 }]);
  const page = await site.page();
  await page.goto(site.base + '/#/c/PART');
  await page.getByLabel('Quantity of Last seats').selectOption('3');
  // Someone else takes two of the three seats while this page is open.
  await site.api('POST', '/api/conferences/PART/orders',
    { orderId: randomUUID(), seats: [{ seatTypeId: conference.seatTypeIds['Last seats'], quantity: 2 }] });
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByText('Could not reserve all the requested seats.').waitFor();
  const picker = page.locator('form select[name="' + conference.seatTypeIds['Last seats'] + '"]');
  assert.equal(await picker.inputValue(), '1');
  assert.match(await text(page.locator('table.lines tbody')), /Last seats\s*31/);
  assert.equal(await page.getByRole('button', { name: 'Proceed to payment' }).isDisabled(), true);
  await screenshot(page, '10-registrant-partial-reservation');
  await page.getByRole('button', { name: 'Update seats' }).click();
  await page.getByText('Your seats are reserved.').waitFor();
  assert.equal(await text(page.locator('[data-total]')), '40.00');
});
