// The registrant site: conferences → seats → checkout → payment → thank-you → order → seat assignment.
// The pages never wait on the domain: an order is shown as soon as it exists and its reservation
// status is polled; payment is offered only once every requested seat is reserved.
'use strict';

const app = document.getElementById('app');

function conferenceHeader(conference) {
  return [
    el('h1', {}, conference.name),
    conference.tagline ? el('p', { class: 'muted' }, conference.tagline) : null,
    el('p', {}, el('strong', {}, dateRange(conference.startDate, conference.endDate)), ' · ', conference.location),
  ];
}

function statusBadge(status) {
  const kinds = { confirmed: 'ok', reserved: 'ok', pending: '', partiallyReserved: 'warn', expired: 'bad', rejected: 'bad', attention: 'warn' };
  const names = { confirmed: 'Confirmed', reserved: 'Reserved', pending: 'Reserving…', partiallyReserved: 'Partially reserved', expired: 'Expired', rejected: 'Rejected', attention: 'Needs attention' };
  return el('span', { class: 'badge ' + (kinds[status] || ''), 'data-status': status }, names[status] || status);
}

/** The order's lines, discount and total. */
function orderLines(order) {
  const reservationKnown = order.status !== 'pending';
  return el('div', { class: 'table-wrap' }, el('table', { class: 'lines' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Seat type'), el('th', { class: 'num' }, 'Requested'),
      el('th', { class: 'num' }, 'Reserved'), el('th', { class: 'num hide-narrow' }, 'Price'), el('th', { class: 'num' }, 'Total'))),
    el('tbody', {}, order.lines.map(line => el('tr', {},
      el('td', {}, line.seatTypeName), el('td', { class: 'num' }, line.requested),
      el('td', { class: 'num' }, reservationKnown ? line.reserved : '…'),
      el('td', { class: 'num hide-narrow' }, money(line.unitPrice)), el('td', { class: 'num' }, money(line.lineTotal))))),
    el('tfoot', {},
      Number(order.discount) > 0 ? el('tr', {}, el('td', { colspan: 3 }, `Discount (${order.promoCode})`), el('td', { class: 'hide-narrow' }), el('td', { class: 'num' }, '−' + money(order.discount))) : null,
      el('tr', {}, el('td', { colspan: 3 }, 'Total'), el('td', { class: 'hide-narrow' }), el('td', { class: 'num', 'data-total': '' }, money(order.total))))));
}

// ---------------------------------------------------------------- conference list and find-order

async function showHome(alive) {
  render(app, el('h1', {}, 'Conferences'), el('p', { class: 'muted' }, 'Loading…'));
  try {
    const { body } = await api('GET', '/api/conferences');
    if (!alive()) return;
    render(app, el('h1', {}, 'Conferences'),
      body.length === 0 ? el('p', { class: 'muted' }, 'No conference is open for registration yet.') :
        el('div', { class: 'grid' }, body.map(c => el('a', { class: 'card conference', href: '#/c/' + encodeURIComponent(c.slug) },
          el('h2', {}, c.name), c.tagline ? el('p', { class: 'muted' }, c.tagline) : null,
          el('p', {}, dateRange(c.startDate, c.endDate), el('br'), c.location)))),
      el('p', {}, 'Already registered? ', el('a', { href: '#/find' }, 'Find your order')));
  } catch (e) { render(app, errorNotice(e)); }
}

function showFind() {
  const form = el('form', { class: 'card stack' },
    field('Email', 'email', { type: 'email', required: true, autocomplete: 'email' }),
    field('Access code', 'accessCode', { required: true, autocomplete: 'off' }),
    el('div', { class: 'message' }),
    el('button', { type: 'submit' }, 'Find order'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const button = form.querySelector('button');
    await busy(button, async () => {
      render(form.querySelector('.message'));
      try {
        const { body } = await api('POST', '/api/orders/lookup', formValues(form));
        location.hash = '#/order/' + body.orderId;
      } catch (e) {
        if (!showFieldErrors(form, e)) render(form.querySelector('.message'),
          notice('error', e.status === 404 ? 'No order matches this email and access code.' : e.message));
      }
    });
  });
  render(app, el('h1', {}, 'Find your order'), el('p', { class: 'muted' }, 'Enter the email you registered with and the access code from your confirmation.'), form);
}

