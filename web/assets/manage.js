// The owners' site: create a conference, log in with email + access code, edit the details,
// publish or unpublish, manage seat types and promo codes, and follow orders and attendees.
'use strict';

const app = document.getElementById('app');
const session = {
  get() { try { return JSON.parse(sessionStorage.getItem('owner') || 'null'); } catch (e) { return null; } },
  set(value) { sessionStorage.setItem('owner', JSON.stringify(value)); },
  clear() { sessionStorage.removeItem('owner'); },
};

function ownerApi(method, path, body, headers) {
  const owner = session.get();
  const auth = { Authorization: 'Basic ' + btoa(unescape(encodeURIComponent(`${owner.email}:${owner.accessCode}`))) };
  return api(method, `/api/management/conferences/${owner.conferenceId}${path}`, body, Object.assign(auth, headers || {}));
}

function renderNav() {
  const owner = session.get();
  render('#nav', owner ? [el('a', { href: '#/conference' }, 'My conference'),
    el('a', { href: '#/', onclick: () => session.clear() }, 'Log out')] : [el('a', { href: '/' }, 'Registrant site')]);
}

/** Submits a form to `send`, showing field messages or a readable error. */
function onSubmit(form, send) {
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const message = form.querySelector('.message');
    if (message) render(message);
    showFieldErrors(form, null);
    await busy(form.querySelector('button[type="submit"]'), async () => {
      try { await send(formValues(form)); } catch (e) {
        if (!showFieldErrors(form, e) && message) render(message, errorNotice(e));
      }
    });
  });
  return form;
}

function detailsFields(c) {
  c = c || {};
  return [
    field('Name', 'name', { value: c.name, required: true }),
    field('Tagline', 'tagline', { value: c.tagline }),
    el('label', { 'data-field': 'description' }, el('span', {}, 'Description'), el('textarea', { name: 'description' }, c.description || ''),
      el('div', { class: 'field-error', 'data-error-for': 'description' })),
    field('Location', 'location', { value: c.location }),
    field('Twitter search', 'twitterSearch', { value: c.twitterSearch }),
    el('div', { class: 'row' }, field('Start date', 'startDate', { type: 'date', value: c.startDate }), field('End date', 'endDate', { type: 'date', value: c.endDate })),
  ];
}

function showStart() {
  const create = onSubmit(el('form', { class: 'card stack', novalidate: true, id: 'create' },
    el('h2', { style: 'margin-top:0' }, 'Create a conference'),
    detailsFields(),
    field('Slug (used in the registration link)', 'slug', { pattern: '[A-Za-z0-9_]+' }),
    el('div', { class: 'row' }, field('Your name', 'owner.name'), field('Your email', 'owner.email', { type: 'email' })),
    el('div', { class: 'message' }), el('button', { type: 'submit' }, 'Create conference')), async v => {
    const body = { name: v.name, tagline: v.tagline, description: v.description, location: v.location, twitterSearch: v.twitterSearch,
      slug: v.slug, startDate: v.startDate, endDate: v.endDate, owner: { name: v['owner.name'], email: v['owner.email'] } };
    const { body: created } = await api('POST', '/api/conferences', body, { 'Idempotency-Key': create.dataset.key });
    session.set({ email: body.owner.email, accessCode: created.accessCode, conferenceId: created.id });
    sessionStorage.setItem('justCreated', created.accessCode);
    location.hash = '#/created';
  });
  create.dataset.key = uuid();
  create.addEventListener('input', () => { create.dataset.key = uuid(); });
  const login = onSubmit(el('form', { class: 'card stack', id: 'login', novalidate: true },
    el('h2', { style: 'margin-top:0' }, 'Log in'),
    field('Email', 'email', { type: 'email', autocomplete: 'username' }),
    field('Access code', 'accessCode', { autocomplete: 'current-password' }),
    el('div', { class: 'message' }), el('button', { type: 'submit' }, 'Log in')), async v => {
    try {
      const { body } = await api('POST', '/api/management/login', v);
      session.set({ email: v.email, accessCode: v.accessCode, conferenceId: body.conferenceId });
      location.hash = '#/conference';
    } catch (e) {
      if (e.status === 401) throw new ApiError(401, 'unauthorized', 'This email and access code do not match a conference.');
      throw e;
    }
  });
  render(app, el('h1', {}, 'Conference owners'), el('div', { class: 'grid' }, login, create));
}

