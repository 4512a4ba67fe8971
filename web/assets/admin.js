// The admin console over /api/admin: live actors, an actor's state and stream, the message log,
// projections, dead letters and the cluster. The token stays in this tab's session storage.
'use strict';

const app = document.getElementById('app');
const tokenKey = 'adminToken';

function adminApi(method, path) {
  return api(method, '/api/admin' + path, undefined, { Authorization: 'Bearer ' + sessionStorage.getItem(tokenKey) });
}

function json(value) { return el('pre', { class: 'json' }, JSON.stringify(value, null, 2)); }

const tabs = [['actors', 'Actors'], ['messages', 'Message log'], ['projections', 'Projections'], ['dead-letters', 'Dead letters'], ['cluster', 'Cluster']];
function frame(active, ...content) {
  render('#nav', el('a', { href: '#/', onclick: () => sessionStorage.removeItem(tokenKey) }, 'Sign out'));
  return render(app, el('nav', { class: 'tabs' }, tabs.map(([id, name]) => el('a', { href: '#/' + id, class: id === active ? 'active' : '' }, name))), content);
}

/** Shows an error; a refused token sends the operator back to the prompt. */
function failed(box, e) {
  if (e.status === 401) { sessionStorage.removeItem(tokenKey); location.hash = '#/'; return; }
  render(box, errorNotice(e));
}

function showToken() {
  render('#nav');
  const form = el('form', { class: 'card stack', style: 'max-width:28rem' },
    field('Admin token', 'token', { type: 'password', autocomplete: 'off' }), el('div', { class: 'message' }), el('button', { type: 'submit' }, 'Open console'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    sessionStorage.setItem(tokenKey, formValues(form).token);
    try { await adminApi('GET', '/cluster'); location.hash = '#/actors'; } catch (e) {
      sessionStorage.removeItem(tokenKey);
      render(form.querySelector('.message'), notice('error', e.status === 401 ? 'This token is not accepted.' : e.message));
    }
  });
  render(app, el('h1', {}, 'Admin console'), el('p', { class: 'muted' }, 'The operator\'s window into the actor system. Enter the token the server was started with.'), form);
}

const ago = iso => {
  if (!iso) return '';
  const s = Math.max(0, Math.round((Date.now() - new Date(iso)) / 1000));
  return s < 60 ? `${s}s ago` : s < 3600 ? `${Math.floor(s / 60)}m ago` : formatInstant(iso);
};

async function showActors(alive, type) {
  const filter = el('select', { name: 'type', onchange: e => { location.hash = '#/actors' + (e.target.value ? '/' + e.target.value : ''); } },
    el('option', { value: '' }, 'All types'),
    ['order', 'registration_process', 'seats_availability', 'seat_assignments', 'payment', 'promo_code', 'conference'].map(t => el('option', { value: t, selected: t === type }, t)));
  const box = el('div', {}, el('p', { class: 'muted' }, 'Loading…'));
  const stamp = el('span', { class: 'muted' });
  frame('actors', el('div', { class: 'row' }, el('label', {}, el('span', {}, 'Type'), filter), el('div', { class: 'shrink' }, stamp)), box);
  while (alive()) {
    try {
      const actors = (await adminApi('GET', '/actors?limit=1000' + (type ? '&type=' + type : ''))).body;
      if (!alive()) return;
      const byType = {};
      for (const a of actors) (byType[a.type] = byType[a.type] || []).push(a);
      render(box, actors.length === 0 ? el('p', { class: 'muted' }, 'No live actors.') :
        Object.keys(byType).sort().map(t => el('div', { class: 'card table-wrap', 'data-actor-type': t },
          el('h2', { style: 'margin-top:0' }, t, ' ', el('span', { class: 'badge' }, byType[t].length)),
          el('table', {}, el('thead', {}, el('tr', {}, ['Id', 'Version', 'Mailbox', 'Last activity', 'Node'].map(h => el('th', {}, h)))),
            el('tbody', {}, byType[t].map(a => el('tr', {},
              el('td', { class: 'mono' }, el('a', { href: `#/actor/${a.type}/${a.id}` }, a.id)),
              el('td', { class: 'num' }, a.version ?? '—'), el('td', { class: 'num' }, a.mailbox),
              el('td', { title: a.lastActiveAt || '' }, ago(a.lastActiveAt)), el('td', { class: 'mono' }, a.node))))))));
      stamp.textContent = 'Refreshed ' + new Date().toLocaleTimeString() + ' · every 2 s';
    } catch (e) { return failed(box, e); }
    await sleep(2000);
  }
}