// ---------------------------------------------------------------- conference page

function quantityPicker(seatType, max, selected) {
  const options = [];
  for (let n = 0; n <= max; n++) options.push(el('option', { value: n, selected: n === selected }, n));
  return el('select', { class: 'qty', name: seatType.id, 'aria-label': 'Quantity of ' + seatType.name }, options);
}

async function showConference(alive, slug) {
  render(app, el('p', { class: 'muted' }, 'Loading…'));
  let conference;
  try {
    conference = (await api('GET', '/api/conferences/' + encodeURIComponent(slug))).body;
  } catch (e) {
    return render(app, e.status === 404 ? notice('error', 'This conference is not open for registration.') : errorNotice(e),
      el('a', { href: '#/' }, 'All conferences'));
  }
  if (!alive()) return;
  const maxPerLine = conference.maxSeatsPerLine || 20;
  const total = el('span', { class: 'total', 'data-running-total': '' }, money(0));
  const rows = conference.seatTypes.map(seatType => {
    const cap = Math.min(seatType.available, maxPerLine);
    return el('tr', { 'data-seat-type': seatType.name },
      el('td', {}, el('strong', {}, seatType.name), seatType.description ? el('div', { class: 'muted' }, seatType.description) : null),
      el('td', { class: 'num' }, money(seatType.price)),
      el('td', { class: 'num' }, seatType.available > 0 ? el('span', { 'data-left': '' }, `${seatType.available} left`) : el('span', { class: 'sold-out' }, 'Sold out')),
      el('td', { class: 'num' }, cap > 0 ? quantityPicker(seatType, cap, 0) : '—'));
  });
  const form = el('form', { class: 'card' },
    el('div', { class: 'table-wrap' }, el('table', {},
      el('thead', {}, el('tr', {}, el('th', {}, 'Seat type'), el('th', { class: 'num' }, 'Price'), el('th', { class: 'num' }, 'Availability'), el('th', { class: 'num' }, 'Quantity'))),
      el('tbody', {}, rows))),
    el('div', { class: 'row', style: 'margin-top:1rem' },
      el('label', {}, el('span', {}, 'Promo code (optional)'), el('input', { name: 'promoCode', autocomplete: 'off' }),
        el('div', { class: 'field-error', 'data-error-for': 'promoCode' })),
      el('div', { class: 'shrink' }, el('span', { class: 'muted' }, 'Total '), total)),
    el('div', { class: 'message' }),
    el('div', { class: 'actions' }, el('button', { type: 'submit' }, 'Register')));
  const selection = () => conference.seatTypes
    .map(s => ({ seatTypeId: s.id, quantity: Number((form.querySelector(`select[name="${s.id}"]`) || { value: 0 }).value) }))
    .filter(s => s.quantity > 0);
  form.addEventListener('change', () => {
    const sum = selection().reduce((acc, s) => acc + s.quantity * conference.seatTypes.find(t => t.id === s.seatTypeId).price, 0);
    total.textContent = money(sum);
  });
  // One order id per distinct choice, so that a retried click places the same order, not a second one.
  let placement = { key: '', orderId: '' };
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const seats = selection();
    const promoCode = form.querySelector('input[name="promoCode"]').value.trim();
    const message = form.querySelector('.message');
    render(message);
    showFieldErrors(form, null);
    if (seats.length === 0) return render(message, notice('error', 'Choose at least one seat.'));
    const key = JSON.stringify([seats, promoCode]);
    if (placement.key !== key) placement = { key, orderId: uuid() };
    await busy(form.querySelector('button[type="submit"]'), async () => {
      try {
        const body = { orderId: placement.orderId, seats };
        if (promoCode) body.promoCode = promoCode;
        await api('POST', `/api/conferences/${encodeURIComponent(slug)}/orders`, body);
        location.hash = '#/checkout/' + placement.orderId;
      } catch (e) {
        if (e.code === 'promo_code_invalid') showFieldErrors(form, { fields: { promoCode: e.message } });
        else render(message, errorNotice(e));
      }
    });
  });
  render(app, conferenceHeader(conference),
    conference.description ? el('p', {}, conference.description) : null,
    el('h2', {}, 'Seats'), form);
}

