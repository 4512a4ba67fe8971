// The checkout's countdown in a real browser: with seats held for a few seconds, the registrant who
// does not pay is sent to the "expired" page at zero, and the seats come back for others.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, publishedConference, screenshot } from './harness.mjs';

let site;
before(async () => {
  site = await start(['--reservation-timeout-seconds', '4', '--expiry-buffer-seconds', '1',
                      '--subscription-poll-ms', '100']);
});
after(async () => { await site.stop(); });

test('a registrant who does not pay in time is sent to the expired page, and the seats are offered again', async () => {
  await publishedConference(site.api, 'SHORT', [{ name: 'Full pass', price: 100, quantity: 3 }]);
  const page = await site.page();
  await page.goto(site.base + '/#/c/SHORT');
  await page.getByLabel('Quantity of Full pass').selectOption('2');
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByText('Your seats are reserved.').waitFor();

  await page.getByRole('heading', { name: 'Your reservation has expired' }).waitFor({ timeout: 30000 });
  await screenshot(page, '19-registrant-expired');

  // Once the held seats are released (expiry + buffer), the conference page offers all 3 again.
  await page.goto(site.base + '/#/c/SHORT');
  for (let attempt = 0; ; attempt++) {
    await page.reload();
    const left = (await page.locator('tr[data-seat-type="Full pass"] [data-left]').textContent()).trim();
    if (left === '3 left') break;
    assert.ok(attempt < 100, `seats never came back: still ${left}`);
    await new Promise(r => setTimeout(r, 200));
  }
});
