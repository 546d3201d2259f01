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
    loaded: '.responses-wrapper',  // the last part of an opened row's body
    description: '.opblock-body > .opblock-description-wrapper .opblock-description',
    param: 'tr[data-param-name][data-param-in]',
    paramText: ':scope > .renderedMarkdown, :scope > .markdown',  // a description, default or enum line (.markdown:
    //                                                                  as Swagger 2.0 documents render)
    requestBody: '.opblock-section-request-body',
    bodyParam: 'tr[data-param-in=body]',            // Swagger 2.0: the body is a parameter, its Model tab the schema
    formParam: 'tr[data-param-in=formData]',        // Swagger 2.0: form fields are parameters
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
    for (const md of desc ? desc.querySelectorAll(SEL.paramText) : []) {
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
      if (key === 'body' || key === 'formData') continue;  // (Swagger 2.0: the request body, read by bodyGroup)
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

  // The part of an operation that shows its request body's schema: the request body section (OpenAPI 3), or the
  // body parameter's row (Swagger 2.0).
  const bodyPart = op => op.querySelector(SEL.requestBody) || op.querySelector(SEL.bodyParam);

  // Show the Schema tab of every JSON request body, then open every collapsed part of the models down to rows
  // at maxDepth, all rows of the batch in one round per level (a round waits for the page to settle). A row's
  // own button shows its type and description, and its children one level deeper, read no further.
  async function revealSchemas(ops, maxDepth) {
    const tabs = ops.map(op => bodyPart(op)).map(part => part && part.querySelector(SEL.schemaTab))
      .filter(tab => tab && tab.getAttribute('aria-selected') !== 'true');
    if (tabs.length) { tabs.forEach(tab => tab.click()); await settle(); }
    for (let round = 0, quiet = false; round < EXPAND_ROUNDS; round++) {
      const boxes = ops.filter(op => op.isConnected).map(bodyPart).map(part => part && part.querySelector(SEL.modelBox))
        .filter(Boolean);
      const todo = boxes.flatMap(box => [...box.querySelectorAll(SEL.collapsed)]
        .filter(b => rowDepth(b, box) <= maxDepth));
      if (!todo.length && quiet) return;
      todo.forEach(b => b.click());
      await settle();
      quiet = !todo.length;
    }
  }

  function bodyGroup(op, maxDepth) {
    const section = bodyPart(op);
    const fields = [...op.querySelectorAll(SEL.formParam)];
    if (!section && !fields.length) return null;
    const media = section && section.querySelector(SEL.mediaType);
    const group = {key: 'body', title: 'Request body', encoding: media ? media.value : null, properties: []};
    const form = section ? section.querySelectorAll(SEL.formRow) : [];
    const box = section && section.querySelector(SEL.modelBox);
    if (fields.length) group.properties = fields.map(paramRow);
    else if (form.length) group.properties = [...form].map(formRow);
    else if (box) {
      group.properties = [...box.querySelectorAll(SEL.modelRow)].map(tr => bodyRow(tr, box))
        .filter(r => r.depth <= maxDepth);
    }
    return group;
  }

  // ------------------------------------------------------------------ responses: each status code's example per media type
  function selectValue(select, value) {
    Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(select, value);
    select.dispatchEvent(new Event('change', {bubbles: true}));
  }

  const mediaSelect = tr => tr.querySelector(SEL.responseMedia);
  const mediaTypes = tr => { const sel = mediaSelect(tr); return sel ? [...sel.options].map(o => o.value) : [null]; };

  // Every response's example under each of its media types: one media type at a time shows, so the batch's
  // selects move to their next option together (each change re-renders the app; few responses have two).
  async function responses(ops) {
    const out = new Map(ops.map(op => [op, []]));
    const trs = ops.flatMap(op => [...op.querySelectorAll(SEL.response)].map(tr => [op, tr]));
    const most = Math.max(1, ...trs.map(([, tr]) => mediaTypes(tr).length));
    for (let i = 0; i < most; i++) {
      const moved = trs.filter(([, tr]) => mediaTypes(tr).length > i && mediaSelect(tr)
        && mediaSelect(tr).value !== mediaTypes(tr)[i]);
      moved.forEach(([, tr]) => selectValue(mediaSelect(tr), mediaTypes(tr)[i]));
      if (moved.length) await settle();
      for (const [op, tr] of trs) {
        const type = mediaTypes(tr)[i];
        const pre = type !== undefined && tr.querySelector(SEL.example);
        if (pre) out.get(op).push({label: [tr.dataset.code, type].filter(Boolean).join(' '), code: pre.textContent});
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ one operation
  function readOp(op, meta, maxDepth, samples) {
    const descEl = op.querySelector(SEL.description);
    const groups = paramGroups(op);
    const body = bodyGroup(op, maxDepth);
    if (body) groups.push(body);
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

  // While a batch is read: the opened rows' bodies take no room, so the (virtualized) list keeps every row
  // rendered and nothing is laid out; and a model's toggle is not recorded in Swagger UI's store (its own state
  // still opens it): each record re-renders every open operation, which made a level of a batch cost seconds
  // instead of milliseconds. Both are undone when the batch is read. The store's actions are reached through
  // `window.ui`, the name Swagger UI's own index.html gives the instance; a page that names it otherwise is
  // read the same, only slower.
  const HIDE_BODIES = '.opblock-body { display: none !important; }';
  const isModelKey = key => Array.isArray(key) && key[0] === 'paths' && key.includes('schema')
    && key[key.length - 1] !== 'show-model-tab';

  function quieten() {
    const style = document.createElement('style');
    style.textContent = HIDE_BODIES;
    document.head.appendChild(style);
    const actions = window.ui && window.ui.layoutActions;
    const show = actions && typeof actions.show === 'function' ? actions.show : null;
    if (show) {
      actions.show = (key, shown) => (isModelKey(key && key.toJS ? key.toJS() : key) ? undefined : show(key, shown));
    }
    return () => { style.remove(); if (show) actions.show = show; };
  }

  // Open the rows of a batch together (their $refs resolve in one go), reveal and read them, close them. Rows
  // the list did not render come back as `missing`, to be read in a later batch.
  async function readBatch(metas, maxDepth) {
    const restore = quieten();
    try {
      for (const meta of metas) {
        const op = document.getElementById(meta.id);
        if (op && !isOpen(op)) toggle(op);
      }
      await waitFor(() => metas.every(m => !document.getElementById(m.id) || loaded(m.id)));
      await settle();
      const mounted = () => metas.map(m => [m, document.getElementById(m.id)]).filter(([m]) => loaded(m.id));
      await revealSchemas(mounted().map(([, op]) => op), maxDepth);
      const ready = mounted();
      const samples = await responses(ready.map(([, op]) => op));
      const records = Object.fromEntries(ready.map(([m, op]) => [m.id, readOp(op, m, maxDepth, samples.get(op))]));
      metas.map(m => document.getElementById(m.id)).filter(op => op && isOpen(op)).forEach(toggle);
      await settle();
      return {records, missing: metas.map(m => m.id).filter(id => !(id in records))};
    } finally {
      restore();
    }
  }

  const height = () => document.documentElement.scrollHeight;

  return {list, height, readBatch, settled: async () => { await settle(); return true; }};
})();
