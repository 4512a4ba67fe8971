// What every browser test needs: a fresh database on CONFERENCE_TEST_DB_URL's server, `conference serve`
// on a free port against it (or several nodes of a cluster), headless Chromium, a seeding client for
// the JSON API, and screenshots.
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

// Every server still running when this process exits is killed, so that a test that dies before its
// `after` hook leaves nothing behind.
const running = new Set();
process.on('exit', () => { for (const child of running) child.kill('SIGKILL'); });

const hasExited = child => child.exitCode !== null || child.signalCode !== null;

/** Sends `signal` and waits for the exit; a server that ignores SIGTERM for 10 s is killed. */
async function end(child, signal) {
  if (hasExited(child)) return;
  const exited = new Promise(resolve => child.once('exit', resolve));
  child.kill(signal);
  const late = setTimeout(() => child.kill('SIGKILL'), 10000);
  await exited;
  clearTimeout(late);
}

/** `conference serve` on a free port against database `dbName`, once it answers /readyz. */
async function serve(dbName, extra) {
  const port = await freePort();
  const child = spawn(binary, ['serve', '--http-port', String(port), '--db-url', `${databaseServer} dbname=${dbName}`,
    '--admin-token', adminToken, '--log-level', 'warn', ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr.on('data', chunk => { stderr += chunk; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(base + '/readyz')).ok) break; } catch (e) { /* not listening yet */ }
    if (i > 300 || hasExited(child)) {
      await end(child, 'SIGKILL');
      throw new Error('the server did not become ready:\n' + stderr);
    }
    await new Promise(r => setTimeout(r, 100));
  }
  return { base, api: client(base), stop: (signal = 'SIGTERM') => end(child, signal) };
}

/**
 * A scratch database, the servers `launch(dbName, servers)` starts into `servers`, and a browser.
 * When any of it fails to start, what did start is stopped and the database dropped.
 */
async function environment(launch) {
  if (!binary || !databaseServer) throw new Error('CONFERENCE_BINARY and CONFERENCE_TEST_DB_URL must be set');
  const dbName = 'web_test_' + randomUUID().replace(/-/g, '').slice(0, 16);
  psql(`CREATE DATABASE ${dbName}`);
  const servers = [];
  let browser = null;
  const stop = async () => {
    if (browser) await browser.close();
    await Promise.all(servers.map(server => server.stop()));
    psql(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  };
  try {
    await launch(dbName, servers);
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
  } catch (e) {
    await stop();
    throw e;
  }
  mkdirSync(screenshotDir, { recursive: true });
  return {
    base: servers[0].base,
    api: servers[0].api,
    browser,
    async page(options = {}) {
      const context = await browser.newContext(Object.assign({ viewport: { width: 1100, height: 900 } }, options));
      const page = await context.newPage();
      page.setDefaultTimeout(15000);
      return page;
    },
    stop,
  };
}

/** Starts a server on a scratch database and a browser; `extra` are more `serve` flags. */
export async function start(extra = []) {
  return environment(async (dbName, servers) => { servers.push(await serve(dbName, extra)); });
}

/**
 * Starts `count` nodes of one cluster on a scratch database, each with a node port, the later ones
 * joining through the first; `nodes[i]` is `{base, api, nodePort, stop(signal)}`, and `base` and `api`
 * are the first node's.
 */
export async function startCluster(count, extra = []) {
  const nodes = [];
  const site = await environment(async (dbName, servers) => {
    for (let i = 0; i < count; i++) {
      const nodePort = await freePort();
      const seeds = nodes.length ? ['--seeds', `127.0.0.1:${nodes[0].nodePort}`] : [];
      const node = Object.assign(await serve(dbName, ['--node-port', String(nodePort), ...seeds, ...extra]), { nodePort });
      servers.push(node);
      nodes.push(node);
    }
  });
  return Object.assign(site, { nodes });
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
