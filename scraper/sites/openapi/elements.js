// apiref's reader for Stoplight Elements (9.x, <elements-api>): one route at a time, so every call works on the
// operation the hash route shows. Elements is React + react-aria: element.click() is a "virtual" press that its
// buttons, menus and tabs accept, and its hidden native <select> beside each picker takes a change event.
window.__apiref_renderer = (() => {
  const SEL = {
    sidebar: '.sl-elements-api > div:first-child',
    group: 'div[title]',                                  // a collapsed tag group (outside any link)
    item: 'a.ElementsTableOfContentsItem[href^="#/operations/"]',
    left: '[data-testid=two-column-left]',
    right: '[data-testid=two-column-right]',
    description: '.HttpOperation__Description',
    deprecated: '[data-testid=badge-deprecated]',
    url: 'div[title]',                                    // the method + server + path line under the h1
    viewer: '.JsonSchemaViewer',
    row: '[data-test=schema-row]',
    name: '[data-test^="property-name-"]',
    type: '[data-test=property-type]',
    required: '[data-test=property-required]',
    rowDeprecated: '[data-test=property-deprecated]',
    rowDescription: '[data-test=property-description]',
    validation: '[data-test=property-validation]',
    pick: 'button[aria-label="Pick a type"]',
    sampleButton: '[aria-label="Request Sample Language"]',
    menu: '[role=menu]',
    menuItem: '[role=menuitemcheckbox]',
    code: 'pre[aria-label]',
    tab: '[role=tab]',
    responseType: 'button[aria-label="Response Body Content Type"]',
  };
  const SHOW_ALL = 'Show all...';      // the link that untruncates a long description
  const GROUP_KEYS = ['path', 'query', 'header', 'cookie', 'body'];  // in the h3 above each viewer ("Query Parameters")
  const SETTLE_MS = 400;               // a code sample that has not changed by then is what the choice shows
  const ROUTE_MS = 15000;              // a route renders in well under a second even on a big spec
  const POLL_MS = 4;                   // React commits within a few ms of a virtual press

  const sleep = ms => new Promise(r => setTimeout(r, ms));
  const tick = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const squash = s => s.replace(/\s+/g, ' ').trim();
  const text = el => (el ? squash(el.textContent) : '');

  async function until(fn, ms) {
    const end = Date.now() + ms;
    for (;;) {
      const v = fn();
      if (v || Date.now() > end) return v;
      await sleep(POLL_MS);
    }
  }

  // ------------------------------------------------------------------ sidebar
  async function toc() {
    const side = document.querySelector(SEL.sidebar);
    for (let round = 0; round < 5; round++) {            // groups can nest: open until none is left closed
      const closed = [...side.querySelectorAll(SEL.group)].filter(g => !g.closest('a') && !g.dataset.apirefOpen);
      if (!closed.length) break;
      for (const g of closed) { g.dataset.apirefOpen = '1'; g.click(); }
      await tick();
    }
    const out = [];
    let group = null;
    for (const el of side.querySelectorAll(`${SEL.group}, ${SEL.item}`)) {
      if (el.matches(SEL.item)) {
        const tag = group && group.parentElement.contains(el) ? group.getAttribute('title') : null;
        out.push({href: el.getAttribute('href'), title: el.querySelector('[title]').getAttribute('title'),
                  tag});
      } else if (!el.closest('a')) {
        group = el;
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ one operation
  // The new route shows once a heading anchor of the operation exists (`/operations/<id>#Request`); an operation
  // without any shows once its h1 carries the summary and the route had a moment to replace the old one.
  async function route(href, title) {
    const id = decodeURIComponent(href.slice(1));
    const start = Date.now();
    if (location.hash !== href) location.hash = href;
    const anchored = () => [...document.querySelectorAll(`${SEL.left} [id]`)].some(e => e.id.startsWith(id + '#'));
    const titled = () => Date.now() - start > 500 && text(document.querySelector('h1')) === squash(title);
    if (!await until(() => anchored() || titled(), ROUTE_MS)) throw new Error(`route ${href} did not render`);
  }

  async function operation(href, title, maxDepth) {
    await route(href, title);
    const left = document.querySelector(SEL.left);
    const main = left.parentElement.closest('.HttpOperation') || document;
    const urlLine = [...main.querySelectorAll(SEL.url)].find(e => /^https?:|^\//.test(e.getAttribute('title')));
    const spans = urlLine ? urlLine.querySelectorAll('span') : [];
    const desc = main.querySelector(SEL.description);
    const op = {
      title: text(main.querySelector('h1')),
      method: text(urlLine && urlLine.querySelector('.sl-uppercase')).toUpperCase(),
      path: spans.length ? spans[spans.length - 1].textContent : '',
      description: desc ? desc.innerText.trim() : null,
      description_html: desc ? desc.innerHTML : null,
      deprecated: !!main.querySelector(SEL.deprecated),
      groups: requestGroups(left, maxDepth),
    };
    op.samples = await samples();       // waits for the right column, which shows the response examples too
    op.responses = await responses(left);
    return op;
  }

  // ------------------------------------------------------------------ parameters and body
  function requestPart(left) {
    const responses = [...left.querySelectorAll('h2')].find(h => h.getAttribute('aria-label') === 'Responses');
    return [...left.querySelectorAll(SEL.viewer)].filter(v => !responses ||
      (v.compareDocumentPosition(responses) & Node.DOCUMENT_POSITION_FOLLOWING));
  }

  function headingOf(viewer, left) {
    let found = null;
    for (const h of left.querySelectorAll('h3')) {
      if (h.compareDocumentPosition(viewer) & Node.DOCUMENT_POSITION_FOLLOWING) found = h; else break;
    }
    return found;
  }

  function requestGroups(left, maxDepth) {
    const groups = [];
    for (const viewer of requestPart(left)) {
      const h = headingOf(viewer, left);
      const title = h ? (h.getAttribute('aria-label') || text(h)) : '';
      const key = GROUP_KEYS.find(word => title.toLowerCase().includes(word));
      if (!key) continue;
      const typeButton = key === 'body' ? h.parentElement.parentElement.querySelector('button[aria-haspopup=listbox]') : null;
      const top = viewer.querySelector('[data-level="0"]');
      const rows = [];
      if (top) walkLevel(top, 0, rows, maxDepth);
      groups.push({key, title, encoding: typeButton ? text(typeButton) : null, properties: rows});
    }
    return groups;
  }

  const ownRows = level => [...level.children].filter(c => c.matches(SEL.row));
  const own = (row, sel) => [...row.querySelectorAll(sel)].filter(e => e.closest(SEL.row) === row);
  const childLevel = row => {
    const next = row.nextElementSibling;
    return next && next.hasAttribute('data-level') ? next : null;
  };

  // React (16, legacy mode) renders a state change made in its own event handler before dispatch returns: a
  // chevron, "Show all..." or a picker's change is in the DOM as soon as the click or change event returns.
  function walkLevel(level, depth, out, maxDepth) {
    for (const row of ownRows(level)) walkRow(row, depth, out, maxDepth);
  }

  // A row without a name (an array's oneOf items) is no property: its branches' rows are at its own depth.
  function walkRow(row, depth, out, maxDepth) {
    const named = own(row, SEL.name).length > 0;
    showAll(row);
    if (named) out.push(readRow(row, depth));
    const childDepth = named ? depth + 1 : depth;
    if (childDepth > maxDepth) return;
    const pick = own(row, SEL.pick)[0];
    const select = hiddenSelect(pick);
    const branches = select ? [...select.options].filter(o => o.value !== '').map(o => o.value) : [null];
    for (const branch of branches) {
      if (branch !== null && select.value !== branch) choose(select, branch);
      const kids = expand(row);
      if (kids) walkLevel(kids, childDepth, out, maxDepth);
    }
  }

  // The native <select> react-aria keeps beside a picker button (for forms and autofill): its options are the
  // picker's choices and a change event makes the choice, no listbox popup needed.
  function hiddenSelect(button) {
    const box = button && button.closest('.sl-select');
    return box ? box.querySelector('select') : null;
  }

  function choose(select, value) {
    Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(select, value);
    select.dispatchEvent(new Event('change', {bubbles: true}));
  }

  function expand(row) {
    let kids = childLevel(row);
    if (kids) return kids;
    const toggle = own(row, '[role=button]')[0];
    if (!toggle) return null;
    toggle.click();
    return childLevel(row);
  }

  function showAll(row) {
    const links = own(row, 'a').filter(a => a.textContent.trim() === SHOW_ALL);
    if (!links.length) return;
    links.forEach(a => a.click());
  }

  function readRow(row, depth) {
    const name = own(row, SEL.name)[0];
    const pick = own(row, SEL.pick)[0];
    const select = hiddenSelect(pick);
    const types = select ? [...select.options].filter(o => o.value !== '').map(o => o.textContent.trim())
      : own(row, SEL.type).map(text);
    const desc = own(row, SEL.rowDescription)[0];
    let dflt = null;
    const constraints = [];
    for (const v of own(row, SEL.validation)) {
      const parts = [...v.querySelectorAll('span')].map(text).filter(Boolean);
      if (parts[0] === 'Default:') dflt = parts.slice(1).join(', ');
      else if (parts[0] === 'Example:' || parts[0] === 'Examples:') continue;
      else constraints.push(parts[0] && parts[0].endsWith(':') ? `${parts[0]} ${parts.slice(1).join(', ')}` : parts.join(', '));
    }
    return {
      name: name ? name.firstChild ? name.firstChild.textContent.trim() : text(name) : null,
      depth,
      type: [...new Set(types)].join(' or '),
      optional: !own(row, SEL.required).length,
      description: desc ? desc.innerText.trim() : null,
      description_html: desc ? desc.innerHTML : null,
      deprecated: !!own(row, SEL.rowDeprecated).length,
      default: dflt,
      constraints: constraints.join('; ') || null,
      expandable: !!own(row, '[role=button]').length || !!select,
    };
  }

  // ------------------------------------------------------------------ response examples
  const responseCode = () => {
    const right = document.querySelector(SEL.right);
    const button = right && right.querySelector(SEL.sampleButton);
    return right ? [...right.querySelectorAll(SEL.code)].filter(p => !button || !sameCard(button, p)) : [];
  };

  function sameCard(button, pre) {
    let p = button;
    while (p && !p.querySelector(SEL.code)) p = p.parentElement;
    return !!p && p.querySelector(SEL.code) === pre;
  }

  async function responses(left) {
    const out = [];
    const tabs = [...left.querySelectorAll(SEL.tab)];
    for (const tab of tabs.length ? tabs : [null]) {
      if (tab && tab.getAttribute('aria-selected') !== 'true') { tab.click(); await tick(); }
      const status = tab ? tab.dataset.key || text(tab) : '';
      const typeButton = left.querySelector(SEL.responseType);
      const select = hiddenSelect(typeButton);
      const types = select ? [...select.options].filter(o => o.value !== '') : [null];
      for (const t of types) {
        if (t && select.value !== t.value) choose(select, t.value);
        const media = t ? t.textContent.trim() : '';
        for (const pre of responseCode()) {
          out.push({label: [status, media].filter(Boolean).join(' '), code: pre.getAttribute('aria-label')});
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ request samples
  // The menu lists Elements' built-in languages (some with a submenu of libraries) and one entry per label of an
  // x-codeSample whose lang is not built in (all of one lang show its first sample). A built-in language with
  // spec samples shows its last one for every library; otherwise each library shows code Elements generated,
  // which is no spec sample and is left out. Which entries hold spec samples: the code panel's own props say
  // (`givenSamples`), one pick per such entry; without them, `guessedSamples` compares two libraries per language
  // (18 picks an operation instead of about 4). The code itself is always read from the page.
  const BUILT_IN_PLAIN = new Set(['Go', 'C', 'Obj-C', 'OCaml', 'Clojure', 'Kotlin', 'R', 'Ruby', 'Swift']);
  const STEADY_MS = 150;               // the code panel's late update after a route comes within a frame or two

  async function openMenu() {
    const button = document.querySelector(SEL.sampleButton);
    for (let i = 0; i < 20; i++) {
      if (!document.querySelector(SEL.menu)) button.click();
      if (await until(() => document.querySelector(`${SEL.menu} ${SEL.menuItem}`), 150)) return true;
    }
    throw new Error('the Request Sample menu did not open');
  }

  function currentCode() {
    const button = document.querySelector(SEL.sampleButton);
    let p = button;
    while (p && !p.querySelector(SEL.code)) p = p.parentElement;
    return p ? p.querySelector(SEL.code).getAttribute('aria-label') : null;
  }

  // Choose a menu entry: `library` null takes the entry itself, or its first library when it has a submenu.
  async function pickEntry(title, library) {
    await openMenu();
    const top = [...document.querySelector(SEL.menu).querySelectorAll(SEL.menuItem)].find(i => text(i) === title);
    if (!top) throw new Error(`no Request Sample entry ${title}`);
    if (!top.getAttribute('aria-haspopup')) top.click();
    else {
      top.focus();
      top.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true}));
      const sub = await until(() => {
        const menus = document.querySelectorAll(SEL.menu);
        const items = menus.length > 1 ? [...menus[menus.length - 1].querySelectorAll(SEL.menuItem)] : [];
        return library === null ? items[0] : items.find(i => text(i) === library);
      }, 1000);
      if (!sub) throw new Error(`no Request Sample library ${title} / ${library}`);
      sub.click();
    }
  }

  // Pick, then the code once it differs from `before` (generated code arrives a moment after the pick).
  async function pickChange(title, library, before) {
    await pickEntry(title, library);
    await until(() => currentCode() !== before, SETTLE_MS);
    return currentCode();
  }

  // A language's libraries are Elements' own list: read each submenu once per page.
  const librariesOf = new Map();

  async function menuEntries() {
    await openMenu();
    const items = [...document.querySelector(SEL.menu).querySelectorAll(SEL.menuItem)];
    const out = [];
    for (const item of items) {
      const title = text(item);
      if (item.getAttribute('aria-haspopup') && !librariesOf.has(title)) librariesOf.set(title, await submenu(item));
      out.push({title, libraries: item.getAttribute('aria-haspopup') ? librariesOf.get(title) : []});
    }
    document.querySelector(SEL.sampleButton).click();
    await until(() => !document.querySelector(SEL.menu), 500);
    return out;
  }

  async function submenu(item) {
    item.focus();
    item.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true}));
    const sub = await until(() => {
      const menus = document.querySelectorAll(SEL.menu);
      return menus.length > 1 && menus[menus.length - 1].querySelectorAll(SEL.menuItem).length
        ? menus[menus.length - 1] : null;
    }, 1000);
    const libraries = sub ? [...sub.querySelectorAll(SEL.menuItem)].map(text) : [];
    item.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowLeft', bubbles: true}));
    await until(() => document.querySelectorAll(SEL.menu).length < 2, 500);
    return libraries;
  }

  // Elements' built-in languages by the x-codeSample lang (lower-cased) that replaces their generated code.
  const BUILT_IN = {shell: 'Shell', javascript: 'JavaScript', node: 'Node', python: 'Python', go: 'Go', c: 'C',
    objc: 'Obj-C', ocaml: 'OCaml', csharp: 'C#', java: 'Java', http: 'Http', clojure: 'Clojure', kotlin: 'Kotlin',
    php: 'PHP', powershell: 'Powershell', r: 'R', ruby: 'Ruby', swift: 'Swift'};

  // The samples the code panel was given (its React props: {lang, label, source, lib}), or null when this build
  // of Elements does not expose them; they say which menu entries hold a spec sample, the page shows the code.
  function givenSamples() {
    const button = document.querySelector(SEL.sampleButton);
    const key = button && Object.keys(button).find(k => /^__react(Fiber|InternalInstance)\$/.test(k));
    for (let f = key ? button[key] : null; f; f = f.return) {
      const props = f.memoizedProps;
      if (props && Array.isArray(props.customCodeSamples)) return props.customCodeSamples;
    }
    return null;
  }

  // The entry showing each spec sample and the source it shows: a built-in language's own entry (its last
  // sample), else the entry of the first sample of that lang (named by its label; later labels show the same).
  function sampleEntries(given) {
    const picks = new Map();
    for (const s of given) {
      const builtIn = BUILT_IN[String(s.lang).toLowerCase()];
      const key = builtIn || 'custom:' + s.lang;
      if (!builtIn && picks.has(key)) continue;
      picks.set(key, {title: builtIn || s.label, library: null, custom: !builtIn, source: String(s.source)});
    }
    return [...picks.values()];
  }

  // The code panel keeps the last code until the new one arrives, so each read waits for the code the props say
  // the entry shows (trailing newlines aside); a page that shows something else is read as it is after SETTLE_MS.
  // The entry already chosen (the choice is global) needs no pick.
  async function samples() {
    if (!await until(() => document.querySelector(SEL.sampleButton) && currentCode() !== null, 3000)) return [];
    const given = givenSamples();
    if (!given) return guessedSamples(await menuEntries());
    const out = [];
    for (const e of sampleEntries(given)) {
      const shows = () => (currentCode() || '').trimEnd() === e.source.trimEnd();
      const shown = text(document.querySelector(SEL.sampleButton));
      const chosen = !e.custom && (shown.endsWith(`: ${e.title}`) || shown.includes(`: ${e.title} / `));
      if (!(chosen && await until(shows, SETTLE_MS))) {
        await pickEntry(e.title, e.library);
        await until(shows, SETTLE_MS);
      }
      out.push({label: e.title, code: currentCode(), custom: e.custom});
    }
    return out;
  }

  // The code once it stopped changing: after a route the panel may still show the previous operation's code.
  async function steadyCode() {
    let code = currentCode();
    for (let since = Date.now(); Date.now() - since < STEADY_MS; await sleep(POLL_MS)) {
      if (currentCode() !== code) { code = currentCode(); since = Date.now(); }
    }
    return code;
  }

  // Without the panel's props: a language whose first two libraries show the same code shows a spec sample; an
  // entry without a submenu that is no built-in language is a custom one (a lang Elements does not know).
  async function guessedSamples(entries) {
    const custom = entries.filter(e => !e.libraries.length && !BUILT_IN_PLAIN.has(e.title));
    const multi = entries.filter(e => e.libraries.length > 1);
    // Consecutive choices always change the code (another language), so a stale read cannot pass for "same".
    const firsts = [];
    let code = await steadyCode();
    for (const e of multi) { code = await pickChange(e.title, e.libraries[0], code); firsts.push(code); }
    const out = [];
    for (const [i, e] of multi.entries()) {
      code = await pickChange(e.title, e.libraries[1], code);
      if (code === firsts[i]) out.push({label: e.title, code, custom: false});
    }
    // Entries of one custom lang all show its first sample: a built-in pick between two of them keeps each
    // read a change, so no read waits out SETTLE_MS.
    const seen = new Set();
    let last = null;
    for (const e of custom) {
      if (last && multi.length) code = await pickChange(multi[0].title, multi[0].libraries[0], code);
      code = await pickChange(e.title, null, code);
      if (!seen.has(code)) out.push({label: e.title, code, custom: true});
      seen.add(code);
      last = e;
    }
    return out;
  }

  return {toc, operation};
})();