// ---------------------------------------------------------------- checkout

/** Polls the order while `keepGoing(order)`; calls `show` with each new view. */
async function followOrder(alive, orderId, show, keepGoing) {
  for (;;) {
    let order;
    try { order = (await api('GET', '/api/orders/' + orderId)).body; } catch (e) { if (alive()) show(null, e); return; }
    if (!alive()) return;
    show(order, null);
    if (!keepGoing(order)) return order;
    await sleep(700);
    if (!alive()) return;
  }
}

function countdown(alive, expiresAt, onZero) {
  const node = el('span', { class: 'countdown', 'data-countdown': '' });
  const tick = () => {
    if (!alive() || !node.isConnected && node.dataset.started) return;
    node.dataset.started = '1';
    const left = Math.max(0, Math.floor((new Date(expiresAt) - Date.now()) / 1000));
    node.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
    if (left === 0) return onZero();
    setTimeout(tick, 500);
  };
  tick();
  return node;
}

async function showCheckout(alive, orderId, query) {
  render(app, el('p', { class: 'muted' }, 'Loading your order…'));
  let conference = null;
  const statusBox = el('div');
  const linesBox = el('div');
  const seatsBox = el('div');
  const expiryBox = el('p');
  const message = el('div', { class: 'message' });
  if (query === 'rejected') message.append(notice('warn', 'The payment was not completed. You can try again.'));
  const form = el('form', { class: 'card stack', novalidate: true },
    el('h2', { style: 'margin-top:0' }, 'Your details'),
    el('div', { class: 'row' }, field('First name', 'firstName', { autocomplete: 'given-name' }), field('Last name', 'lastName', { autocomplete: 'family-name' })),
    field('Email', 'email', { type: 'email', autocomplete: 'email' }),
    el('div', { class: 'actions' }, el('button', { type: 'submit', disabled: true }, 'Proceed to payment')));
  let current = null;
  let expiryShown = false;

  const showSeatsPicker = order => {
    // Partly reserved: offer the seats that were reserved, capped by what is left and the line limit.
    const max = conference ? conference.maxSeatsPerLine : 20;
    const pickers = order.lines.map(line => {
      const seatType = conference && conference.seatTypes.find(s => s.id === line.seatTypeId);
      const cap = Math.min(max, line.reserved + (seatType ? seatType.available : 0));
      return el('tr', {}, el('td', {}, line.seatTypeName), el('td', { class: 'num' }, quantityPicker({ id: line.seatTypeId, name: line.seatTypeName }, Math.max(cap, line.reserved), line.reserved)));
    });
    const update = el('form', { class: 'card' }, el('p', {}, 'Change your seats to continue:'),
      el('table', {}, el('tbody', {}, pickers)),
      el('div', { class: 'actions' }, el('button', { type: 'submit' }, 'Update seats')));
    update.addEventListener('submit', async event => {
      event.preventDefault();
      const seats = order.lines.map(l => ({ seatTypeId: l.seatTypeId, quantity: Number(update.querySelector(`select[name="${l.seatTypeId}"]`).value) }));
      await busy(update.querySelector('button'), async () => {
        try {
          await api('PUT', `/api/orders/${orderId}/seats`, { seats });
          render(seatsBox);
          follow();
        } catch (e) { render(message, errorNotice(e)); }
      });
    });
    render(seatsBox, update);
  };

  const show = (order, error) => {
    if (error) return render(statusBox, errorNotice(error));
    current = order;
    if (order.status === 'confirmed') { location.hash = '#/thanks/' + orderId; return; }
    if (order.status === 'expired' || order.status === 'rejected') { location.hash = '#/expired/' + orderId; return; }
    render(linesBox, orderLines(order));
    const ready = order.status === 'reserved';
    form.querySelector('button[type="submit"]').disabled = !ready;
    if (order.status === 'pending') render(statusBox, notice('', statusBadge(order.status), ' We are reserving your seats…'));
    else if (order.status === 'reserved') render(statusBox, notice('ok', statusBadge(order.status), ' Your seats are reserved.'));
    else if (order.status === 'partiallyReserved') {
      render(statusBox, notice('warn', statusBadge(order.status), ' Could not reserve all the requested seats.'));
      if (!seatsBox.hasChildNodes()) showSeatsPicker(order);
    } else render(statusBox, notice('warn', statusBadge(order.status)));
    if (order.status !== 'partiallyReserved') render(seatsBox);
    if (order.reservationExpiresAt && !expiryShown) {
      expiryShown = true;
      render(expiryBox, 'Seats are held for you for ', countdown(alive, order.reservationExpiresAt, () => { location.hash = '#/expired/' + orderId; }), '.');
    }
  };
  const follow = () => followOrder(alive, orderId, show, o => o.status === 'pending');

  form.addEventListener('submit', async event => {
    event.preventDefault();
    render(message);
    const button = form.querySelector('button[type="submit"]');
    await busy(button, async () => {
      try {
        await api('PUT', `/api/orders/${orderId}/registrant`, formValues(form));
        showFieldErrors(form, null);
        const paid = await api('POST', `/api/orders/${orderId}/payment`, { method: 'thirdParty' }, { 'Idempotency-Key': uuid() });
        if (paid.status === 201) location.href = paid.body.paymentUrl;
        else location.hash = '#/thanks/' + orderId;
      } catch (e) {
        if (!showFieldErrors(form, e)) render(message, errorNotice(e));
        if (e.code === 'partially_reserved' || e.code === 'reservation_pending') follow();
      }
    });
  });

  let first;
  try { first = (await api('GET', '/api/orders/' + orderId)).body; } catch (e) {
    return render(app, e.status === 404 ? notice('error', 'No order has this id.') : errorNotice(e));
  }
  if (!alive()) return;
  try { conference = (await api('GET', '/api/conferences/' + encodeURIComponent(first.conferenceSlug))).body; } catch (e) { conference = null; }
  if (!alive()) return;
  if (first.registrant) for (const name of ['firstName', 'lastName', 'email']) form.querySelector(`input[name="${name}"]`).value = first.registrant[name] || '';
  render(app,
    conference ? conferenceHeader(conference) : null,
    el('h2', {}, 'Checkout'), statusBox, expiryBox, linesBox,
    first.promoCode ? el('p', { class: 'muted' }, `Promo code ${first.promoCode} applied.`) : null,
    seatsBox, message, form);
  follow();
}

