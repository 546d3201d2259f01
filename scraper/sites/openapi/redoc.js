// apiref's reader for Redoc pages (redoc 2.x): every operation is in the DOM; nested rows open with their expand
// buttons, `One of` shows one branch at a time (each is selected in turn), samples show one tab at a time (each is
// selected in turn). Redoc's class names are generated, so only its structure and attributes are used.
window.__apiref_renderer = (() => {
  const S = {
    operation: '[data-section-id^="operation/"]',
    field: ':scope > td[kind=field]',
    expand: ':scope > button[aria-label^="expand "]',
    tab: '[role=tab]',
    verb: 'button > span[type]',
    json: 'code',
  };
  const PAYLOAD_TAB = 'Payload';  // Redoc's generated request body example, not a spec sample
  const REQUEST_SAMPLES = 'Request samples', RESPONSE_SAMPLES = 'Response samples';
  const GROUPS = [  // the h5 above a parameter table -> group key
    [/^path Parameters/i, 'path', 'Path parameters'], [/^query Parameters/i, 'query', 'Query parameters'],
    [/^header Parameters/i, 'header', 'Header parameters'], [/^cookie Parameters/i, 'cookie', 'Cookie parameters'],
    [/^Request Body schema/i, 'body', 'Request body'],
  ];
  const SELECT_VALUE = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set;
  const fold = s => (s || '').replace(/\s+/g, ' ').trim();
  // React renders a click's result at once; where it has not (yet), wait frames, a bounded number of them.
  const tick = () => Promise.resolve();
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  async function settle(ready) {
    for (let i = 0; i < 60 && !ready(); i++) await frame();
  }
  const textOf = el => fold(el ? el.textContent : '');

  // One row: its name cell and its detail cell (type line, facts like `Default: 0`, the description).
  function row(tr, depth) {
    const name = tr.querySelector(S.field);
    const detail = name.nextElementSibling;
    const parts = detail ? [...detail.firstElementChild.children] : [];
    const typeLine = parts[0];
    const own = typeLine ? [...typeLine.children] : [];
    const type = fold(own.filter(s => !s.querySelector('span')).map(s => s.textContent).join(''));
    const constraints = own.filter(s => s.querySelector('span')).map(s => textOf(s)).filter(Boolean);
    let def = null, description = '', html = null, deprecated = false;
    for (const part of parts.slice(1)) {
      if (part.querySelector('select')) continue;  // a discriminator's choice: read by `table`
      const t = textOf(part);
      const m = /^Default:\s*(.*)$/.exec(t);
      if (m) def = m[1];
      else if (part.querySelector('p, ul, ol, pre, table') || part.querySelector(':scope > div')) {
        description = t; html = part.firstElementChild ? part.firstElementChild.innerHTML.trim() : part.innerHTML;
      } else if (/^Deprecated$/i.test(t)) deprecated = true;
      else if (t) constraints.push(t);
    }
    const flags = [...name.querySelectorAll(':scope > div')].map(textOf);
    return {
      name: name.getAttribute('title') || textOf(name.querySelector('.property-name')), depth, type,
      optional: !flags.includes('required'), deprecated: deprecated || flags.includes('deprecated'),
      default: def, constraints: constraints.length ? constraints.join('; ') : null,
      description, description_html: html, expandable: !!name.querySelector(S.expand),
    };
  }

  // The schema under an expanded row (or a request body): its `One of` branches, each selected in turn, or its
  // table.
  // A branch of a `One of` or a discriminator's choice, under a row: a row of its own (no name: a possible type)
  // whose children are the branch's rows. At the top of a group the branches' rows stay top-level rows.
  function branch(rows, depth, parent, title, how) {
    if (!parent) return depth;
    parent.annotation = how;
    rows.push({name: null, depth, type: title, optional: null, description: '', description_html: null,
               expandable: true});
    return depth + 1;
  }

  async function schema(box, depth, max, rows, parent) {
    if (!box) return;
    if (box.tagName === 'TABLE') return table(box, depth, max, rows, parent);
    const inside = el => { const t = el.closest('table'); return t && box.contains(t); };
    const label = [...box.querySelectorAll('span')].find(s => /^(One|Any) of$/.test(fold(s.textContent))
      && !inside(s));
    if (!label) return table(firstTable(box), depth, max, rows, parent);
    for (const b of [...label.nextElementSibling.querySelectorAll(':scope > button')]) {
      b.click();
      await tick();
      const at = branch(rows, depth, parent, textOf(b), fold(label.textContent));
      const under = parent && rows[rows.length - 1];
      for (let el = label.nextElementSibling.nextElementSibling; el; el = el.nextElementSibling) {
        await schema(el, at, max, rows, under);  // a table, or a nested `One of`
      }
    }
  }

  function firstTable(box) {
    return box.tagName === 'TABLE' ? box : box.querySelector('table');  // the outermost: document order
  }

  // A table; when one of its rows is a discriminator (a <select> of the mapped schemas), the table of each choice:
  // the one shown first, then the others. (Redoc renders a choice that is itself a discriminated oneOf as an
  // empty table without the select: the choices after it cannot be reached, and are missing from the read.)
  async function table(t, depth, max, rows, parent) {
    if (!t) return;
    const select = discriminator(t);
    if (!select) return tableRows(t, depth, max, rows);
    const host = t.parentElement;
    const values = [select.value, ...[...select.options].map(o => o.value).filter(v => v !== select.value)];
    for (const value of values) {
      const now = discriminator(host.querySelector(':scope > table'));
      if (!now) break;
      if (now.value !== value) {
        SELECT_VALUE.call(now, value);
        now.dispatchEvent(new Event('change', {bubbles: true}));
        await tick();
      }
      const at = branch(rows, depth, parent, value, 'One of (by ' + now.getAttribute('aria-label') + ')');
      await tableRows(host.querySelector(':scope > table'), at, max, rows);
    }
  }

  function discriminator(t) {
    if (!t) return null;
    for (const tr of t.tBodies[0].children) {
      const sel = tr.querySelector(':scope > td:not([kind]) select');
      if (sel && tr.querySelector(S.field)) return sel;
    }
    return null;
  }

  async function tableRows(t, depth, max, rows) {
    if (!t) return;
    for (let tr = t.tBodies[0].firstElementChild; tr; tr = tr.nextElementSibling) {
      if (!tr.querySelector(S.field)) continue;
      const own = row(tr, depth);
      rows.push(own);
      const button = tr.querySelector(S.field).querySelector(S.expand);
      if (!button || depth + 1 > max) continue;
      if (!childRow(tr)) { button.click(); await settle(() => childRow(tr)); }
      await schema(childRow(tr), depth + 1, max, rows, own);
    }
  }

  function childRow(tr) {
    const next = tr.nextElementSibling;
    return next && !next.querySelector(S.field) ? next : null;
  }

  function groups(mid) {
    const out = [];
    for (const h of mid.querySelectorAll('h5')) {
      const g = GROUPS.find(([re]) => re.test(textOf(h)));
      if (!g || h.closest('table')) continue;
      let box = h.nextElementSibling;
      while (box && box.tagName !== 'TABLE' && box.tagName !== 'H5' && !box.querySelector('table')) {
        box = box.nextElementSibling;
      }
      const media = g[1] === 'body' ? textOf(h.querySelector('span')) || null : null;
      out.push({key: g[1], title: g[2], encoding: media, box: box && box.tagName !== 'H5' ? box : null});
    }
    return out;
  }

  function tabsUnder(op, heading) {
    const h = [...op.querySelectorAll('h3')].find(x => textOf(x) === heading);
    return h ? [...h.nextElementSibling.querySelectorAll(S.tab)] : [];
  }

  function jsonText(panel) {
    const code = panel.querySelector(S.json);
    if (!code) { const pre = panel.querySelector('pre'); return pre ? pre.textContent : textOf(panel); }
    const copy = code.cloneNode(true);
    copy.querySelectorAll('button, .ellipsis').forEach(x => x.remove());
    try { return JSON.stringify(JSON.parse(copy.textContent), null, 2); } catch (e) { return copy.textContent; }
  }

  async function selected(tab) {
    const panel = () => document.getElementById(tab.getAttribute('aria-controls'));
    if (tab.getAttribute('aria-selected') !== 'true') {
      tab.click();
      await settle(() => panel() && panel().childElementCount > 0);
    }
    return panel();
  }

  async function samples(op) {
    const byVariant = new Map();
    for (const tab of tabsUnder(op, REQUEST_SAMPLES)) {
      const label = textOf(tab);
      if (label === PAYLOAD_TAB) continue;
      const m = /^(.*?)\s*\((.*)\)$/.exec(label);
      const lang = (m ? m[1] : label).toLowerCase(), variant = m ? m[2] : '';
      const panel = await selected(tab);
      const pre = panel && panel.querySelector('pre');
      if (!byVariant.has(variant)) byVariant.set(variant, {variant, request: {}, labels: {}});
      byVariant.get(variant).request[lang] = pre ? pre.textContent : '';
      byVariant.get(variant).labels[lang] = label;
    }
    const responses = [];
    for (const tab of tabsUnder(op, RESPONSE_SAMPLES)) {
      const panel = await selected(tab);
      if (!panel) continue;
      const media = panel.querySelector('span + div');
      const label = textOf(tab) + (media ? ' ' + textOf(media) : '');
      responses.push({label, code: jsonText(panel)});
    }
    const examples = [...byVariant.values()];
    if (responses.length) (examples[0] || (examples[0] = {variant: '', request: {}, labels: {}})).responses = responses;
    return examples;
  }

  async function operation(op, max) {
    const h2 = op.querySelector('h2');  // an untagged operation has one wrapper more
    const mid = h2.parentElement, right = mid.nextElementSibling;
    const title = fold([...h2.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join(''));
    const verb = right.querySelector(S.verb);
    const anchor = h2.querySelector('a');
    const desc = [...mid.children].find(c => c.tagName === 'DIV' && c.querySelector('p') && !c.querySelector('h5')
      && c.previousElementSibling === h2);
    const found = [];
    for (const g of groups(mid)) {
      const rows = [];
      await schema(g.box, 0, max, rows);
      found.push({key: g.key, title: g.title, encoding: g.encoding, properties: rows});
    }
    const section = op.parentElement && op.parentElement.id || '';
    const tag = /^tag\/([^/]+)\/operation\//.exec(section);
    return {
      method: verb.getAttribute('type').toUpperCase().replace(/^DEL$/, 'DELETE'),
      path: textOf(verb.nextElementSibling), title,
      description: desc ? textOf(desc) : null, description_html: desc ? desc.innerHTML : null,
      deprecated: !!h2.querySelector('span') && /deprecated/i.test(textOf(h2.querySelector('span'))),
      tags: tag ? [decodeURIComponent(tag[1])] : [],
      operation_id: op.getAttribute('data-section-id').slice('operation/'.length),
      anchor: anchor ? anchor.getAttribute('href') : null,
      groups: found, examples: await samples(op),
    };
  }

  return {
    count: () => document.querySelectorAll(S.operation).length,
    read: async (from, to, max) => {
      const ops = [...document.querySelectorAll(S.operation)].slice(from, to);
      const out = [];
      for (const op of ops) out.push(await operation(op, max));
      return out;
    },
  };
})();
