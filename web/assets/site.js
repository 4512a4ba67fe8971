// What the three sites share: calling the JSON API, building elements, showing errors as sentences.
'use strict';

/** An error answer of the API, with its readable message and per-field messages. */
class ApiError extends Error {
  constructor(status, code, message, fields) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields || {};
  }
}

/** Calls the API; resolves to {status, body}, rejects with an ApiError for any non-2xx answer. */
async function api(method, path, body, headers) {
  // credentials 'omit': a 401 with a Basic challenge must reach the page, not open the browser's login box.
  const init = { method, credentials: 'omit', headers: Object.assign({ Accept: 'application/json' }, headers || {}) };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'network', 'The server could not be reached. Check your connection and try again.');
  }
  const text = await response.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = null; }
  if (!response.ok) {
    const error = parsed && parsed.error;
    const message = error && error.message ? error.message : `The server answered ${response.status}.`;
    throw new ApiError(response.status, error ? error.code : 'http_' + response.status, message, error && error.fields);
  }
  return { status: response.status, body: parsed };
}

/** A random UUID, also where crypto.randomUUID is missing (pages served over plain http). */
function uuid() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** el('p', {class: 'x', onclick: f}, 'text', child...) */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'value') node.value = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replaces the content of `target` (an element or a selector). */
function render(target, ...children) {
  const node = typeof target === 'string' ? document.querySelector(target) : target;
  node.replaceChildren(...children.flat().filter(c => c !== null && c !== undefined && c !== false));
  return node;
}

function money(amount) {
  return Number(amount || 0).toFixed(2);
}

function formatDate(iso) {
  if (!iso) return '';
  const d = new Date(iso + 'T00:00:00');
  return d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

function dateRange(start, end) {
  return start === end ? formatDate(start) : `${formatDate(start)} – ${formatDate(end)}`;
}

function formatInstant(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

/** A notice box: kind is '', 'ok', 'warn' or 'error'. */
function notice(kind, ...content) {
  return el('div', { class: 'notice ' + kind, role: kind === 'error' ? 'alert' : 'status' }, ...content);
}

/** An error as a readable notice, never raw JSON. */
function errorNotice(error) {
  return notice('error', error instanceof ApiError || error instanceof Error ? error.message : String(error));
}

/** A labelled input; `name` is also the API's field name, used to show its error under it. */
function field(label, name, attrs) {
  return el('label', { 'data-field': name }, el('span', {}, label),
    el('input', Object.assign({ name }, attrs || {})),
    el('div', { class: 'field-error', 'data-error-for': name }));
}

/** Puts a 422 answer's field messages under their inputs; returns whether any was shown. */
function showFieldErrors(form, error) {
  form.querySelectorAll('.field-error').forEach(n => { n.textContent = ''; });
  let shown = false;
  for (const [name, message] of Object.entries((error && error.fields) || {})) {
    const slot = form.querySelector(`[data-error-for="${name}"]`);
    if (slot) { slot.textContent = message; shown = true; }
  }
  return shown;
}

/** The values of a form's named inputs. */
function formValues(form) {
  const values = {};
  for (const input of form.querySelectorAll('input[name], select[name], textarea[name]')) values[input.name] = input.value.trim();
  return values;
}

/** Runs `work` with the button disabled, so a double click sends one request. */
async function busy(button, work) {
  button.disabled = true;
  try { return await work(); } finally { button.disabled = false; }
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** A hash router: routes is [[/^#\/c\/(.+)$/, handler], ...]; the first match runs with its groups. */
function startRouter(routes, fallback) {
  let generation = 0;
  const run = () => {
    const current = ++generation;
    const alive = () => current === generation;
    const hash = location.hash || '#/';
    for (const [pattern, handler] of routes) {
      const match = hash.match(pattern);
      if (match) return handler(alive, ...match.slice(1).map(g => (g === undefined ? undefined : decodeURIComponent(g))));
    }
    return fallback(alive);
  };
  window.addEventListener('hashchange', run);
  run();
}
