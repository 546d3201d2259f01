// apiref's reader for RapiDoc 9 pages (render-style "focused": one operation at a time). Everything lives in open
// shadow roots: rapi-doc › api-request › schema-tree, rapi-doc › api-response › json-tree. One call per operation
// focuses it (the sidebar link's own click), waits for its components to finish rendering, and reads it whole.
window.__apiref_renderer = (() => {
  const SEL = {
    app: 'rapi-doc',
    navPath: '.nav-bar-path[data-content-id]',          // sidebar link of one operation: data-content-id "post-/a/-x-"
    navTagGroup: '.nav-bar-tag-and-paths',              // one tag: its title and its operations' links
    navTag: '.nav-bar-tag',
    operation: '.expanded-endpoint-body',               // the focused operation (id = its content id)
    summary: 'h2[part="section-operation-summary"]',
    method: '[part="label-operation-method"]',
    path: '[part="label-operation-path"]',
    description: ':scope > .m-markdown',                 // the operation's description (the tag's is in .tag-container)
    sampleButtons: 'section.table-title .tab-btn[data-tab]',  // CODE SAMPLES tabs; every panel is in the DOM
    request: 'api-request',
    response: 'api-response',
    tableTitle: '.table-title',
    bodyContainer: '.request-body-container',
    mimeSelect: '.request-body-container > .table-title select',  // only with several media types
    formTable: ':scope > table.m-table',
    schemaTree: 'schema-tree',
    paramName: '.param-name',
    paramType: '.param-type',
    paramConstraint: '.param-constraint',
    paramDescription: '.m-markdown-small',
  };
  // Parameter tables by their title (api-request's inputParametersTemplate).
  const PARAM_GROUPS = {'PATH PARAMETERS': ['path', 'Path parameters'], 'QUERY-STRING PARAMETERS': ['query', 'Query parameters'],
                        'REQUEST HEADERS': ['header', 'Header parameters'], 'COOKIES': ['cookie', 'Cookie parameters']};
  // UI marks inside names and descriptions: the description expander (➔), "more below" (⤵), deprecated (✗),
  // read-only / write-only (🆁 🆆), required (*).
  const UI_IN_DESCRIPTION = '.descr-expand-toggle, .more-content';
  const NAME_MARKS = /[✗*:]|🆁|🆆/g;
  const ANY_KEY = '[any-key]';  // how the schema tree shows additionalProperties
  const BOUND = /^(Min|Max) (Items|Properties):$/;  // bounds written into an array's description
  const OPERATION_ID = /^[a-z]+-\//;  // content ids of operations under paths; webhooks have no leading slash
  const POLL_MS = 20;

  const app = () => {
    const el = document.querySelector(SEL.app);
    if (!el || !el.shadowRoot) throw new Error('no <rapi-doc> element with a shadow root on the page');
    return el.shadowRoot;
  };
  const squash = s => (s || '').replace(/\s+/g, ' ').trim();
  const sleep = ms => new Promise(r => setTimeout(r, ms));
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));

  // Every lit element under root (shadow roots included) has finished its update.
  async function settled(root) {
    for (let round = 0; round < 20; round++) {
      const pending = [];
      const walk = r => { for (const el of r.querySelectorAll('*')) if (el.shadowRoot) {
        if (el.updateComplete) pending.push(el.updateComplete); walk(el.shadowRoot); } };
      walk(root);
      const again = await Promise.all(pending);
      if (!again.includes(false)) return;
    }
  }

  // The page's render style, and the operations under paths in sidebar order, each with the tags it is listed under.
  function operations() {
    const tags = {};
    for (const group of app().querySelectorAll(SEL.navTagGroup)) {
      const tag = squash(group.querySelector(SEL.navTag)?.textContent);
      for (const link of group.querySelectorAll(SEL.navPath)) {
        (tags[link.dataset.contentId] ||= []);
        if (tag && !tags[link.dataset.contentId].includes(tag)) tags[link.dataset.contentId].push(tag);
      }
    }
    const ids = [...new Set([...app().querySelectorAll(SEL.navPath)].map(a => a.dataset.contentId))];
    return {style: document.querySelector(SEL.app).getAttribute('render-style') || 'focused',
            ops: ids.filter(id => OPERATION_ID.test(id)).map(id => ({id, tags: tags[id] || []}))};
  }

  // Focus one operation as a reader does (its sidebar link) and wait until it and its parts are rendered.
  async function focus(id, leftMs) {
    const deadline = Date.now() + leftMs;
    const shown = () => [...app().querySelectorAll(SEL.operation)].find(e => e.id === id);
    if (!shown()) {
      const link = [...app().querySelectorAll(SEL.navPath)].find(a => a.dataset.contentId === id);
      if (!link) throw new Error(`no sidebar link for ${id}`);
      link.click();
    }
    while (!shown()) {
      if (Date.now() > deadline) throw new Error(`operation ${id} did not show after its sidebar link was clicked`);
      await sleep(POLL_MS);
    }
    await settled(app());
    await frame();
    return shown();
  }

  // An element's HTML and text without lit's comment markers and the UI marks RapiDoc adds to descriptions; the
  // array bounds RapiDoc appends to an array's description (`<br/> <b>Min Items:</b> 1`) become constraints.
  function described(el) {
    const none = {html: null, text: null, constraints: []};
    if (!el) return none;
    const copy = el.cloneNode(true);
    copy.querySelectorAll(UI_IN_DESCRIPTION).forEach(e => e.remove());
    const comments = document.createTreeWalker(copy, NodeFilter.SHOW_COMMENT);
    const drop = [];
    while (comments.nextNode()) drop.push(comments.currentNode);
    const constraints = [];
    for (const b of copy.querySelectorAll('b')) {
      if (!BOUND.test(squash(b.textContent)) || b.nextSibling?.nodeType !== Node.TEXT_NODE) continue;
      const value = b.nextSibling.textContent.match(/^\s*(\S+)/);
      if (!value) continue;
      constraints.push(`${squash(b.textContent)} ${value[1]}`);
      b.nextSibling.textContent = b.nextSibling.textContent.slice(value[0].length);
      if (b.previousElementSibling?.tagName === 'BR' && !squash(b.previousSibling?.textContent)) drop.push(b.previousElementSibling);
      drop.push(b);
    }
    drop.forEach(n => n.remove());
    const html = copy.innerHTML.trim();
    return html ? {html, text: squash(copy.textContent), constraints} : {...none, constraints};
  }

  function row(name, depth, type, optional, descr, extra = {}) {
    return {name, depth, type: type || null, optional, description: descr.text, description_html: descr.html,
            deprecated: false, default: null, constraints: null, annotation: null, expandable: false, ...extra};
  }

  // A parameter or form-data table: rows `tr[title]` (title "Deprecated" or ""), each followed by its description row.
  function tableRows(table) {
    const rows = [];
    const trs = [...table.children].filter(e => e.tagName === 'TR');
    trs.forEach((tr, i) => {
      if (!tr.hasAttribute('title')) return;
      const nameEl = tr.querySelector(SEL.paramName);
      if (!nameEl) return;
      const next = trs[i + 1] && !trs[i + 1].hasAttribute('title') ? trs[i + 1] : null;
      const {dflt, constraints} = paramConstraints(tr.querySelector(SEL.paramConstraint));
      rows.push(row(squash(nameEl.textContent).replace(NAME_MARKS, '').trim(), 0,
                    squash(tr.querySelector(SEL.paramType)?.textContent).replace(/\s*┃\s*/g, ' | '),
                    !nameEl.textContent.includes('*'), described(next && next.querySelector(SEL.paramDescription)),
                    {deprecated: tr.title === 'Deprecated', default: dflt, constraints}));
    });
    return rows;
  }

  // `Default: 20<br>Pattern: …<br>Allowed: asc┃desc`: the default, and the rest as one short string.
  function paramConstraints(el) {
    if (!el) return {dflt: null, constraints: null};
    const lines = [''];
    for (const n of el.childNodes) {
      if (n.nodeName === 'BR') lines.push('');
      else if (n.nodeType !== Node.COMMENT_NODE) lines[lines.length - 1] += n.textContent;
    }
    let dflt = null;
    const rest = [];
    for (const line of lines.map(squash).filter(Boolean)) {
      if (line.startsWith('Default:')) dflt = squash(line.slice(8));
      else rest.push(line.replace(/\s*┃\s*/g, ', '));
    }
    return {dflt, constraints: rest.join('; ') || null};
  }

  // The body's schema tree, depth first. A `.tr` row is followed by its `.inside-bracket` children. ONE OF / ANY OF
  // markers and their numbered branches (`.xxx-of-key`) and unnamed array levels (no `.key-label`) are not
  // properties: their children stay at the same depth. A choice between plain types (`model`: ANY OF 1 string,
  // 2 enum) is folded into the property that holds it, as additionalProperties (`[any-key]`) is.
  function treeRows(tree, maxDepth) {
    const rows = [];
    const walk = (container, depth, owner) => {
      let last = null, skip = false;
      for (const el of container.children) {
        if (el.classList.contains('tr')) {
          [last, skip] = [treeRow(el, depth), false];
          if (last && last.name === ANY_KEY) {
            note(owner, `additional properties: ${last.type || 'any'}`);
            [last, skip] = [null, true];
          } else if (last && depth <= maxDepth) rows.push(last);
          else if (!last) choice(el, owner);
        } else if (el.classList.contains('inside-bracket')) {
          const before = rows.length;
          if (!skip && (!last || depth < maxDepth)) walk(el, last ? depth + 1 : depth, last || owner);
          if (last) last.expandable = rows.length > before;
          [last, skip] = [null, false];
        } else if (el.matches('span.key.object')) {  // an object without properties: `name:{ }`
          const name = el.textContent.replace(/\{\s*\}/, '').replace(NAME_MARKS, '').trim();
          if (depth <= maxDepth) rows.push(row(name, depth, 'object', !el.textContent.includes('*'), described(null)));
        }
      }
    };
    const top = tree.shadowRoot.querySelector('.tree');
    if (top) walk(top, 0, null);
    return rows;
  }

  function note(owner, text) {
    if (owner) owner.constraints = [owner.constraints, text].filter(Boolean).join('; ');
  }

  // A ONE OF / ANY OF marker names the owner's type; a plain-type branch adds its type and its constraints.
  function choice(tr, owner) {
    const label = tr.querySelector(':scope > .td.key > .key-label.xxx-of-key');
    if (!owner || !label) return;
    const marker = squash(label.textContent);
    if (/^(ONE|ANY) OF$/.test(marker)) {
      if (owner.type === 'object') owner.type = marker.toLowerCase();
    } else {
      const type = treeType(tr) || 'any';
      owner.type = /^(one|any) of /.test(owner.type || '') ? `${owner.type} | ${type}` : `${owner.type || 'one of'} ${type}`;
      if (!tr.classList.contains('primitive')) return;
      const {dflt, constraints} = primitiveFacts(tr);
      note(owner, constraints);
      if (dflt !== null && owner.default === null) owner.default = dflt;
    }
  }

  function treeRow(tr, depth) {
    const label = tr.querySelector(':scope > .td.key > .key-label');
    if (!label || label.classList.contains('xxx-of-key')) return null;
    const name = label.textContent.replace(NAME_MARKS, '').trim();
    const star = tr.querySelector(':scope > .td.key > .key-label + span');
    const required = label.textContent.includes('*') || !!star?.textContent.includes('*');
    const cell = tr.querySelector(':scope > .td.key-descr');
    const primitive = tr.classList.contains('primitive');
    const spans = primitive && cell ? cell.querySelectorAll(':scope > .m-markdown-small') : [];
    const descr = described(primitive ? spans[spans.length - 1] : cell);
    const {dflt, constraints} = primitive ? primitiveFacts(tr) : {dflt: null, constraints: null};
    return row(name, depth, treeType(tr), !required, descr, {
      deprecated: tr.title === 'Deprecated', default: dflt,
      constraints: [...descr.constraints, constraints].filter(Boolean).join('; ') || null});
  }

  // A plain-type row's `Constraints:`, `Default:`, `Allowed:` and `Pattern:` lines.
  function primitiveFacts(tr) {
    let dflt = null;
    const rest = [];
    for (const div of tr.querySelectorAll(':scope > .td.key-descr > div')) {
      const key = squash(div.querySelector('.bold-text')?.textContent);
      const value = squash(div.textContent).slice(key.length).trim();
      if (key === 'Default:') dflt = value;
      else rest.push(`${key === 'Constraints:' ? '' : key + ' '}${value.replace(/\s*┃\s*/g, ', ')}`);
    }
    return {dflt, constraints: rest.join('; ') || null};
  }

  function treeType(tr) {
    const bracket = tr.querySelector(':scope > .td.key > .open-bracket');
    if (bracket) {
      if (bracket.classList.contains('array-of-object')) return 'array of objects';
      if (bracket.classList.contains('array-of-array')) return 'array of arrays';
      return bracket.classList.contains('array') ? 'array' : 'object';
    }
    const type = tr.querySelector(':scope > .td.key > span:not(.key-label):not(.xxx-of-descr):not(.open-bracket)[class]');
    return squash(type?.textContent).replace(/🆁|🆆/g, '').replace(/\s*┃\s*/g, ' | ').trim() || null;
  }

  // The request: parameter tables by title, then the body (every media type the body's select offers).
  async function requestGroups(op, maxDepth) {
    const req = op.querySelector(SEL.request);
    if (!req || !req.shadowRoot) return [];
    const root = req.shadowRoot;
    const groups = [];
    for (const title of root.querySelectorAll(SEL.tableTitle)) {
      const known = PARAM_GROUPS[squash(title.textContent)];
      const table = known && title.nextElementSibling?.querySelector('table');
      if (table) groups.push({key: known[0], title: known[1], encoding: null, properties: tableRows(table)});
    }
    const select = root.querySelector(SEL.mimeSelect);
    const mimes = select ? [...select.options].map(o => o.value) : [null];
    for (const mime of mimes) {
      if (mime !== null && select.value !== mime) {
        select.value = mime;
        select.dispatchEvent(new Event('change'));
        await settled(req.shadowRoot);
      }
      const body = root.querySelector(SEL.bodyContainer);
      if (!body) continue;
      const tree = body.querySelector(SEL.schemaTree);
      const form = body.querySelector(SEL.formTable);
      const properties = tree ? treeRows(tree, maxDepth) : form ? tableRows(form) : [];
      if (properties.length) groups.push({key: 'body', title: 'Request body', properties,
                                          encoding: body.dataset.selectedRequestBodyType || mime});
    }
    return groups;
  }

  // CODE SAMPLES: the tab label `Python (Streaming)` is lang `python`, variant `Streaming`; a panel's pre holds
  // the exact code whether it is the shown tab or not.
  function samples(op) {
    const byVariant = new Map();
    for (const btn of op.querySelectorAll(SEL.sampleButtons)) {
      const panel = [...op.querySelectorAll('.tab-content[data-tab]')].find(p => p.dataset.tab === btn.dataset.tab);
      const pre = panel && panel.querySelector('pre');
      if (!pre) continue;
      const label = squash(btn.textContent);
      const m = label.match(/^(.*?)\s*\((.*)\)$/);
      const [lang, variant] = m ? [m[1].toLowerCase(), m[2]] : [label.toLowerCase(), ''];
      if (!byVariant.has(variant)) byVariant.set(variant, {variant, request: {}, labels: {}});
      const ex = byVariant.get(variant);
      if (!(lang in ex.request)) { ex.request[lang] = pre.textContent; ex.labels[lang] = label; }
    }
    return [...byVariant.values()];
  }

  // Response examples per status and media type, as api-response renders them (json-tree's data, whose Copy
  // gives JSON.stringify(data, null, 2); other formats in a pre as they are). The status buttons, media-type
  // select and example select pick among these; the component holds all of them.
  function responses(op) {
    const res = op.querySelector(SEL.response);
    const all = res && res.mimeResponsesForEachStatus;
    if (!all) return [];
    const out = [];
    for (const [status, byMime] of Object.entries(all)) {
      for (const [mime, detail] of Object.entries(byMime || {})) {
        const examples = detail.examples || [];
        for (const ex of examples) {
          const value = ex.exampleValue;
          const code = ex.exampleFormat === 'json' ? JSON.stringify(value, null, 2) ?? '' : String(value ?? '');
          const name = examples.length > 1 ? ` (${squash(ex.exampleSummary) || ex.exampleId})` : '';
          if (code.trim()) out.push({label: `${status} ${mime}${name}`, code: code.replace(/\n+$/, '')});
        }
      }
    }
    return out;
  }

  async function read(id, tags, maxDepth, leftMs) {
    const op = await focus(id, leftMs);
    const descr = described(op.querySelector(SEL.description));
    const examples = samples(op);
    const resp = responses(op);
    if (resp.length) {
      if (!examples.length) examples.push({variant: '', request: {}, labels: {}});
      examples[0].responses = resp;
    }
    return {
      method: squash(op.querySelector(SEL.method)?.textContent).toUpperCase(),
      path: squash(op.querySelector(SEL.path)?.textContent),
      title: squash(op.querySelector(SEL.summary)?.textContent) || null,
      description: descr.text, description_html: descr.html,
      deprecated: op.classList.contains('deprecated'),
      tags, operation_id: null, anchor: '#' + id,
      groups: await requestGroups(op, maxDepth),
      examples,
    };
  }

  return {operations, read};
})();