async function showActor(alive, type, id) {
  const stateBox = el('div', {}, el('p', { class: 'muted' }, 'Loading…'));
  const streamBox = el('div', {}, el('p', { class: 'muted' }, 'Loading…'));
  frame('actors', el('p', {}, el('a', { href: '#/actors/' + type }, '← ' + type + ' actors')),
    el('h1', { class: 'mono' }, `${type} ${id}`), el('h2', {}, 'State'), stateBox, el('h2', {}, 'Event stream ', el('span', { class: 'mono muted' }, `${type}-${id}`)), streamBox);
  try {
    const actor = (await adminApi('GET', `/actors/${type}/${id}`)).body;
    render(stateBox, el('div', { class: 'card' },
      el('p', {}, `Version ${actor.version ?? '—'} · snapshot ${actor.snapshotVersion ?? '—'} · mailbox ${actor.mailbox ?? 0} · node `, el('span', { class: 'mono' }, actor.node)),
      actor.pendingDeadlines && actor.pendingDeadlines.length ? el('details', {}, el('summary', {}, `${actor.pendingDeadlines.length} pending deadline(s)`), json(actor.pendingDeadlines)) : null,
      json(actor.state),
      el('div', { class: 'actions' }, el('button', { class: 'secondary small', onclick: async e => busy(e.currentTarget, async () => {
        try { await adminApi('POST', `/actors/${type}/${id}/passivate`); stateBox.append(notice('ok', 'Passivating: it comes back on its next message.')); } catch (err) { failed(stateBox, err); }
      }) }, 'Passivate'))));
  } catch (e) { failed(stateBox, e); }
  try {
    const events = (await adminApi('GET', `/streams/${type}-${id}`)).body;
    render(streamBox, el('div', { class: 'card table-wrap' }, el('table', { class: 'stream' },
      el('thead', {}, el('tr', {}, ['Version', 'Type', 'Recorded', 'Data'].map(h => el('th', {}, h)))),
      el('tbody', {}, events.map(ev => el('tr', {}, el('td', { class: 'num' }, ev.version), el('td', {}, el('strong', {}, ev.type)),
        el('td', {}, formatInstant(ev.recordedAt)), el('td', {}, el('details', {}, el('summary', {}, 'data'), json(ev.data), json(ev.metadata)))))))));
  } catch (e) { e.status === 404 ? render(streamBox, el('p', { class: 'muted' }, 'This actor has no event stream of its own.')) : failed(streamBox, e); }
}