function showExpired(alive, orderId) {
  render(app, el('h1', {}, 'Your reservation has expired'),
    notice('warn', 'The seats held for this order were released. You can start a new registration.'),
    el('p', {}, el('a', { class: 'button', href: '#/' }, 'Back to conferences')));
  api('GET', '/api/orders/' + orderId).then(({ body }) => {
    if (alive() && body.conferenceSlug) app.append(el('p', {}, el('a', { href: '#/c/' + encodeURIComponent(body.conferenceSlug) }, 'Register again for this conference')));
  }, () => {});
}

// ---------------------------------------------------------------- payment processor (simulated)

async function showPayment(paymentId) {
  render(app, el('p', { class: 'muted' }, 'Loading payment…'));
  let payment;
  try { payment = (await api('GET', '/api/payments/' + encodeURIComponent(paymentId))).body; } catch (e) {
    return render(app, e.status === 404 ? notice('error', 'No payment has this id.') : errorNotice(e));
  }
  const message = el('div');
  const answer = async (button, verb) => busy(button, async () => {
    try {
      await api('POST', `/api/payments/${paymentId}/${verb}`);
      location.href = verb === 'accept' ? '/#/thanks/' + payment.orderId : '/#/checkout/' + payment.orderId + '?rejected';
    } catch (e) { render(message, errorNotice(e)); }
  });
  const accept = el('button', { onclick: e => answer(e.currentTarget, 'accept') }, 'Accept');
  const reject = el('button', { class: 'secondary', onclick: e => answer(e.currentTarget, 'reject') }, 'Reject');
  render(app,
    el('h1', {}, 'Payment processor'),
    el('p', { class: 'muted' }, 'A simulated third-party payment page.'),
    el('div', { class: 'card' },
      el('table', {}, el('tbody', {},
        el('tr', {}, el('th', {}, 'Item'), el('td', { 'data-item': '' }, payment.description)),
        el('tr', {}, el('th', {}, 'Amount'), el('td', { class: 'total', 'data-amount': '' }, money(payment.amount))))),
      payment.status === 'initiated' ? el('div', { class: 'actions' }, accept, reject) :
        notice('warn', `This payment is already ${payment.status}.`),
      el('p', {}, el('a', { href: '/#/checkout/' + payment.orderId }, 'Back to checkout'))),
    message);
}

