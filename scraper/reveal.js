// apiref's in-page reveal script. Evaluated once in the page; defines window.__apiref, whose functions the
// Python side calls a few times per phase (render lazy sections, expand one level, discover languages, sweep one
// language, extract a batch of sections). Every selector comes from the site profile given to init(); nothing
// here knows the site. All work happens inside the page: one round trip per phase, not one per element.
(() => {
  'use strict';
  const FRAME_FALLBACK_MS = 50; // rAF does not fire in a hidden page; never wait longer than this for a frame
  const MAX_CUT_IDS = 300; // row ids recorded per cut, enough to say where without bloating the manifest
  let P = null; // the profile
  let sections = []; // section elements, in page order
  let frontier = []; // parameter tables whose rows are at the current expand level
  const cutReason = new Map(); // row id -> why its button stayed closed
  const plan = []; // one entry per (section, variant): {sec, vi, langs}
  const samples = new Map(); // section index -> {variants, request: [{lang: {code, tag}}], response: []}

  const tick = () => new Promise((resolve) => {
    let done = false;
    const go = () => { if (!done) { done = true; resolve(); } };
    requestAnimationFrame(go);
    setTimeout(go, FRAME_FALLBACK_MS);
  });

  // Wait for fn() to be truthy: at once, after a microtask, then frame by frame up to P.waits.settle_ms.
  async function until(fn) {
    let v = fn();
    if (v) return v;
    await Promise.resolve();
    v = fn();
    const end = performance.now() + P.waits.settle_ms;
    while (!v && performance.now() < end) {
      await tick();
      v = fn();
    }
    return v;
  }

  // Activate a control as a user's click does. With the profile's activation "pointer", the pointer and mouse
  // events of a press come first: many component libraries open menus on pointerdown and ignore a bare click().
  const PRESS = {bubbles: true, cancelable: true, composed: true, button: 0, pointerId: 1, pointerType: 'mouse', isPrimary: true};
  function press(el) {
    if (P.page.activation === 'pointer') {
      el.dispatchEvent(new PointerEvent('pointerdown', {...PRESS, buttons: 1}));
      el.dispatchEvent(new MouseEvent('mousedown', {...PRESS, buttons: 1}));
      el.dispatchEvent(new PointerEvent('pointerup', {...PRESS, buttons: 0}));
      el.dispatchEvent(new MouseEvent('mouseup', {...PRESS, buttons: 0}));
    }
    el.click();
  }

  const q = (el, sel) => (sel ? el.querySelector(sel) : null);
  const qa = (el, sel) => (sel ? [...el.querySelectorAll(sel)] : []);
  const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : '');
  const heading = (sec) => q(sec, P.sections.heading);
  const sectionId = (sec) => { const h = heading(sec); return h ? h.getAttribute(P.sections.id_attr) || h.id || '' : ''; };

  function init(profile) {
    P = profile;
    sections = qa(document, P.sections.section).filter((s) => heading(s));
    frontier = [];
    cutReason.clear();
    plan.length = 0;
    samples.clear();
    return {sections: sections.length};
  }

  // ---------------------------------------------------------------- lazy sections
  // Scroll each section whose body is still a placeholder into view until it renders: at most `maxSteps`
  // sections per call (the caller reports progress between calls), never past `deadline` (epoch ms).
  async function renderLazy(deadline, maxSteps) {
    const pending = () => sections.filter((s) => q(s, P.sections.lazy_placeholder));
    let left = pending(), steps = 0;
    while (left.length && steps < maxSteps && Date.now() < deadline) {
      const target = left[0];
      target.scrollIntoView({block: 'start'});
      await until(() => !q(target, P.sections.lazy_placeholder));
      steps++;
      left = left.filter((s) => q(s, P.sections.lazy_placeholder));
    }
    if (!left.length) {
      const scroller = P.page.scroller && q(document, P.page.scroller);
      if (scroller) scroller.scrollTop = 0; else window.scrollTo(0, 0);
    }
    return {pending: left.map(sectionId), total: sections.length};
  }

  // ---------------------------------------------------------------- expanding parameter rows
  const rowsOf = (table) => qa(table, ':scope > ' + P.params.row);
  const buttonOf = (row) => q(row, P.params.expand_button);
  const isOpen = (btn) => btn.getAttribute(P.params.expanded_attr) === 'true';
  const childTable = (row) => q(row, ':scope > ' + P.params.table) || (buttonOf(row) && document.getElementById(
    buttonOf(row).getAttribute('aria-controls') || '\u0000'));

  function topTables() {
    const out = [];
    for (const sec of sections) {
      const left = q(sec, P.sections.left);
      if (!left) continue;
      for (const block of qa(left, P.sections.param_block)) {
        if (blockTitle(block) === P.sections.returns_title) continue;
        const t = block.matches(P.params.table) ? block : q(block, ':scope > ' + P.params.table);
        if (t) out.push(t);
      }
    }
    return out;
  }

  function blockTitle(block) {
    return block.matches(P.params.table) ? '' : text(q(block, P.sections.param_block_title));
  }

  // Expand every closed button of the rows at `depth`, within the budgets; return what was done and cut.
  async function expandLevel(depth, maxDepth, clicksLeft, deadline) {
    if (depth === 0) frontier = topTables();
    const rows = frontier.flatMap(rowsOf);
    const closed = rows.filter((r) => buttonOf(r) && !isOpen(buttonOf(r)));
    const clicked = [], cut = {depth: [], clicks: [], time: []};
    for (const row of closed) {
      const why = depth >= maxDepth ? 'depth' : clicked.length >= clicksLeft ? 'clicks'
        : clicked.length % 64 === 0 && Date.now() > deadline ? 'time' : null;
      if (why) { cut[why].push(row.id); cutReason.set(row.id, why); continue; }
      press(buttonOf(row));
      clicked.push(row);
    }
    const opened = (r) => isOpen(buttonOf(r)) && childTable(r);
    await until(() => clicked.every(opened));
    for (const row of clicked.filter((r) => !opened(r))) { cut.time.push(row.id); cutReason.set(row.id, 'time'); }
    frontier = rows.map(childTable).filter(Boolean);
    const cuts = Object.entries(cut).filter(([, ids]) => ids.length)
      .map(([reason, ids]) => ({reason, count: ids.length, where: ids.slice(0, MAX_CUT_IDS)}));
    return {rows: rows.length, clicks: clicked.length, next: frontier.length, cuts};
  }

  // ---------------------------------------------------------------- dropdowns
  function listFor(btn) {
    const id = btn.getAttribute('aria-controls');
    const byId = id && document.getElementById(id);
    if (byId) return byId;
    const near = btn.parentElement && q(btn.parentElement, P.samples.option_list);
    if (near) return near;
    const all = qa(document, P.samples.option_list);
    const shown = all.filter((l) => l.getClientRects().length);
    return shown[shown.length - 1] || all[all.length - 1] || null; // a portal: the newest (visible) list
  }

  async function openList(btn) {
    if (btn.getAttribute('aria-expanded') !== 'true') press(btn);
    return until(() => btn.getAttribute('aria-expanded') === 'true' && listFor(btn));
  }

  // Close a dropdown: its button toggles it; Escape is the fallback for lists that only close that way.
  async function closeList(btn) {
    const closed = () => !btn.isConnected || btn.getAttribute('aria-expanded') !== 'true';
    if (!closed()) press(btn);
    if (await until(closed)) return;
    const list = listFor(btn);
    for (const el of [list, btn]) if (el) el.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}));
    await until(closed);
  }

  async function readOptions(btn) {
    const list = await openList(btn);
    const names = list ? qa(list, P.samples.option).map(text) : [];
    await closeList(btn);
    return names;
  }

  // Pick option `want` (text or index) from the dropdown found by findBtn(); true when it took effect.
  async function choose(findBtn, want) {
    const btn = findBtn();
    if (!btn) return false;
    const list = await openList(btn);
    const opts = list ? qa(list, P.samples.option) : [];
    const opt = typeof want === 'number' ? opts[want] : opts.find((o) => text(o) === want);
    if (!opt) { await closeList(btn); return false; }
    const name = text(opt);
    press(opt);
    return !!(await until(() => { const b = findBtn(); return b && text(q(b, P.samples.current_value) || b) === name; }));
  }

  // ---------------------------------------------------------------- code samples
  const examplesOf = (sec) => q(sec, P.samples.examples);
  const sampleTitle = (s) => text(q(s, P.samples.sample_title));
  const samplesOf = (sec) => { const e = examplesOf(sec); return e ? qa(e, ':scope > ' + P.samples.sample) : []; };
  const requestOf = (sec) => samplesOf(sec).find((s) => sampleTitle(s) === P.samples.request_title);
  const responseOf = (sec) => samplesOf(sec).find((s) => sampleTitle(s) === P.samples.response_title);
  const variantBtn = (sec) => { const e = examplesOf(sec); return e && q(e, P.samples.variant_picker); };

  const codeOf = (sample) => codeText(q(sample, P.samples.code));

  function codeText(code) {
    if (!code) return null;
    const c = code.cloneNode(true);
    qa(c, P.samples.gutter).forEach((n) => n.remove());
    const cls = [...code.classList, ...(code.parentElement ? code.parentElement.classList : [])]
      .find((k) => k.startsWith('language-'));
    return {code: c.textContent.replace(/\s+$/, ''), tag: cls ? cls.slice(9) : ''};
  }

  function shownLang(sample) {
    const btn = q(sample, P.samples.language_picker);
    if (btn) return text(q(btn, P.samples.current_value) || btn);
    return text(q(sample, P.samples.single_language));
  }

  function record(i, vi) {
    const sec = sections[i], got = samples.get(i), req = requestOf(sec), resp = responseOf(sec);
    if (req) {
      const lang = shownLang(req), c = codeOf(req);
      if (c && lang && !(lang in got.request[vi])) got.request[vi][lang] = c;
    }
    if (got.response[vi] === undefined) { const c = resp && codeOf(resp); got.response[vi] = c ? c.code : null; }
  }

  async function setVariant(i, vi) {
    const sec = sections[i];
    return choose(() => variantBtn(sec), vi);
  }

  // Visit every (section, variant): read the sample shown and the languages its picker offers.
  async function discover() {
    let languages = [];
    for (let i = 0; i < sections.length; i++) {
      const sec = sections[i];
      if (!examplesOf(sec) || (!requestOf(sec) && !responseOf(sec) && !variantBtn(sec))) continue;
      const vb = variantBtn(sec);
      const variants = vb ? await readOptions(vb) : [P.samples.default_variant];
      samples.set(i, {variants, request: variants.map(() => ({})), response: variants.map(() => undefined)});
      for (let vi = 0; vi < variants.length; vi++) {
        if (vi > 0) await setVariant(i, vi);
        const req = requestOf(sec), lb = req && q(req, P.samples.language_picker);
        const langs = lb ? await readOptions(lb) : req ? [shownLang(req)].filter(Boolean) : [];
        plan.push({i, vi, langs});
        languages = languages.concat(langs.filter((l) => !languages.includes(l)));
        record(i, vi);
      }
      if (variants.length > 1) await setVariant(i, 0);
    }
    return {languages, samples: plan.length};
  }

  // Choose `lang` once (the choice is global), then read every (section, variant) that offers it. A sample that
  // lacks `lang` shows another language; it is read when that language's turn comes.
  async function sweep(lang) {
    const todo = plan.filter((p) => p.langs.includes(lang) && !(lang in samples.get(p.i).request[p.vi]));
    if (!todo.length) return {read: 0, chosen: true};
    if (!(await chooseLang(todo, lang))) return {read: 0, chosen: false};
    let last = -1;
    for (const p of todo) {
      if (last !== -1 && last !== p.i) await resetVariant(last);
      if (samples.get(p.i).variants.length > 1) await setVariant(p.i, p.vi);
      const sec = sections[p.i];
      await until(() => { const r = requestOf(sec); return r && shownLang(r) === lang; });
      record(p.i, p.vi);
      last = p.i;
    }
    if (last !== -1) await resetVariant(last);
    return {read: todo.length, chosen: true};
  }

  const CHOOSE_TRIES = 3; // pickers tried before a language counts as unselectable
  async function chooseLang(todo, lang) {
    for (const p of todo.slice(0, CHOOSE_TRIES)) {
      if (samples.get(p.i).variants.length > 1) await setVariant(p.i, p.vi);
      const ok = await choose(() => { const r = requestOf(sections[p.i]); return r && q(r, P.samples.language_picker); }, lang);
      await resetVariant(p.i);
      if (ok) return true;
    }
    return false;
  }

  async function resetVariant(i) {
    if (samples.get(i).variants.length > 1) await setVariant(i, 0);
  }

  // ---------------------------------------------------------------- extraction
  function unwrap(el) {
    if (!el) return '';
    const k = el.children;
    return (P.sections.unwrap && k.length === 1 && k[0].matches(P.sections.unwrap) ? k[0] : el).innerHTML.trim();
  }

  function readRow(row, depth) {
    const title = q(row, P.params.type_title), btn = buttonOf(row);
    const def = text(q(row, P.params.default));
    const child = childTable(row);
    const out = {
      id: row.id, kind: title ? 'type' : 'property', name: text(title || q(row, P.params.name)),
      type: text(q(row, P.params.type)), required: !!q(row, P.params.required), depth,
      default: def ? (def.startsWith(P.params.default_prefix) ? def.slice(P.params.default_prefix.length) : def) : null,
      deprecated: !!q(row, P.params.deprecated), desc: unwrap(q(row, P.params.description)),
      text: text(q(row, P.params.description)), rows: [], children: null, cut: null,
    };
    if (btn && child && isOpen(btn)) {
      out.rows = rowsOf(child).map((r) => readRow(r, depth + 1));
      out.children = out.rows.some((r) => r.kind === 'type') || text(btn).includes(P.params.types_label)
        ? 'possible types' : 'properties';
    } else if (btn) {
      out.cut = cutReason.get(row.id) || 'depth';
      out.children = text(btn).includes(P.params.types_label) ? 'possible types' : 'properties';
    }
    return out;
  }

  function cleanHtml(el) {
    const c = el.cloneNode(true);
    for (const sel of P.chrome) qa(c, sel).forEach((n) => n.remove());
    return c;
  }

  // Static/group bodies: the page's HTML with code samples and sub-headings replaced by neutral markers
  // (<pre data-apiref-code=N>, <h2 data-apiref-sub=ID>) that the Python side turns into section markup.
  function bodyOf(sec) {
    const c = sec.cloneNode(true);
    const h = q(c, P.sections.heading);
    if (h) h.remove();
    qa(c, P.sections.lazy_placeholder).forEach((n) => n.remove());
    const code = [];
    for (const block of qa(c, P.samples.code)) {
      if (!c.contains(block)) continue;
      const sample = block.closest(P.samples.sample);
      const outer = sample && c.contains(sample) ? sample : block.closest('pre') || block;
      const pre = document.createElement('pre');
      pre.setAttribute('data-apiref-code', String(code.length));
      code.push({...codeText(block), lang: outer === sample ? sampleTitle(sample) : ''});
      outer.replaceWith(pre);
    }
    for (const sub of qa(c, P.sections.subheading)) {
      const h2 = document.createElement('h2');
      h2.setAttribute('data-apiref-sub', sub.getAttribute(P.sections.id_attr) || sub.id || '');
      h2.textContent = text(sub);
      sub.replaceWith(h2);
    }
    const clean = cleanHtml(c);
    qa(clean, P.sections.unwrap).forEach((w) => w.replaceWith(...w.childNodes));
    return {html: clean.innerHTML.trim(), code};
  }

  function readSection(i) {
    const sec = sections[i], h = heading(sec), body = q(sec, P.sections.endpoint_body);
    const titleEl = q(h, P.sections.title);
    const out = {id: sectionId(sec), title: text(titleEl || h), badges: qa(h, P.sections.badge).map(text),
      endpoint: !!body, method: null, url: null, summary: '', tables: [], returns: null, samples: null,
      object: null, body: null};
    if (!body) { out.body = bodyOf(sec); return out; }
    const left = q(body, P.sections.left) || body;
    out.method = text(q(left, P.sections.method)) || null;
    out.url = text(q(left, P.sections.url)) || null;
    out.summary = unwrap(q(left, P.sections.summary));
    for (const block of qa(left, P.sections.param_block)) {
      const title = blockTitle(block);
      const t = block.matches(P.params.table) ? block : q(block, ':scope > ' + P.params.table);
      if (title === P.sections.returns_title) { out.returns = t ? rowsOf(t).map((r) => r.innerHTML).join('') : ''; continue; }
      if (t) out.tables.push({title, rows: rowsOf(t).map((r) => readRow(r, 0))});
    }
    const got = samples.get(i);
    if (got) out.samples = got;
    const obj = samplesOf(sec).find((s) => sampleTitle(s).startsWith(P.samples.object_title_prefix));
    if (obj) out.object = {title: sampleTitle(obj), ...codeOf(obj)};
    return out;
  }

  function extract(start, count) {
    const out = [];
    for (let i = start; i < Math.min(sections.length, start + count); i++) out.push(readSection(i));
    return out;
  }

  // Take the reference out of layout while revealing: otherwise the browser re-lays out the whole (huge) page
  // after every batch of clicks, which costs far more than the clicks. Lazy sections are rendered before this.
  let hidden = null;
  function hide() {
    hidden = P.page.offstage ? q(document, P.page.offstage) : null;
    if (hidden) hidden.style.setProperty('display', 'none', 'important');
    return !!hidden;
  }

  function show() {
    if (hidden) hidden.style.removeProperty('display');
    hidden = null;
    return true;
  }

  function pageBytes() {
    return new TextEncoder().encode(document.documentElement.outerHTML).length;
  }

  window.__apiref = {init, renderLazy, hide, show, expandLevel, discover, sweep, extract, pageBytes};
})();