async function showMessages(alive, query) {
  const params = new URLSearchParams(query || '');
  const form = el('form', { class: 'card row' },
    el('label', {}, el('span', {}, 'Kind'), el('select', { name: 'kind' }, ['', 'command', 'event'].map(k => el('option', { value: k, selected: params.get('kind') === k }, k || 'any')))),
    field('Type', 'type', { value: params.get('type') || '', placeholder: 'OrderPlaced' }),
    field('Source id', 'sourceId', { value: params.get('sourceId') || '' }),
    field('After position', 'after', { type: 'number', min: 0, value: params.get('after') || '' }),
    field('Limit', 'limit', { type: 'number', min: 1, max: 1000, value: params.get('limit') || '100' }),
    el('div', { class: 'shrink' }, el('button', { type: 'submit' }, 'Filter')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const values = Object.entries(formValues(form)).filter(([, v]) => v !== '');
    location.hash = '#/messages?' + new URLSearchParams(values).toString();
  });
  const box = el('div', {}, el('p', { class: 'muted' }, 'Loading…'));
  frame('messages', form, box);
  try {
    const messages = (await adminApi('GET', '/messages?' + params.toString())).body;
    if (!alive()) return;
    const last = messages.length ? messages[messages.length - 1].position : null;
    render(box, el('div', { class: 'card table-wrap' }, el('table', { class: 'messages' },
      el('thead', {}, el('tr', {}, ['#', 'Kind', 'Type', 'Source', 'Recorded', 'Data'].map(h => el('th', {}, h)))),
      el('tbody', {}, messages.map(m => el('tr', {}, el('td', { class: 'num' }, m.position),
        el('td', {}, el('span', { class: 'badge ' + (m.kind === 'event' ? 'ok' : '') }, m.kind)), el('td', {}, el('strong', {}, m.type)),
        el('td', { class: 'mono' }, el('a', { href: '#/messages?sourceId=' + m.sourceId }, m.sourceId)), el('td', {}, formatInstant(m.recordedAt)),
        el('td', {}, el('details', {}, el('summary', {}, 'data'), json(m.data), el('p', { class: 'mono muted' }, `correlation ${m.correlationId || '—'} · causation ${m.causationId || '—'}`)))))))),
      messages.length === 0 ? el('p', { class: 'muted' }, 'No messages match.') : null,
      last !== null ? el('a', { class: 'button secondary', href: '#/messages?' + new URLSearchParams(Object.assign(Object.fromEntries(params), { after: last })).toString() }, 'Next page') : null);
  } catch (e) { failed(box, e); }
}

async function showProjections(alive) {
  const box = el('div', {}, el('p', { class: 'muted' }, 'Loading…'));
  frame('projections', box);
  while (alive()) {
    try {
      const projections = (await adminApi('GET', '/projections')).body;
      if (!alive()) return;
      render(box, el('div', { class: 'card table-wrap' }, el('table', {},
        el('thead', {}, el('tr', {}, ['Name', 'Position', 'Lag', 'Status', ''].map(h => el('th', {}, h)))),
        el('tbody', {}, projections.map(p => el('tr', { 'data-projection': p.name }, el('td', {}, el('strong', {}, p.name)),
          el('td', { class: 'num' }, p.position), el('td', { class: 'num' }, p.lag),
          el('td', {}, el('span', { class: 'badge ' + ({ running: 'ok', rebuilding: 'warn', failing: 'bad' }[p.status] || '') }, p.status), p.error ? el('div', { class: 'field-error' }, p.error) : null),
          el('td', {}, el('button', { class: 'small secondary', onclick: async e => busy(e.currentTarget, async () => {
            try { await adminApi('POST', `/projections/${p.name}/rebuild`); } catch (err) { box.prepend(errorNotice(err)); }
          }) }, 'Rebuild'))))))));
    } catch (e) { return failed(box, e); }
    await sleep(2000);
  }
}

async function showDeadLetters(alive) {
  const box = el('div', {}, el('p', { class: 'muted' }, 'Loading…'));
  frame('dead-letters', box);
  try {
    const letters = (await adminApi('GET', '/dead-letters')).body;
    if (!alive()) return;
    render(box, letters.length === 0 ? notice('ok', 'No dead letters: every handler is keeping up.') : letters.map(d => el('div', { class: 'card' },
      el('p', {}, el('strong', {}, d.event.type), ` in ${d.subscription} · ${d.attempts} attempts · `, el('span', { class: 'badge bad' }, d.status), ' · ', formatInstant(d.recordedAt)),
      el('div', { class: 'field-error' }, d.error),
      el('details', {}, el('summary', {}, 'event'), json(d.event)),
      el('div', { class: 'actions' }, el('button', { class: 'small', onclick: async e => busy(e.currentTarget, async () => {
        try {
          const answer = (await adminApi('POST', `/dead-letters/${d.id}/retry`)).body;
          if (answer.retried) showDeadLetters(alive); else e.target.after(notice('error', 'Still failing: ' + answer.error));
        } catch (err) { failed(box, err); }
      }) }, 'Retry')))));
  } catch (e) { failed(box, e); }
}