// ---------------------------------------------------------------- thank-you, order, seats

async function showThanks(alive, orderId) {
  render(app, el('h1', {}, 'Thank you'), notice('', 'Confirming your order…'));
  const order = await followOrder(alive, orderId, (o, e) => { if (e) render(app, errorNotice(e)); }, o => o.status !== 'confirmed' && o.status !== 'attention');
  if (!order || !alive()) return;
  render(app, el('h1', {}, 'Thank you for registering'),
    notice('ok', 'Your order is confirmed.'),
    el('div', { class: 'card' }, el('p', {}, 'Your access code — keep it to find your order later:'),
      el('div', { class: 'code', 'data-access-code': '' }, order.accessCode),
      order.registrant ? el('p', { class: 'muted' }, `Sent to ${order.registrant.email}.`) : null),
    el('div', { class: 'actions' },
      el('a', { class: 'button', href: '#/seats/' + orderId }, 'Assign seats to attendees'),
      el('a', { class: 'button secondary', href: '#/order/' + orderId }, 'View order')));
}

async function showOrder(alive, orderId) {
  try {
    const order = (await api('GET', '/api/orders/' + orderId)).body;
    if (!alive()) return;
    render(app, el('h1', {}, 'Your order'),
      el('p', {}, 'Status: ', statusBadge(order.status), ' · Access code ', el('span', { class: 'mono' }, order.accessCode)),
      order.registrant ? el('p', {}, `${order.registrant.firstName} ${order.registrant.lastName} · ${order.registrant.email}`) : null,
      orderLines(order),
      el('div', { class: 'actions' },
        order.status === 'confirmed' ? el('a', { class: 'button', href: '#/seats/' + orderId }, 'Assign seats') : null,
        ['pending', 'reserved', 'partiallyReserved'].includes(order.status) ? el('a', { class: 'button', href: '#/checkout/' + orderId }, 'Continue to checkout') : null,
        el('a', { class: 'button secondary', href: '#/c/' + encodeURIComponent(order.conferenceSlug) }, 'Conference page')));
  } catch (e) { render(app, e.status === 404 ? notice('error', 'No order has this id.') : errorNotice(e)); }
}

