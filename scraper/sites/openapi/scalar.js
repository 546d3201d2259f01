// apiref's reader for Scalar API reference pages (@scalar/api-reference): reveals and reads one operation section
// at a time. Selectors are data here; scalar.py drives the order and the time.
(() => {
  const SEL = {
    showAll: 'button[aria-label^="Show all"]',          // a tag's "Show More": renders its operation sections
    section: 'section[id]',
    title: '.section-header-label',
    badges: '.section-content > :first-child',           // the deprecated badge sits here
    description: '[aria-label="Operation Description"]',
    row: '.property',                                     // one schema row (li) or parameter (div)
    rowName: ':scope > .property-heading > .property-name',
    rowType: ':scope > .property-heading > .property-detail-truncate .property-detail-value',
    rowDetail: ':scope > .property-heading > .property-detail:not(.property-detail-truncate)',
    rowRequired: ':scope > .property-heading > .property-required',
    rowDefault: ':scope > .property-heading > .property-default .property-default-value',
    rowDescription: ':scope > .property-description > .markdown',
    rowEnum: ':scope > .property-enum .property-enum-value-label',
    additional: '.property-name-additional-properties',  // additionalProperties: a placeholder name, not a key
    expand: 'button.schema-card-title[aria-expanded="false"]', // child attributes, additional properties
    composition: 'button.composition-selector',          // oneOf/anyOf listbox: one branch shown at a time
    option: '[role=option]',
    body: '[aria-label="Request Body"]',
    bodyType: '.request-body-header .selected-content-type',
    hidden: '.sr-only, .screenreader-only',              // "Copy link to ...", "Type:": never text of the docs
    picker: 'button[data-testid=client-picker]',
    pickerPanel: '[id^="headlessui-popover-panel"]',
    pickerGroup: '[role=listbox] [role=group]',          // the first group, "Code Examples", is the spec's samples
    requestCard: '.request-card',
    code: 'pre',
    responseCard: '.response-card',
    responseTab: '[role=tab]',
    responseList: 'ul[aria-label="Responses"] > li',
    responseName: '.parameter-item-name',
    responseType: '.selected-content-type, button[aria-haspopup=listbox]',  // one media type, or a listbox of them
  };
  const METHOD = /\/(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE)(\/.*)$/;
  const PRIMITIVE = /^(string|number|integer|boolean|null)(\[\])?$/;  // a branch label: nothing nested to read
  const WAIT_MS = 3000;   // one reveal (a click's re-render) never takes longer on a loaded page
  const POLL_MS = 10;
  const SHOW_ALL_POLL_MS = 200;  // how often the sections are counted while "Show all" renders them

  const sleep = ms => new Promise(r => setTimeout(r, ms));
  async function until(test, ms = WAIT_MS) {
    const end = Date.now() + ms;
    for (;;) {
      const v = test();
      if (v || Date.now() > end) return v;
      await sleep(POLL_MS);
    }
  }

  // Vue re-renders in a microtask after the state a click changed: two macrotasks later the DOM shows it.
  const settle = async () => { await sleep(0); await sleep(0); };

  // Text of an element without its visually hidden parts (screen-reader labels) and without <wbr>.
  function text(el) {
    if (!el) return '';
    const c = el.cloneNode(true);
    c.querySelectorAll(SEL.hidden + ', button, svg').forEach(x => x.remove());
    return c.textContent.replace(/\s+/g, ' ').trim();
  }
  function html(el) {
    if (!el) return null;
    const c = el.cloneNode(true);
    c.querySelectorAll(SEL.hidden + ', button, svg').forEach(x => x.remove());
    c.querySelectorAll('*').forEach(x => [...x.attributes].forEach(a => {
      if (a.name.startsWith('data-v-') || a.name === 'class' || a.name === 'style') x.removeAttribute(a.name);
    }));
    const h = c.innerHTML.replace(/<!---->/g, '').trim();
    return h || null;
  }
  const owner = el => el.parentElement ? el.parentElement.closest(SEL.row) : null;
  const own = (box, sel) => {  // elements of box that belong to box's own row, not to a nested row
    const mine = box.matches(SEL.row) ? box : box.closest(SEL.row);
    return [...box.querySelectorAll(sel)].filter(el => (el.matches(SEL.row) ? owner(el) : el.closest(SEL.row)) === mine);
  };

  function operations() {
    const tags = {};
    document.querySelectorAll(SEL.section).forEach(s => {
      const m = s.id.match(/^[^/]+\/tag\/([^/]+)$/);
      if (m) tags[m[1]] = text(s.querySelector('h2')) || m[1];
    });
    const ops = [];
    document.querySelectorAll(SEL.section).forEach(s => {
      const m = s.id.match(METHOD);
      if (!m || s.id.includes('/webhook/')) return;
      const t = s.id.match(/^[^/]+\/tag\/([^/]+)\//);
      ops.push({id: s.id, method: m[1], path: m[2], tag: t ? tags[t[1]] || t[1] : null,
                anchor: '#' + s.id.replace(/^[^/]+\//, '')});  // the hash Scalar's own links set
    });
    return ops;
  }

  // Press every tag's "Show all", wait until the sections stop appearing (their count holds settleMs); the
  // operations.
  async function showAll(settleMs, maxMs) {
    document.querySelectorAll(SEL.showAll).forEach(x => x.click());
    const end = Date.now() + maxMs;
    let count = -1, since = Date.now();
    while (Date.now() - since < settleMs) {
      if (Date.now() > end) throw new Error(`kept adding operations for ${maxMs / 1000}s after showing every tag's`);
      const now = document.querySelectorAll(SEL.section).length;
      if (now !== count) [count, since] = [now, Date.now()];
      await sleep(SHOW_ALL_POLL_MS);
    }
    return operations();
  }

  // ------------------------------------------------------------ rows
  function rowFacts(p) {
    const details = [...p.querySelectorAll(SEL.rowDetail)];
    const enums = [...p.querySelectorAll(SEL.rowEnum)].map(text);
    const parts = details.map(text).filter(d => d && !(d === 'enum' && enums.length));
    if (enums.length) parts.push('enum: ' + enums.join(', '));
    const desc = p.querySelector(SEL.rowDescription);
    const dflt = p.querySelector(SEL.rowDefault);
    return {
      type: text(p.querySelector(SEL.rowType)) || null,
      optional: !p.querySelector(SEL.rowRequired),
      description: desc ? desc.innerText.trim() || null : null,
      description_html: html(desc),
      default: dflt ? text(dflt) : null,
      constraints: parts.join('; ') || null,
      deprecated: p.classList.contains('property--deprecated'),
    };
  }

  async function expandOwn(box) {
    for (let round = 0; round < 20; round++) {
      const closed = own(box, SEL.expand);
      if (!closed.length) return;
      closed.forEach(b => b.click());
      await until(() => closed.every(b => !b.isConnected || b.getAttribute('aria-expanded') === 'true'));
      await settle();
    }
  }

  // Box's k-th composition listbox, opened: its button, its list and its options (the branches).
  async function openList(box, k) {
    const sel = own(box, SEL.composition)[k];
    sel.click();
    const list = await until(() => {
      const id = sel.getAttribute('aria-controls');
      return id && document.getElementById(id);
    });
    if (!list) throw new Error('a oneOf/anyOf listbox did not open');
    return {sel, list, opts: [...list.querySelectorAll(SEL.option)]};
  }
  async function closeList(open, opt) {  // by picking opt, or by its button
    (opt || open.sel).click();
    await until(() => !document.getElementById(open.list.id));
    await settle();
  }

  // Every branch of every own composition of box (one is shown at a time), each read into node: the branch shown
  // first, then each other one that can have properties (a `string` or `null` branch has none).
  async function branches(box, k, depth, node, max) {
    if (k >= own(box, SEL.composition).length) return readRows(box, depth, node, max);
    await branches(box, k + 1, depth, node, max);
    let open = await openList(box, k);
    const todo = open.opts.map((o, i) => i).filter(i =>
      open.opts[i].getAttribute('aria-selected') !== 'true' && !PRIMITIVE.test(text(open.opts[i])));
    if (!todo.length) return closeList(open);
    for (const [n, i] of todo.entries()) {
      if (n > 0) open = await openList(box, k);
      await closeList(open, open.opts[i]);
      await branches(box, k + 1, depth, node, max);
    }
  }

  async function walk(box, depth, node, max) {
    await expandOwn(box);
    await branches(box, 0, depth, node, max);
  }

  async function readRows(box, depth, node, max) {
    for (const p of own(box, SEL.row)) {
      if (!p.isConnected) continue;
      const nameEl = p.querySelector(SEL.rowName);
      if (nameEl && nameEl.querySelector(SEL.additional)) {  // "propertyName: anything" is the map's values
        if (node.row) node.row.constraints = [node.row.constraints, 'additional properties: ' + (rowFacts(p).type || 'any')]
          .filter(Boolean).join('; ');
        continue;
      }
      const name = text(nameEl);
      if (!name) {  // a branch's own row (a string in `anyOf: [string, enum]`): its facts are the parent's
        const f = rowFacts(p);
        if (node.row) {
          if (!node.row.type) node.row.type = f.type;
          if (!node.row.description) Object.assign(node.row, {description: f.description, description_html: f.description_html});
          if (!node.row.constraints) node.row.constraints = f.constraints;
        }
        await walk(p, depth, node, max);
        continue;
      }
      let child = node.children.get(name);
      if (!child) {
        child = {row: Object.assign({name, depth}, rowFacts(p)), children: new Map()};
        node.children.set(name, child);
      }
      if (depth < max) await walk(p, depth + 1, child, max);
      child.row.expandable = child.children.size > 0;
    }
  }

  function flatten(node, out = []) {
    for (const c of node.children.values()) { out.push(c.row); flatten(c, out); }
    return out;
  }

  // group key -> [the segment Scalar puts in a parameter's anchor id (`<section id>.headers.OpenAI-Beta`), title]
  const GROUPS = {path: ['path', 'Path parameters'], query: ['query', 'Query parameters'],
                  header: ['headers', 'Header parameters'], cookie: ['cookies', 'Cookie parameters']};

  async function readParams(s, max) {
    const groups = [];
    for (const [key, [segment, title]] of Object.entries(GROUPS)) {
      const prefix = s.id + '.' + segment + '.';
      const rows = [...s.querySelectorAll(SEL.row)].filter(p => {
        const id = (p.querySelector(SEL.rowName + ' [id]') || {}).id || '';
        return id === '' ? false : id.startsWith(prefix);
      });
      if (!rows.length) continue;
      const node = {row: null, children: new Map()};
      for (const p of rows) {
        const name = p.querySelector(SEL.rowName + ' [id]').id.slice(prefix.length);
        const child = {row: Object.assign({name, depth: 0}, rowFacts(p)), children: new Map()};
        node.children.set(name, child);
        if (max > 0) await walk(p, 1, child, max);
        child.row.expandable = child.children.size > 0;
      }
      groups.push({key, title, encoding: null, properties: flatten(node)});
    }
    const body = s.querySelector(SEL.body);
    if (body) {
      const node = {row: null, children: new Map()};
      await walk(body, 0, node, max);
      groups.push({key: 'body', title: 'Request body', encoding: text(body.querySelector(SEL.bodyType)) || null,
                   properties: flatten(node)});
    }
    return groups;
  }

  // ------------------------------------------------------------ samples
  async function openPicker(s) {
    const picker = s.querySelector(SEL.picker);
    if (!picker) return null;
    picker.click();
    const panel = await until(() => document.querySelector(SEL.pickerPanel));
    if (!panel) throw new Error('the client picker did not open');
    return {picker, panel};
  }
  async function closePicker(picker) {
    if (document.querySelector(SEL.pickerPanel)) picker.click();
    await until(() => !document.querySelector(SEL.pickerPanel));
  }
  const codeOf = s => {
    const pre = s.querySelector(SEL.requestCard + ' ' + SEL.code);
    return pre ? pre.textContent.replace(/\n+$/, '') : null;
  };

  // The spec's samples the page can show: the "Code Examples" group's options, the first per lang (the page keys
  // them by lang and shows that one for every label of its lang). The sample shown first is read without a pick.
  async function readSamples(s) {
    const shown = text(s.querySelector(SEL.picker));
    const open = await openPicker(s);
    if (!open) return [];
    const group = open.panel.querySelector(SEL.pickerGroup);
    const first = new Map();  // lang key (`custom/Python`) -> its first label
    if (group && text(group.querySelector('[id$="-label"]')) === 'Code Examples') {
      for (const o of group.querySelectorAll(SEL.option)) {
        const key = o.id.slice(o.id.lastIndexOf('custom/'));
        if (!first.has(key)) first.set(key, text(o));
      }
    }
    const code = new Map();
    for (const [key, label] of first) if (label === shown) code.set(key, codeOf(s));
    let panel = open.panel;
    for (const [key, label] of first) {
      if (code.has(key)) continue;
      panel = panel || (await openPicker(s)).panel;
      const opt = [...panel.querySelectorAll(SEL.pickerGroup + ' ' + SEL.option)].find(x => x.id.endsWith(key));
      opt.click();
      panel = null;
      await until(() => !document.querySelector(SEL.pickerPanel));
      await until(() => text(open.picker) === label && codeOf(s) !== null);
      await settle();
      code.set(key, codeOf(s));
    }
    if (panel) await closePicker(open.picker);
    return [...first].map(([key, label]) => ({label, code: code.get(key)}));
  }

  // Each status tab's example, labelled with its status and the media type the Responses list shows for it (the
  // card shows the example of that one; a response of several media types has a listbox there, left as it is).
  async function readResponses(s) {
    const card = s.querySelector(SEL.responseCard);
    if (!card) return [];
    const types = {};
    s.querySelectorAll(SEL.responseList).forEach(li => {
      types[text(li.querySelector(SEL.responseName))] = text(li.querySelector(SEL.responseType));
    });
    const out = [];
    for (const tab of card.querySelectorAll(SEL.responseTab)) {
      if (tab.getAttribute('aria-selected') !== 'true') {
        tab.click();
        await until(() => tab.getAttribute('aria-selected') === 'true');
        await settle();
      }
      const pre = card.querySelector(SEL.code);  // "No Body" otherwise
      const status = text(tab);
      if (pre) out.push({label: [status, types[status]].filter(Boolean).join(' '), code: pre.textContent.replace(/\n+$/, '')});
    }
    return out;
  }

  // While one operation is read, every other operation's section is out of the layout: each pick and click
  // re-lays out what is displayed, and a page of every operation is large.
  const READING = 'data-apiref-reading';
  function focus(s) {
    if (!document.getElementById('apiref-focus')) {
      const style = document.createElement('style');
      style.id = 'apiref-focus';
      style.textContent = `section[id^="api-1/"]:not([${READING}]) { display: none !important; }`;
      document.head.appendChild(style);
    }
    document.querySelectorAll(`[${READING}]`).forEach(x => x.removeAttribute(READING));
    s.setAttribute(READING, '');
  }

  async function readOperation(id, max) {
    const s = document.getElementById(id);
    if (!s) throw new Error(`section ${id} is gone`);
    focus(s);
    s.scrollIntoView();
    const m = id.match(METHOD);
    const desc = s.querySelector(SEL.description);
    const badges = s.querySelector(SEL.badges);
    return {
      method: m[1], path: m[2],
      title: text(s.querySelector(SEL.title)) || null,
      description: desc ? desc.innerText.trim() || null : null,
      description_html: html(desc),
      deprecated: !!badges && /\bdeprecated\b/i.test(text(badges)),
      groups: await readParams(s, max),
      samples: await readSamples(s),
      responses: await readResponses(s),
    };
  }

  window.__apiref_renderer = {showAll, readOperation};
})();