/** Heartbeat age as an operator reads it: tenths of a second while fresh, minutes once long gone. */
function heartbeatAge(ms) {
  if (ms === undefined || ms === null) return '—';
  const s = ms / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.floor(s % 60)} s`;
}

const statusBadge = { up: 'ok', joining: 'warn', leaving: 'warn', down: 'bad' };

/**
 * Letters and colours for the shard owners. Members come first, in the order the API lists them (by
 * start), so a node keeps its letter and colour from one refresh to the next.
 */
function ownerKeys(cluster) {
  const keys = new Map();
  for (const id of [...cluster.nodes.map(n => n.id), ...cluster.shards.map(s => s.owner).filter(Boolean)]) {
    if (keys.has(id)) continue;
    const i = keys.size;
    keys.set(id, { label: i < 26 ? String.fromCharCode(65 + i) : '#' + (i + 1), colour: 'owner-' + (i % 8) });
  }
  return keys;
}

function membersTable(cluster, keys) {
  const headers = ['Node', 'HTTP address', 'Node address', 'Status', 'Heartbeat age', 'Shards', 'Live actors'];
  return el('div', { class: 'card table-wrap' }, el('table', { class: 'members' },
    el('caption', {}, 'Members'),
    el('thead', {}, el('tr', {}, headers.map((h, i) => el('th', { scope: 'col', class: i >= 4 ? 'num' : null }, h)))),
    el('tbody', {}, cluster.nodes.map(n => el('tr', { 'data-node': n.id, class: n.status === 'down' ? 'down' : null },
      el('th', { scope: 'row', class: 'mono' }, keys ? el('span', { class: 'swatch ' + keys.get(n.id).colour }, keys.get(n.id).label) : null,
        ' ', n.id, n.id === cluster.self ? el('span', { class: 'muted' }, ' (this node)') : null),
      el('td', { class: 'mono' }, n.address), el('td', { class: 'mono' }, n.nodeAddress ?? '—'),
      el('td', { 'data-status': n.status }, el('span', { class: 'badge ' + (statusBadge[n.status] || '') }, n.status)),
      el('td', { class: 'num' }, heartbeatAge(n.heartbeatAgeMs)), el('td', { class: 'num', 'data-shards': '' }, n.shards ?? '—'),
      el('td', { class: 'num' }, n.actors ?? '—'))))));
}

/** A cell per shard with its number and its owner's letter; a shard whose owner is down is marked too. */
function shardMap(cluster, keys) {
  const members = new Map(cluster.nodes.map(n => [n.id, n]));
  const isDown = id => members.has(id) && members.get(id).status === 'down';
  const cells = cluster.shards.map(s => {
    const key = s.owner && keys.get(s.owner);
    const describe = key ? `Shard ${s.shard}: node ${key.label}, ${s.owner}${isDown(s.owner) ? ', down' : ''}, epoch ${s.epoch}` : `Shard ${s.shard}: no owner`;
    return el('li', { 'data-shard': s.shard, 'data-owner': s.owner || '', title: describe, 'aria-label': describe,
      class: key ? key.colour + (isDown(s.owner) ? ' owner-down' : '') : 'unowned' },
    el('span', { class: 'shard-number' }, s.shard), el('span', { class: 'shard-owner' }, key ? key.label : '—'));
  });
  const legend = el('ul', { class: 'legend', 'aria-label': 'Owners' },
    [...keys].map(([id, key]) => el('li', {}, el('span', { class: 'swatch ' + key.colour }, key.label), ' ', el('span', { class: 'mono' }, id),
      members.has(id) ? el('span', { class: 'muted' }, ' ' + members.get(id).address) : null, isDown(id) ? el('span', { class: 'badge bad' }, 'down') : null)),
    el('li', {}, el('span', { class: 'swatch unowned' }, '—'), ` No owner (${cluster.shards.filter(s => !s.owner).length})`));
  return el('div', { class: 'card' }, el('h2', { style: 'margin-top:0' }, 'Shard map ', el('span', { class: 'badge' }, cluster.shards.length)),
    legend, el('ol', { class: 'shard-map', 'aria-label': 'Shards by owner' }, cells));
}

/** Which node runs each singleton (a subscription or the deadline actor). */
function singletonsTable(cluster, keys) {
  const names = Object.keys(cluster.singletons || {}).sort();
  if (!names.length) return el('p', { class: 'muted' }, 'No singleton is running yet.');
  return el('div', { class: 'card table-wrap' }, el('table', { class: 'singletons' },
    el('caption', {}, 'Singletons'),
    el('thead', {}, el('tr', {}, ['Singleton', 'Runs on'].map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, names.map(name => {
      const node = cluster.singletons[name];
      const key = keys.get(node);
      return el('tr', { 'data-singleton': name }, el('th', { scope: 'row' }, name),
        el('td', { class: 'mono' }, key ? el('span', { class: 'swatch ' + key.colour }, key.label) : null, ' ', node));
    }))));
}

/** Members, shard map and singletons, read again every 2 s; a failed read says why and keeps what was last seen. */
async function showCluster(alive) {
  const box = el('div', {}, el('p', { class: 'muted' }, 'Loading…'));
  const problem = el('div');
  const self = el('span', { class: 'mono' });
  const stamp = el('span', { class: 'muted' });
  frame('cluster', el('div', { class: 'row' }, el('p', {}, 'This node: ', self), el('p', { class: 'shrink' }, stamp)), problem, box);
  let seenAt = null;
  while (alive()) {
    try {
      const cluster = (await adminApi('GET', '/cluster')).body;
      if (!alive()) return;
      self.textContent = cluster.self;
      // A single node answers no shard map.
      const keys = cluster.shards ? ownerKeys(cluster) : null;
      render(box, membersTable(cluster, keys), ...(keys ? [shardMap(cluster, keys), singletonsTable(cluster, keys)]
        : [el('p', { class: 'muted' }, 'This node runs alone: there is no shard map.')]));
      render(problem);
      seenAt = new Date();
      stamp.textContent = 'Refreshed ' + seenAt.toLocaleTimeString() + ' · every 2 s';
    } catch (e) {
      if (!alive()) return;
      if (e.status === 401) return failed(box, e);
      render(problem, notice('error', `Refresh failed: ${e.message}`, seenAt ? ` Showing what was seen at ${seenAt.toLocaleTimeString()}.` : ''));
    }
    await sleep(2000);
  }
}

const signedIn = handler => (alive, ...args) => (sessionStorage.getItem(tokenKey) ? handler(alive, ...args) : showToken());
startRouter([
  [/^#\/actors(?:\/(\w+))?$/, signedIn(showActors)],
  [/^#\/actor\/(\w+)\/([0-9a-fA-F-]+)$/, signedIn(showActor)],
  [/^#\/messages(?:\?(.*))?$/, signedIn(showMessages)],
  [/^#\/projections$/, signedIn(showProjections)],
  [/^#\/dead-letters$/, signedIn(showDeadLetters)],
  [/^#\/cluster$/, signedIn(showCluster)],
], () => (sessionStorage.getItem(tokenKey) ? (location.hash = '#/actors') : showToken()));
