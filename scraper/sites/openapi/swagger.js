// apiref's reader for Swagger UI 5 (swagger-ui-dist): lists the operation rows, opens a batch of them at once,
// reveals each request body's Schema tab to a depth, reads parameters, body rows and response examples, and
// closes the batch again (an open row is what makes the page heavy). Never touches "Try it out" or "Execute".
window.__apiref_renderer = (() => {
  const SEL = {
    tagOrOp: '.opblock-tag[data-tag], .opblock[id^="operations-"]',
    control: 'button.opblock-summary-control',
    method: '.opblock-summary-method',
    path: '.opblock-summary-path, .opblock-summary-path__deprecated',
    link: 'a[href^="#/"]',
    summary: '.opblock-summary-description',
    opBody: '.opblock-body',
    loaded: '.responses-wrapper',  // the last part of an opened row's body
    description: '.opblock-body > .opblock-description-wrapper .opblock-description',
    param: 'tr[data-param-name][data-param-in]',
    requestBody: '.opblock-section-request-body',
    mediaType: 'select.content-type',
    schemaTab: 'button.tablinks[data-name=model]',
    modelBox: '.model-box',
    formRow: 'tr[data-property-name]',
    modelRow: 'tr.property-row',
    collapsed: 'button.model-box-control[aria-expanded=false]',
    response: 'tr.response[data-code]',
    responseMedia: '.response-control-media-type select',
    example: '.model-example .highlight-code pre',
  };
  const GROUP_TITLES = {path: 'Path parameters', query: 'Query parameters', header: 'Header parameters',
                        cookie: 'Cookie parameters'};
  // Lines a parameter row shows under its description ("<i>Default value</i> : 20"): data, not description.
  const PARAM_META = {'Default value': 'default', 'Available values': 'enum', 'Example': 'example'};
  const BRANCH = /^(oneOf|anyOf) ->$/;  // the label cell of an object's row listing its branches
  const QUIET_MS = 40;  // the page is settled once nothing in it changed for this long
  const SETTLE_MAX_MS = 5000;  // an opened row resolves its $refs asynchronously: give up waiting after this
  const EXPAND_ROUNDS = 64;  // each round opens one more level (and enum lists); recursion is bounded by depth

  const text = el => (el ? el.textContent.replace(/[\s\u200b]+/g, ' ').trim() : '');

  // Resolve once nothing in root changed for QUIET_MS (or after SETTLE_MAX_MS: a page that never rests).
  const settle = (root = document.body) => new Promise(resolve => {
    let timer = null;
    const done = () => { observer.disconnect(); clearTimeout(cap); resolve(); };
    const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, QUIET_MS); });
    const cap = setTimeout(done, SETTLE_MAX_MS);
    observer.observe(root, {childList: true, subtree: true, attributes: true, characterData: true});
    timer = setTimeout(done, QUIET_MS);
  });

  const waitFor = async (test, ms = SETTLE_MAX_MS) => {
    const until = Date.now() + ms;
    while (!test() && Date.now() < until) await new Promise(r => setTimeout(r, 16));
    return test();
  };

  // Every operation row in page order with the tag it is listed under (a row follows its tag's header,
  // whether or not the list is virtualized). Webhooks (OAS 3.1) have paths without a leading "/": skipped.
  function list() {
    const ops = [];
    let tag = null;
    for (const el of document.querySelectorAll(SEL.tagOrOp)) {
      if (el.matches('.opblock-tag')) { tag = el.dataset.tag; continue; }
      const pathEl = el.querySelector(SEL.path);
      const path = pathEl ? pathEl.dataset.path : '';
      if (!path || !path.startsWith('/')) continue;
      const link = el.querySelector(SEL.link);
      ops.push({id: el.id, tag, path, method: text(el.querySelector(SEL.method)).toUpperCase(),
                anchor: link ? link.getAttribute('href') : null});
    }
    return ops;
  }

  // ------------------------------------------------------------------ parameters
  function paramRow(tr) {
    const desc = tr.querySelector('.parameters-col_description');
    const row = {name: tr.dataset.paramName, depth: 0, type: text(tr.querySelector('.parameter__type')) || null,
                 optional: !tr.querySelector('.parameter__name.required'), description: null, description_html: null,
                 default: null, constraints: null,
                 deprecated: /deprecated/i.test(text(tr.querySelector('.parameter__deprecated')))};
    const constraints = [];
    for (const md of desc ? desc.querySelectorAll(':scope > .renderedMarkdown') : []) {
      const label = text(md.querySelector('p > i:first-child'));
      const kind = PARAM_META[label];
      const value = text(md).slice(label.length).replace(/^\s*:\s*/, '');
      if (kind === 'default') row.default = value;
      else if (kind === 'enum') constraints.push('enum: ' + value);
      else if (!kind && row.description === null) {
        row.description = text(md);
        row.description_html = md.innerHTML.trim();
      }
    }
    row.constraints = constraints.join('; ') || null;
    return row;
  }

  function paramGroups(op) {
    const groups = {};
    for (const tr of op.querySelectorAll(SEL.param)) {
      const key = tr.dataset.paramIn;
      (groups[key] = groups[key] || {key, title: GROUP_TITLES[key] || key, encoding: null, properties: []})
        .properties.push(paramRow(tr));
    }
    return Object.values(groups);
  }

  // ------------------------------------------------------------------ request body: the Schema tab's rows
  const rowDepth = (el, box) => {
    let depth = -1;
    for (let tr = el.closest(SEL.modelRow); tr && box.contains(tr); tr = tr.parentElement.closest(SEL.modelRow)) depth++;
    return depth;
  };

  // Open every collapsed part of the model down to rows at maxDepth (a row's own button shows its type and
  // description, and its children one level deeper, which are read no further).
  async function expand(box, maxDepth) {
    for (let round = 0; round < EXPAND_ROUNDS; round++) {
      const todo = [...box.querySelectorAll(SEL.collapsed)].filter(b => rowDepth(b, box) <= maxDepth);
      if (!todo.length) return;
      todo.forEach(b => b.click());
      await settle(box);
    }
  }

  // The parts of a model that are its own (not a nested property's, item's or branch's model).
  const own = (model, sel) => [...model.querySelectorAll(sel)].filter(el => el.closest('span.model') === model);
  const childModels = model => [...model.querySelectorAll('span.model')]
    .filter(m => m !== model && m.parentElement.closest('span.model') === model);

  // What a row's model shows as its type: the primitive's type and format, an object's title, the branches'
  // types of a oneOf/anyOf without properties, `array[item type]`.
  function modelType(model) {
    const prim = own(model, '.prop-type')[0];
    if (prim) return text(prim) + own(model, '.prop-format').map(text).join('');
    const kids = childModels(model);
    if (!own(model, '.brace-open.object').length) return kids.length ? `array[${modelType(kids[0])}]` : null;
    const title = text(own(model, '.model-title__text')[0]);
    if (title) return title;
    const branches = kids.filter(m => BRANCH.test(text(m.closest('tr').cells[0])));
    if (!own(model, SEL.modelRow).length && branches.length) return [...new Set(branches.map(modelType))].join(' | ');
    return 'object';
  }

  function bodyRow(tr, box) {
    const model = tr.cells[1] && tr.cells[1].querySelector(':scope > span.model');
    const name = [...tr.cells[0].childNodes].filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent)
      .join('').trim();
    const row = {name, depth: rowDepth(tr, box), type: model ? modelType(model) : null,
                 optional: !tr.classList.contains('required'), description: null, description_html: null,
                 default: null, constraints: null, deprecated: tr.classList.contains('deprecated'),
                 expandable: !!model && childModels(model).length > 0};
    if (!model) return row;
    const md = own(model, '.renderedMarkdown')[0];
    if (md) { row.description = text(md); row.description_html = md.innerHTML.trim(); }
    const constraints = [];
    for (const el of own(model, 'span.property, tr.property')) {
      const line = text(el);
      const [key, ...rest] = line.split(':');
      const value = rest.join(':').trim();
      if (key === 'default') row.default = value;
      else if (key === 'deprecated') row.deprecated = row.deprecated || value === 'true';
      else if (key !== 'example' && key !== 'title' && line) constraints.push(line);
    }
    for (const el of own(model, '.prop-enum')) {
      constraints.push('enum: ' + text(el).replace(/^Enum:\s*/, '').replace(/^\[\s*|\s*\]$/g, ''));
    }
    row.constraints = constraints.join('; ') || null;
    return row;
  }

  function formRow(tr) {
    const md = tr.querySelector('.parameters-col_description > .renderedMarkdown');
    const nameEl = tr.querySelector('.parameter__name');
    return {name: tr.dataset.propertyName, depth: 0, type: text(tr.querySelector('.parameter__type')) || null,
            optional: !(nameEl && nameEl.classList.contains('required')),
            description: md ? text(md) : null, description_html: md ? md.innerHTML.trim() : null,
            default: null, constraints: null, deprecated: !!text(tr.querySelector('.parameter__deprecated'))};
  }

  async function bodyGroup(op, maxDepth) {
    const section = op.querySelector(SEL.requestBody);
    if (!section) return null;
    const media = section.querySelector(SEL.mediaType);
    const group = {key: 'body', title: 'Request body', encoding: media ? media.value : null, properties: []};
    const form = section.querySelectorAll(SEL.formRow);
    if (form.length) {
      group.properties = [...form].map(formRow);
      return group;
    }
    const tab = section.querySelector(SEL.schemaTab);
    if (tab && tab.getAttribute('aria-selected') !== 'true') { tab.click(); await settle(section); }
    const box = section.querySelector(SEL.modelBox);
    if (!box) return group;
    await expand(box, maxDepth);
    group.properties = [...box.querySelectorAll(SEL.modelRow)].map(tr => bodyRow(tr, box))
      .filter(r => r.depth <= maxDepth);
    return group;
  }

  // ------------------------------------------------------------------ responses: each status code's example per media type
  function selectValue(select, value) {
    Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(select, value);
    select.dispatchEvent(new Event('change', {bubbles: true}));
  }

  async function responses(op) {
    const out = [];
    for (const tr of op.querySelectorAll(SEL.response)) {
      const select = tr.querySelector(SEL.responseMedia);
      const types = select ? [...select.options].map(o => o.value) : [null];
      for (const type of types) {
        if (select && select.value !== type) { selectValue(select, type); await settle(tr); }
        const pre = tr.querySelector(SEL.example);
        if (pre) out.push({label: [tr.dataset.code, type].filter(Boolean).join(' '), code: pre.textContent});
      }
      if (select && types.length > 1 && select.value !== types[0]) selectValue(select, types[0]);
    }
    return out;
  }

  // ------------------------------------------------------------------ one operation
  async function readOp(op, meta, maxDepth) {
    const descEl = op.querySelector(SEL.description);
    const groups = paramGroups(op);
    const body = await bodyGroup(op, maxDepth);
    if (body) groups.push(body);
    const samples = await responses(op);
    return {method: meta.method, path: meta.path, title: text(op.querySelector(SEL.summary)) || null,
            description: descEl ? text(descEl) : null, description_html: descEl ? descEl.innerHTML.trim() : null,
            deprecated: op.classList.contains('opblock-deprecated'), tags: meta.tag ? [meta.tag] : [],
            operation_id: meta.anchor ? decodeURIComponent(meta.anchor.split('/').pop()) : null,
            anchor: meta.anchor, groups,
            examples: samples.length ? [{variant: '', request: {}, labels: {}, responses: samples}] : []};
  }

  const isOpen = op => op.querySelector(SEL.control).getAttribute('aria-expanded') === 'true';
  const toggle = op => op.querySelector(SEL.control).click();
  const loaded = id => { const op = document.getElementById(id); return !!op && !!op.querySelector(SEL.loaded); };

  // Open the rows of a batch together (their $refs resolve in one go), then read and close them last to first:
  // revealing a row's schema makes it taller, which only moves the rows below it, already read and closed.
  // Rows the list did not render (virtualized out of the viewport by the open rows above them) come back as
  // `missing`, to be read in a later batch.
  async function readBatch(metas, maxDepth) {
    for (const meta of metas) {
      const op = document.getElementById(meta.id);
      if (op && !isOpen(op)) toggle(op);
    }
    await waitFor(() => metas.every(m => !document.getElementById(m.id) || loaded(m.id)));
    await settle();
    const records = {};
    const missing = [];
    for (const meta of [...metas].reverse()) {
      const op = document.getElementById(meta.id);
      if (!op || !loaded(meta.id)) { missing.unshift(meta.id); continue; }
      records[meta.id] = await readOp(op, meta, maxDepth);
      toggle(op);
      await settle();
    }
    return {records, missing};
  }

  const height = () => document.documentElement.scrollHeight;

  return {list, height, readBatch, settled: async () => { await settle(); return true; }};
})();
