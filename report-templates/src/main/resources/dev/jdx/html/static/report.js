/*
 * jdx HTML report: the file browser, layer switching, copy buttons and the findings filter.
 * Inlined into the page and allowed by its CSP hash. Reads the file tree from the JSON block #jdx-tree
 * (format: see dev.jdx.html.TreeData) and renders it lazily: only the children of expanded directories become
 * DOM rows, at most PAGE per directory until "show more" is pressed, so 150,000 files never mean 150,000 rows.
 */
(function () {
  'use strict';
  var errors = [];
  window.__jdxErrors = errors;
  window.addEventListener('error', function (ev) { errors.push(String(ev.message || ev)); });

  var PAGE = 200;
  var SEARCH_PAGE = 300;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function human(b) {
    if (b < 1000) return b + ' B';
    var units = ['kB', 'MB', 'GB', 'TB', 'PB'];
    var v = b, u = -1;
    while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
    return (v >= 100 ? v.toFixed(0) : v.toFixed(1)) + ' ' + units[u];
  }

  /* ---------------------------------------------------------------- data */

  var T = {}, CHANGES = [], names, par, nameIdx, layers, emptied = [], nPaths = 0, nLayers = 0;

  /* Decodes the columns (see dev.jdx.html.TreeData): delta-encoded ids become absolute typed arrays. */
  function loadData() {
    var block = document.getElementById('jdx-tree');
    if (!block) return false;
    performance.mark('jdx-start');
    var d = JSON.parse(block.textContent);
    performance.mark('jdx-parsed');
    if (d.v !== 2) throw new Error('jdx: unsupported tree data version ' + d.v);
    d.types.forEach(function (t, i) { T[t] = i; });
    CHANGES = d.changes;
    names = d.names.split('/');
    nPaths = d.parent.length;
    par = new Int32Array(nPaths);
    nameIdx = new Int32Array(nPaths);
    var acc = 0;
    for (var i = 0; i < nPaths; i++) {
      acc += d.name[i];
      nameIdx[i] = acc;
      par[i] = i === 0 ? -1 : i - d.parent[i];
    }
    layers = d.layers.map(function (L) {
      var p = new Int32Array(L.n), a = 0;
      for (var k = 0; k < L.n; k++) { a += L.p[k]; p[k] = a; }
      return { n: L.n, p: p, t: L.t, s: L.s, m: L.m, u: L.u, g: L.g, c: L.c, x: L.x, l: L.l };
    });
    nLayers = layers.length;
    emptied = d.emptied || [];
    return true;
  }

  function parentOf(p) { return par[p]; }
  function nameOf(p) { return names[nameIdx[p]]; }
  function fullPath(p) {
    if (p === 0) return '/';
    var parts = [];
    while (p > 0) { parts.push(nameOf(p)); p = par[p]; }
    return '/' + parts.reverse().join('/');
  }
  function isMarkerType(t) { return t === T.whiteout || t === T.opaque; }

  /* One layer entry, as an object: only made for rows on screen. */
  function Entry(l, i) {
    var L = layers[l];
    this.layer = l; this.type = L.t[i]; this.size = L.s[i]; this.mode = L.m[i]; this.uid = L.u[i]; this.gid = L.g[i];
    this.change = CHANGES[L.c[i]]; this.shadowedBy = L.x[i];
    this.link = Object.prototype.hasOwnProperty.call(L.l, i) ? L.l[i] : null;
  }

  function modeString(type, mode) {
    var c = type === T.dir ? 'd' : type === T.symlink ? 'l' : type === T.char_device ? 'c'
      : type === T.block_device ? 'b' : type === T.fifo ? 'p' : '-';
    var rwx = 'rwxrwxrwx', s = c;
    for (var i = 0; i < 9; i++) s += (mode & (1 << (8 - i))) ? rwx[i] : '-';
    var a = s.split('');
    if (mode & 2048) a[3] = (mode & 64) ? 's' : 'S';
    if (mode & 1024) a[6] = (mode & 8) ? 's' : 'S';
    if (mode & 512) a[9] = (mode & 1) ? 't' : 'T';
    return a.join('');
  }

  /*
   * A view of the filesystem: the final one (layer = last, final = true), or the one as it stands after layer L,
   * either whole (with L's changes marked) or only L's own entries (onlyChanges).
   * Visible at L: a non-marker entry of a layer <= L whose shadowedBy is -1 or > L (LayerStack's semantics).
   */
  function View(layer, isFinal, onlyChanges) {
    this.layer = layer; this.isFinal = isFinal; this.onlyChanges = onlyChanges;
    this.entLayer = new Int16Array(nPaths).fill(-1);
    this.entIdx = new Int32Array(nPaths);
    this.markLayer = new Int16Array(nPaths).fill(-1);
    this.markIdx = new Int32Array(nPaths);
    this.present = new Uint8Array(nPaths);
    this.size = new Float64Array(nPaths);
    this.children = [];
    this.count = 0;
    var from = onlyChanges ? layer : 0;
    for (var l = from; l <= layer; l++) {
      var L = layers[l], ps = L.p, ts = L.t, xs = L.x, n = L.n;
      for (var i = 0; i < n; i++) {
        var p = ps[i], sb = xs[i];
        if (isMarkerType(ts[i])) {
          if (l === layer && !isFinal) { this.markLayer[p] = l; this.markIdx[p] = i; this.include(p); this.count++; }
        } else if (sb === -1 || sb > layer) {
          this.entLayer[p] = l; this.entIdx[p] = i; this.include(p); this.count++;
        }
      }
    }
    // directories no tar declared that later layers emptied: no entry, but there (and directories) in the final view
    this.emptiedDir = new Uint8Array(nPaths);
    if (isFinal) for (var k = 0; k < emptied.length; k++) { this.emptiedDir[emptied[k]] = 1; this.include(emptied[k]); }
    // directory sizes: every visible entry's size added to each of its ancestors
    for (var q = 1; q < nPaths; q++) {
      var el0 = this.entLayer[q];
      if (el0 < 0) continue;
      var s = layers[el0].s[this.entIdx[q]];
      if (!s) continue;
      this.size[q] += s;
      for (var a = par[q]; a >= 0; a = par[a]) this.size[a] += s;
    }
    this.sorted = {};
  }
  View.prototype.include = function (p) {
    this.present[0] = 1;
    while (p > 0 && !this.present[p]) {
      this.present[p] = 1;
      var up = par[p];
      (this.children[up] || (this.children[up] = [])).push(p);
      p = up;
    }
  };
  View.prototype.entry = function (p) {
    return this.entLayer[p] >= 0 ? new Entry(this.entLayer[p], this.entIdx[p]) : null;
  };
  View.prototype.marker = function (p) {
    return this.markLayer[p] >= 0 ? new Entry(this.markLayer[p], this.markIdx[p]) : null;
  };
  View.prototype.typeOf = function (p) {
    return this.entLayer[p] >= 0 ? layers[this.entLayer[p]].t[this.entIdx[p]] : -1;
  };
  View.prototype.isDir = function (p) {
    var t = this.typeOf(p);
    return t >= 0 ? t === T.dir : !!this.children[p] || this.emptiedDir[p] === 1;
  };
  View.prototype.kids = function (p, sort) {
    var key = sort + ':' + p;
    var k = this.sorted[key];
    if (k) return k;
    var list = (this.children[p] || []).slice();
    var self = this;
    if (sort === 'size') {
      list.sort(function (a, b) { return self.size[b] - self.size[a] || cmpName(a, b); });
    } else {
      list.sort(function (a, b) {
        var da = self.children[a] ? 0 : 1, db = self.children[b] ? 0 : 1;
        return da - db || cmpName(a, b);
      });
    }
    this.sorted[key] = list;
    return list;
  };
  // natural order (item-2 before item-10), as file managers sort
  var collator = new Intl.Collator('en', { numeric: true });
  function cmpName(a, b) { return collator.compare(nameOf(a), nameOf(b)); }

  /* ---------------------------------------------------------------- tree UI */

  var tree, status, viewSel, onlyBox, filterBox, minSel, sortSel;
  var view = null, views = {}, expanded = new Set([0]), shown = {}, focusPath = 0, searchShown = SEARCH_PAGE;

  function currentView() {
    var v = viewSel.value;
    var isFinal = v === 'final';
    var layer = isFinal ? nLayers - 1 : parseInt(v, 10);
    var only = !isFinal && onlyBox.checked;
    var key = isFinal ? 'final' : layer + (only ? 'c' : 'a');
    if (!views[key]) views[key] = new View(layer, isFinal, only);
    return views[key];
  }

  function changeOf(p, e, m) {
    if (view.isFinal) return null;
    if (e && e.layer === view.layer) return e.change;
    if (m) return 'removed';
    return null;
  }

  function rowFor(p, level, posinset, setsize, label) {
    var e = view.entry(p), m = view.marker(p), dir = view.isDir(p), flat = label != null;
    var row = el('div', 'row');
    row.setAttribute('role', 'treeitem');
    row.setAttribute('aria-level', String(level));
    row.setAttribute('aria-posinset', String(posinset));
    row.setAttribute('aria-setsize', String(setsize));
    row.setAttribute('tabindex', '-1');
    row.dataset.path = String(p);
    var open = !flat && dir && !!view.children[p];
    if (dir) row.classList.add('dir');
    if (open) row.setAttribute('aria-expanded', expanded.has(p) ? 'true' : 'false');
    if (!e && !m) row.classList.add('implicit');
    var name = el('span', 'name');
    name.style.paddingLeft = (flat ? 0 : (level - 1) * 1.1) + 'em';
    var tw = el('span', 'twisty', open ? (expanded.has(p) ? '\u25BE' : '\u25B8') : '');
    tw.setAttribute('aria-hidden', 'true');
    name.appendChild(tw);
    name.appendChild(el('span', 'label', flat ? label : (p === 0 ? '/' : nameOf(p))));
    if (e && e.link != null) {
      name.appendChild(el('span', 'link', (e.type === T.hardlink ? ' \u21D2 ' : ' \u2192 ') + e.link));
    }
    if (m && !e) {
      row.classList.add('removed-row');
      name.appendChild(el('span', 'link', m.type === T.opaque ? ' (contents below hidden)' : ' (deleted)'));
    } else if (m && e && m.type === T.opaque) {
      name.appendChild(el('span', 'link', ' (opaque: contents below hidden)'));
    }
    name.title = fullPath(p);
    row.appendChild(name);
    var sz = view.size[p];
    var size = el('span', 'num size', m && !e ? '' : human(sz));
    size.title = sz + ' bytes';
    row.appendChild(size);
    row.appendChild(el('span', 'mode', e ? modeString(e.type, e.mode) : ''));
    row.appendChild(el('span', 'owner', e ? e.uid + ':' + e.gid : ''));
    row.appendChild(el('span', 'layer', e ? String(e.layer) : (m ? String(m.layer) : '')));
    var marks = el('span', 'marks');
    var ch = changeOf(p, e, m);
    if (ch) { marks.appendChild(el('span', 'mark ' + ch, ch)); row.dataset.change = ch; }
    if (e && e.shadowedBy !== -1 && !view.isFinal) {
      var sh = el('span', 'mark shadowed', 'shadowed');
      sh.title = 'replaced or removed by layer ' + e.shadowedBy;
      marks.appendChild(document.createTextNode(' '));
      marks.appendChild(sh);
      row.dataset.shadowed = String(e.shadowedBy);
    }
    row.appendChild(marks);
    return row;
  }

  function moreButton(text, onClick) {
    var wrap = el('div', 'more');
    var b = el('button', null, text);
    b.type = 'button';
    b.addEventListener('click', onClick);
    wrap.appendChild(b);
    return wrap;
  }

  function filtering() { return filterBox.value.trim() !== '' || minSel.value !== '0'; }

  function render() {
    var frag = document.createDocumentFragment();
    var sort = sortSel.value;
    var rows = 0;
    if (filtering()) {
      var q = filterBox.value.trim().toLowerCase(), min = parseInt(minSel.value, 10) || 0;
      var hits = [];
      // one pass over the view's own entries; names are lower-cased once per distinct name
      var lower = lowerNames();
      for (var p = 1; p < nPaths; p++) {
        if (view.entLayer[p] < 0 && view.markLayer[p] < 0 && !view.emptiedDir[p]) continue;
        if (view.size[p] < min) continue;
        if (q && lower[nameIdx[p]].indexOf(q) < 0) continue;
        hits.push(p);
      }
      if (sort === 'size') {
        hits.sort(function (a, b) { return view.size[b] - view.size[a] || a - b; });
      } else {
        var paths = {};
        hits.forEach(function (h) { paths[h] = fullPath(h); });
        hits.sort(function (a, b) { return collator.compare(paths[a], paths[b]); });
      }
      var n = Math.min(hits.length, searchShown);
      for (var i = 0; i < n; i++) { frag.appendChild(rowFor(hits[i], 1, i + 1, hits.length, fullPath(hits[i]))); rows++; }
      if (hits.length > n) frag.appendChild(moreButton('Show ' + Math.min(SEARCH_PAGE, hits.length - n) + ' more of ' + (hits.length - n),
        function () { searchShown += SEARCH_PAGE; render(); }));
      if (!hits.length) frag.appendChild(el('div', 'empty-note', 'No entry matches.'));
      status.textContent = hits.length + ' matching entr' + (hits.length === 1 ? 'y' : 'ies') + ' in ' + describe();
    } else {
      var walk = function (dir, level) {
        var kids = view.kids(dir, sort);
        var limit = Math.min(kids.length, shown[dir] || PAGE);
        for (var k = 0; k < limit; k++) {
          var c = kids[k];
          frag.appendChild(rowFor(c, level, k + 1, kids.length));
          rows++;
          if (expanded.has(c) && view.children[c]) walk(c, level + 1);
        }
        if (kids.length > limit) {
          var more = moreButton('Show ' + Math.min(PAGE, kids.length - limit) + ' more of ' + (kids.length - limit) + ' in ' + fullPath(dir),
            function () { shown[dir] = limit + PAGE; render(); });
          more.firstChild.style.marginLeft = ((level - 1) * 1.1) + 'em';
          frag.appendChild(more);
        }
      };
      frag.appendChild(rowFor(0, 1, 1, 1));
      rows++;
      if (expanded.has(0)) walk(0, 2);
      status.textContent = view.count + ' entr' + (view.count === 1 ? 'y' : 'ies') + ' in ' + describe() + '; ' + rows + ' shown';
    }
    tree.textContent = '';
    tree.appendChild(frag);
    var target = tree.querySelector('[data-path="' + focusPath + '"]') || tree.querySelector('[role=treeitem]');
    if (target) target.setAttribute('tabindex', '0');
  }

  var lowered = null;
  function lowerNames() {
    if (!lowered) lowered = names.map(function (n) { return n.toLowerCase(); });
    return lowered;
  }

  function describe() {
    if (view.isFinal) return 'the final filesystem';
    return (view.onlyChanges ? 'the changes of layer ' : 'the filesystem after layer ') + view.layer;
  }

  function focusRow(row) {
    if (!row) return;
    var old = tree.querySelector('[role=treeitem][tabindex="0"]');
    if (old) old.setAttribute('tabindex', '-1');
    row.setAttribute('tabindex', '0');
    focusPath = parseInt(row.dataset.path, 10);
    row.focus();
  }

  function toggle(p, open) {
    if (!view.children[p]) return false;
    var isOpen = expanded.has(p);
    if (open === isOpen) return false;
    if (isOpen) expanded.delete(p); else expanded.add(p);
    focusPath = p;
    render();
    var r = tree.querySelector('[data-path="' + p + '"]');
    if (r) focusRow(r);
    return true;
  }

  function onTreeClick(ev) {
    var row = ev.target.closest('[role=treeitem]');
    if (!row) return;
    var p = parseInt(row.dataset.path, 10);
    if (row.hasAttribute('aria-expanded')) toggle(p, !expanded.has(p));
    else focusRow(row);
  }

  function onTreeKey(ev) {
    var row = ev.target.closest('[role=treeitem]');
    if (!row) return;
    var p = parseInt(row.dataset.path, 10);
    var rows = Array.prototype.slice.call(tree.querySelectorAll('[role=treeitem]'));
    var i = rows.indexOf(row);
    var expandable = row.hasAttribute('aria-expanded');
    switch (ev.key) {
      case 'ArrowDown': focusRow(rows[i + 1]); break;
      case 'ArrowUp': focusRow(rows[i - 1]); break;
      case 'Home': focusRow(rows[0]); break;
      case 'End': focusRow(rows[rows.length - 1]); break;
      case 'ArrowRight':
        if (expandable && !expanded.has(p)) toggle(p, true);
        else if (expandable) focusRow(rows[i + 1]);
        break;
      case 'ArrowLeft':
        if (expandable && expanded.has(p)) toggle(p, false);
        else {
          var up = tree.querySelector('[data-path="' + parentOf(p) + '"]');
          if (up && !filtering()) focusRow(up);
        }
        break;
      case 'Enter': case ' ':
        if (expandable) toggle(p, !expanded.has(p));
        break;
      default: return;
    }
    ev.preventDefault();
  }

  function switchView() {
    var isFinal = viewSel.value === 'final';
    onlyBox.disabled = isFinal;
    view = currentView();
    expanded = new Set([0]);
    shown = {};
    searchShown = SEARCH_PAGE;
    focusPath = 0;
    // in a layer's own changes, open the path down to what it touched so the change is visible at once
    if (!isFinal && view.onlyChanges) {
      var open = function (p, depth) {
        var kids = view.children[p];
        if (!kids || depth > 6) return;
        expanded.add(p);
        if (kids.length === 1) open(kids[0], depth + 1);
      };
      open(0, 0);
    }
    var cur = document.querySelectorAll('.bar.current, tr.current');
    for (var i = 0; i < cur.length; i++) cur[i].classList.remove('current');
    if (!isFinal) {
      var bar = document.querySelector('.bar[data-layer="' + view.layer + '"]');
      if (bar) bar.classList.add('current');
      var tr = document.getElementById('layer-' + view.layer);
      if (tr) tr.classList.add('current');
    }
    tree.dataset.view = isFinal ? 'final' : String(view.layer);
    performance.mark('jdx-view');
    render();
    performance.mark('jdx-rendered');
  }

  function browseLayer(layer) {
    viewSel.value = String(layer);
    onlyBox.checked = true;
    switchView();
    document.getElementById('files').scrollIntoView();
    var first = tree.querySelector('[role=treeitem]');
    if (first) focusRow(first);
  }

  function debounce(fn, ms) {
    var t = null;
    return function () { clearTimeout(t); t = setTimeout(fn, ms); };
  }

  function initTree() {
    tree = document.getElementById('tree');
    if (!tree || !loadData()) return;
    status = document.getElementById('tree-status');
    viewSel = document.getElementById('tree-view');
    onlyBox = document.getElementById('tree-only-changes');
    filterBox = document.getElementById('tree-filter');
    minSel = document.getElementById('tree-min');
    sortSel = document.getElementById('tree-sort');
    viewSel.value = 'final';
    filterBox.value = '';
    minSel.value = '0';
    sortSel.value = 'name';
    tree.addEventListener('click', onTreeClick);
    tree.addEventListener('keydown', onTreeKey);
    viewSel.addEventListener('change', switchView);
    onlyBox.addEventListener('change', switchView);
    sortSel.addEventListener('change', function () { render(); });
    minSel.addEventListener('change', function () { searchShown = SEARCH_PAGE; render(); });
    filterBox.addEventListener('input', debounce(function () { searchShown = SEARCH_PAGE; render(); }, 120));
    var buttons = document.querySelectorAll('button.browse-layer');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener('click', function (ev) { browseLayer(parseInt(ev.currentTarget.dataset.layer, 10)); });
    }
    var bars = document.querySelectorAll('.bar[data-layer]');
    for (var j = 0; j < bars.length; j++) {
      bars[j].addEventListener('click', function (ev) { browseLayer(parseInt(ev.currentTarget.dataset.layer, 10)); });
    }
    switchView();
  }

  /* ---------------------------------------------------------------- copy buttons */

  function initCopy() {
    var buttons = document.querySelectorAll('button.copy[data-copy]');
    for (var i = 0; i < buttons.length; i++) buttons[i].addEventListener('click', onCopy);
  }

  function onCopy(ev) {
    var btn = ev.currentTarget;
    var target = document.getElementById(btn.dataset.copy);
    if (!target) return;
    var text = target.textContent;
    var done = function () { setState(btn, 'copied', 'Copied'); };
    var fallback = function () {
      // No clipboard API (or it refused, as headless browsers and file:// pages may): select the text so the
      // person can press Ctrl+C, and try the legacy copy command on that selection.
      var range = document.createRange();
      range.selectNodeContents(target);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      if (ok) done(); else setState(btn, 'select', 'Selected: press Ctrl+C');
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }

  function setState(btn, state, label) {
    btn.dataset.state = state;
    btn.textContent = label;
    clearTimeout(btn._jdxTimer);
    btn._jdxTimer = setTimeout(function () { btn.textContent = 'Copy'; delete btn.dataset.state; }, 4000);
  }

  /* ---------------------------------------------------------------- findings filter */

  function initFindings() {
    var boxes = document.querySelectorAll('input[data-severity-filter]');
    for (var i = 0; i < boxes.length; i++) {
      boxes[i].addEventListener('change', function (ev) {
        var sev = ev.currentTarget.dataset.severityFilter;
        var groups = document.querySelectorAll('.sev-group');
        for (var g = 0; g < groups.length; g++) {
          if (groups[g].dataset.severity === sev) groups[g].hidden = !ev.currentTarget.checked;
        }
      });
    }
  }

  initCopy();
  initFindings();
  initTree();
  document.documentElement.setAttribute('data-ready', String(Math.round(performance.now())));
})();