function showCreated() {
  const code = sessionStorage.getItem('justCreated');
  sessionStorage.removeItem('justCreated');
  if (!code) { location.hash = '#/conference'; return; }
  render(app, el('h1', {}, 'Your conference is created'),
    el('div', { class: 'card' },
      el('p', {}, 'This is your access code. Write it down: you need it with your email to manage the conference, and it is shown only this once.'),
      el('div', { class: 'code', 'data-access-code': '' }, code)),
    el('a', { class: 'button', href: '#/conference' }, 'Continue to my conference'));
}

async function showConference(alive) {
  if (!session.get()) { location.hash = '#/'; return; }
  let conference;
  try { conference = (await ownerApi('GET', '')).body; } catch (e) {
    if (e.status === 401) { session.clear(); location.hash = '#/'; return; }
    return render(app, errorNotice(e));
  }
  if (!alive()) return;
  const reload = () => showConference(alive);

  const details = onSubmit(el('form', { class: 'card stack', novalidate: true, id: 'details' },
    detailsFields(conference), el('div', { class: 'message' }), el('button', { type: 'submit' }, 'Save details')), async v => {
    await ownerApi('PUT', '', v);
    render(details.querySelector('.message'), notice('ok', 'Saved.'));
  });

  const publishing = el('div', { class: 'card', id: 'publishing' },
    el('p', {}, 'Registration is ', conference.isPublished ? el('span', { class: 'badge ok', 'data-published': 'yes' }, 'open') : el('span', { class: 'badge', 'data-published': 'no' }, 'closed'),
      conference.isPublished ? [' at ', el('a', { href: '/#/c/' + encodeURIComponent(conference.slug) }, '/#/c/' + conference.slug)] : ''),
    el('button', { onclick: async e => busy(e.currentTarget, async () => {
      try { await ownerApi('POST', conference.isPublished ? '/unpublish' : '/publish'); reload(); } catch (err) { publishing.append(errorNotice(err)); }
    }) }, conference.isPublished ? 'Unpublish' : 'Publish'));

  const seatRow = s => {
    const form = onSubmit(el('form', { class: 'row seat-type', 'data-seat-type': s.name, novalidate: true },
      field('Name', 'name', { value: s.name }), field('Description', 'description', { value: s.description }),
      field('Quantity', 'quantity', { type: 'number', min: 0, value: s.quantity }), field('Price', 'price', { type: 'number', min: 0, step: '0.01', value: s.price }),
      el('div', { class: 'shrink' }, el('span', { class: 'muted' }, `${s.available} left`)),
      el('div', { class: 'shrink actions' }, el('button', { type: 'submit', class: 'small' }, 'Save'),
        conference.wasEverPublished ? null : el('button', { type: 'button', class: 'small danger', onclick: async () => {
          try { await ownerApi('DELETE', '/seat-types/' + s.id); reload(); } catch (err) { render(form.querySelector('.message'), errorNotice(err)); }
        } }, 'Delete')),
      el('div', { class: 'message', style: 'flex-basis:100%' })), async v => {
      await ownerApi('PUT', '/seat-types/' + s.id, { name: v.name, description: v.description, quantity: Number(v.quantity), price: Number(v.price) });
      reload();
    });
    return el('div', { class: 'card' }, form);
  };
  const addSeat = onSubmit(el('form', { class: 'card row', id: 'add-seat-type', novalidate: true },
    field('Name', 'name'), field('Description', 'description'), field('Quantity', 'quantity', { type: 'number', min: 0 }),
    field('Price', 'price', { type: 'number', min: 0, step: '0.01' }),
    el('div', { class: 'shrink' }, el('button', { type: 'submit' }, 'Add seat type')), el('div', { class: 'message', style: 'flex-basis:100%' })), async v => {
    await ownerApi('POST', '/seat-types', { name: v.name, description: v.description, quantity: Number(v.quantity || 0), price: Number(v.price || 0) }, { 'Idempotency-Key': uuid() });
    reload();
  });

  const promoBox = el('div', { id: 'promo-codes' }, el('p', { class: 'muted' }, 'Loading…'));
  const ordersBox = el('div', { id: 'orders' }, el('p', { class: 'muted' }, 'Loading…'));
  render(app,
    el('h1', {}, conference.name), el('p', { class: 'muted' }, `${dateRange(conference.startDate, conference.endDate)} · ${conference.location} · slug ${conference.slug}`),
    publishing,
    el('h2', {}, 'Details'), details,
    el('h2', {}, 'Seat types'), conference.seatTypes.map(seatRow), addSeat,
    conference.wasEverPublished ? el('p', { class: 'muted' }, 'Seat types cannot be deleted once the conference was published.') : null,
    el('h2', {}, 'Promo codes'), promoBox,
    el('h2', {}, 'Orders and attendees'), ordersBox);

  const seatTypeName = id => (conference.seatTypes.find(s => s.id === id) || { name: id }).name;
  const addPromo = onSubmit(el('form', { class: 'card row', novalidate: true },
    field('Code', 'code'), field('Percent off', 'percentOff', { type: 'number', min: 1, max: 100 }),
    field('Or amount off per seat', 'amountOff', { type: 'number', min: 0, step: '0.01' }), field('Max uses (empty: unlimited)', 'maxUses', { type: 'number', min: 1 }),
    el('label', {}, el('span', {}, 'Seat types (none: all)'), el('select', { name: 'seatTypeIds', multiple: true },
      conference.seatTypes.map(s => el('option', { value: s.id }, s.name)))),
    el('div', { class: 'shrink' }, el('button', { type: 'submit' }, 'Add promo code')), el('div', { class: 'message', style: 'flex-basis:100%' })), async v => {
    const body = { code: v.code.toUpperCase(), seatTypeIds: Array.from(addPromo.querySelector('select').selectedOptions, o => o.value), maxUses: v.maxUses ? Number(v.maxUses) : null };
    if (v.amountOff) body.amountOff = Number(v.amountOff); else body.percentOff = Number(v.percentOff);
    await ownerApi('POST', '/promo-codes', body, { 'Idempotency-Key': uuid() });
    loadPromos();
  });
  const loadPromos = async () => {
    try {
      const codes = (await ownerApi('GET', '/promo-codes')).body;
      render(promoBox, codes.length ? el('div', { class: 'card table-wrap' }, el('table', {},
        el('thead', {}, el('tr', {}, ['Code', 'Discount', 'Seat types', 'Used'].map(h => el('th', {}, h)))),
        el('tbody', {}, codes.map(c => el('tr', {}, el('td', { class: 'mono' }, c.code),
          el('td', {}, c.percentOff != null ? `${c.percentOff}% off` : `${money(c.amountOff)} off per seat`),
          el('td', {}, c.seatTypeIds.length ? c.seatTypeIds.map(seatTypeName).join(', ') : 'All'),
          el('td', {}, `${c.used}${c.maxUses != null ? ' / ' + c.maxUses : ''}`)))))) : el('p', { class: 'muted' }, 'No promo codes yet.'), addPromo);
    } catch (e) { render(promoBox, errorNotice(e), addPromo); }
  };
  loadPromos();

  const loadOrders = async () => {
    try {
      const orders = (await ownerApi('GET', '/orders')).body;
      if (!alive()) return;
      const attention = orders.filter(o => o.status === 'attention').length;
      render(ordersBox,
        attention ? notice('warn', `${attention} paid order${attention > 1 ? 's need' : ' needs'} attention: the seats could not be re-acquired after expiry.`) : null,
        orders.length ? el('div', { class: 'card table-wrap' }, el('table', {},
          el('thead', {}, el('tr', {}, ['Registrant', 'Status', 'Total', 'Seats and attendees', 'Access code'].map(h => el('th', {}, h)))),
          el('tbody', {}, orders.map(o => el('tr', { class: o.status === 'attention' ? 'attention' : '', 'data-order': o.orderId },
            el('td', {}, o.registrant ? [`${o.registrant.firstName} ${o.registrant.lastName}`, el('br'), el('span', { class: 'muted' }, o.registrant.email)] : el('span', { class: 'muted' }, 'Not given yet')),
            el('td', {}, el('span', { class: 'badge ' + ({ paid: 'ok', attention: 'bad' }[o.status] || ''), 'data-status': o.status }, o.status)),
            el('td', { class: 'num' }, money(o.total)),
            el('td', {}, o.seats.length ? el('ul', { style: 'margin:0;padding-left:1.1rem' }, o.seats.map(s => el('li', {}, `${s.seatTypeName}: `,
              s.attendee ? `${s.attendee.firstName} ${s.attendee.lastName} (${s.attendee.email})` : el('span', { class: 'muted' }, 'unassigned')))) : el('span', { class: 'muted' }, '—')),
            el('td', { class: 'mono' }, o.accessCode)))))) : el('p', { class: 'muted' }, 'No orders yet.'),
        el('button', { class: 'secondary small', onclick: loadOrders }, 'Refresh'));
    } catch (e) { render(ordersBox, errorNotice(e)); }
  };
  loadOrders();
}

window.addEventListener('hashchange', renderNav);
renderNav();
startRouter([[/^#\/created$/, showCreated], [/^#\/conference$/, showConference]], showStart);
