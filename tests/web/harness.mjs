// What every browser test needs: a fresh database on CONFERENCE_TEST_DB_URL's server, `conference serve`
// on a free port against it, headless Chromium, a seeding client for the JSON API, and screenshots.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium } from 'playwright-core';

const binary = process.env.CONFERENCE_BINARY;
const databaseServer = process.env.CONFERENCE_TEST_DB_URL;
export const screenshotDir = process.env.WEB_SCREENSHOT_DIR || path.resolve('screenshots');
export const adminToken = 'web-test-token';

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => { const { port } = probe.address(); probe.close(() => resolve(port)); });
  });
}

function psql(sql) {
  execFileSync('psql', [databaseServer, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Starts a server on a scratch database and a browser; `extra` are more `serve` flags. */
export async function start(extra = []) {
  if (!binary || !databaseServer) throw new Error('CONFERENCE_BINARY and CONFERENCE_TEST_DB_URL must be set');
  const dbName = 'web_test_' + randomUUID().replace(/-/g, '').slice(0, 16);
  psql(`CREATE DATABASE ${dbName}`);
  const port = await freePort();
  const child = spawn(binary, ['serve', '--http-port', String(port), '--db-url', `${databaseServer} dbname=${dbName}`,
    '--admin-token', adminToken, '--log-level', 'warn', ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', chunk => { stderr += chunk; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(base + '/readyz')).ok) break; } catch (e) { /* not listening yet */ }
    if (i > 300 || child.exitCode !== null) throw new Error('the server did not become ready:\n' + stderr);
    await new Promise(r => setTimeout(r, 100));
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
  mkdirSync(screenshotDir, { recursive: true });
  return {
    base,
    browser,
    api: client(base),
    async page(options = {}) {
      const context = await browser.newContext(Object.assign({ viewport: { width: 1100, height: 900 } }, options));
      const page = await context.newPage();
      page.setDefaultTimeout(15000);
      return page;
    },
    async stop() {
      await browser.close();
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      psql(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    },
  };
}

/** A small JSON client for seeding what a test is not about. */
export function client(base) {
  return async function call(method, path, body, auth) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (auth) headers.Authorization = auth;
    const response = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return json;
  };
}

export const basic = (email, code) => 'Basic ' + Buffer.from(`${email}:${code}`).toString('base64');

/** A published conference with the given seat types [{name, price, quantity, description}]. */
export async function publishedConference(api, slug, seatTypes) {
  const owner = { name: 'Olga Owner', email: `owner-${slug.toLowerCase()}@example.com` };
  const created = await api('POST', '/api/conferences', {
    name: `Conference ${slug}`, description: 'Two days of talks about event sourcing.', location: 'Lisbon',
    tagline: 'Events, all the way down', slug, startDate: '2027-05-10', endDate: '2027-05-11', owner });
  const auth = basic(owner.email, created.accessCode);
  const ids = {};
  for (const seatType of seatTypes) {
    const made = await api('POST', `/api/management/conferences/${created.id}/seat-types`,
      Object.assign({ description: '' }, seatType), auth);
    ids[seatType.name] = made.id;
  }
  await api('POST', `/api/management/conferences/${created.id}/publish`, undefined, auth);
  // Seat availability follows publication shortly after; wait until the public view shows the quotas.
  for (;;) {
    const view = await api('GET', `/api/conferences/${slug}`).catch(() => null);
    if (view && seatTypes.every(s => view.seatTypes.some(t => t.name === s.name && t.available === s.quantity))) break;
    await new Promise(r => setTimeout(r, 100));
  }
  return { id: created.id, slug, auth, owner, accessCode: created.accessCode, seatTypeIds: ids };
}

/** Saves a full-page screenshot and prints its path. */
export async function screenshot(page, name) {
  const file = path.join(screenshotDir, name + '.png');
  await page.screenshot({ path: file, fullPage: true });
  console.log('screenshot: ' + file);
}