async function showSeats(alive, orderId) {
  let assignments;
  try { assignments = (await api('GET', `/api/orders/${orderId}/seat-assignments`)).body; } catch (e) {
    return render(app, el('h1', {}, 'Seat assignment'),
      e.status === 404 ? notice('warn', 'Seats can be assigned once the order is confirmed.') : errorNotice(e));
  }
  if (!alive()) return;
  const cards = assignments.seats.map(seat => {
    const a = seat.attendee || {};
    const form = el('form', { class: 'card stack seat', 'data-position': seat.position, novalidate: true },
      el('h2', { style: 'margin-top:0' }, `Seat ${seat.position + 1}: ${seat.seatTypeName}`),
      el('p', { class: 'assigned muted' }, seat.attendee ? `Assigned to ${a.firstName} ${a.lastName} (${a.email})` : 'Not assigned yet'),
      el('div', { class: 'row' }, field('First name', 'firstName', { value: a.firstName || '' }), field('Last name', 'lastName', { value: a.lastName || '' })),
      field('Email', 'email', { type: 'email', value: a.email || '' }),
      el('div', { class: 'message' }),
      el('div', { class: 'actions' }, el('button', { type: 'submit' }, 'Save'),
        el('button', { type: 'button', class: 'secondary', 'data-unassign': '' }, 'Unassign')));
    const settle = async () => {
      // The assignment view follows the command shortly after; show it once it does.
      for (let i = 0; i < 20 && alive(); i++) {
        await sleep(300);
        const now = (await api('GET', `/api/orders/${orderId}/seat-assignments`)).body.seats.find(s => s.position === seat.position);
        const wanted = formValues(form);
        const shown = now.attendee ? `Assigned to ${now.attendee.firstName} ${now.attendee.lastName} (${now.attendee.email})` : 'Not assigned yet';
        if (!now.attendee === !wanted.email || (now.attendee && now.attendee.email === wanted.email)) {
          form.querySelector('.assigned').textContent = shown;
          return;
        }
      }
    };
    form.addEventListener('submit', async event => {
      event.preventDefault();
      render(form.querySelector('.message'));
      await busy(form.querySelector('button[type="submit"]'), async () => {
        try {
          await api('PUT', `/api/orders/${orderId}/seat-assignments/${seat.position}`, formValues(form));
          showFieldErrors(form, null);
          await settle();
        } catch (e) { if (!showFieldErrors(form, e)) render(form.querySelector('.message'), errorNotice(e)); }
      });
    });
    form.querySelector('[data-unassign]').addEventListener('click', async event => {
      await busy(event.currentTarget, async () => {
        try {
          await api('DELETE', `/api/orders/${orderId}/seat-assignments/${seat.position}`);
          form.querySelectorAll('input').forEach(i => { i.value = ''; });
          await settle();
        } catch (e) { render(form.querySelector('.message'), errorNotice(e)); }
      });
    });
    return form;
  });
  render(app, el('h1', {}, 'Seat assignment'), el('p', { class: 'muted' }, 'Tell us who will attend in each seat.'), cards,
    el('p', {}, el('a', { href: '#/order/' + orderId }, 'Back to the order')));
}

// ---------------------------------------------------------------- routing

const paymentPath = location.pathname.match(/^\/payment\/([^/]+)$/);
if (paymentPath) {
  showPayment(decodeURIComponent(paymentPath[1]));
} else {
  startRouter([
    [/^#\/c\/([^/?]+)$/, showConference],
    [/^#\/checkout\/([^/?]+)(?:\?(\w+))?$/, showCheckout],
    [/^#\/expired\/([^/?]+)$/, showExpired],
    [/^#\/thanks\/([^/?]+)$/, showThanks],
    [/^#\/order\/([^/?]+)$/, showOrder],
    [/^#\/seats\/([^/?]+)$/, showSeats],
    [/^#\/find$/, showFind],
  ], showHome);
}
