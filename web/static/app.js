// The icigraph explorer page. Every string that comes from the graph enters
// the page as a text node (textContent, never parsed as markup), and figure
// SVGs are parsed and stripped of scripts, event handlers and links before
// they are shown; the server's Content-Security-Policy forbids inline script
// besides.
'use strict';

const state = { schema: null, cats: new Map(), preds: new Map(), pols: new Map(), info: null };
const $ = (id) => document.getElementById(id);

/** An element with attributes and children; strings become text nodes. */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
    else if (k === 'data') for (const [dk, dv] of Object.entries(v)) node.dataset[dk] = dv;
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

async function api(path, options) {
  const response = await fetch(path, options);
  const body = await response.json().catch(() => ({ error: { message: `HTTP ${response.status}` } }));
  if (!response.ok) {
    const err = new Error((body.error && body.error.message) || `HTTP ${response.status}`);
    err.body = body.error || {};
    err.status = response.status;
    throw err;
  }
  return body;
}

const refsText = (refs) => (refs && refs.length ? `[${refs.join(', ')}]` : '');
const label = (n) => `${n.name} [${n.category}]`;

// Fields the page shows by name; any other field of an engine view (for
// example provenance) is listed as "key: value" so new fields appear.
const KNOWN_EDGE = new Set(['direction', 'predicate', 'reading', 'neighbor', 'refs', 'evidence', 'trials',
  'subject', 'object', 'forward']);

function extras(obj, known) {
  const parts = [];
  for (const [k, v] of Object.entries(obj || {})) {
    if (known.has(k) || v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) continue;
    parts.push(`${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`);
  }
  return parts.length ? el('div', { class: 'extra' }, parts.join(' · ')) : null;
}

function showError(box, err) {
  box.hidden = false;
  box.replaceChildren();
  box.append(err.message);
  const b = err.body || {};
  const alternatives = b.suggestions || b.candidates || [];
  if (alternatives.length) {
    box.append(el('div', {}, b.candidates ? 'it may mean: ' : 'did you mean: ',
      alternatives.flatMap((c, i) => [i ? ', ' : '', el('button', { class: 'link', type: 'button', on: { click: () => openNode(c.id) } }, label(c))])));
  }
}

// ---------- tabs ----------
function showTab(name) {
  for (const b of document.querySelectorAll('nav button')) b.classList.toggle('active', b.dataset.tab === name);
  for (const s of document.querySelectorAll('.tab')) s.hidden = s.id !== `tab-${name}`;
  for (const g of Object.values(graphs)) if (g.cy) g.cy.resize();
  if (name === 'figures') loadFigureList();
}

// ---------- drawing (cytoscape.js) ----------
// Graphviz shapes and arrowheads of the DOT figures, as the closest cytoscape ones.
const SHAPES = { box: 'rectangle', rect: 'rectangle', rectangle: 'rectangle', square: 'rectangle', ellipse: 'ellipse',
  oval: 'ellipse', circle: 'ellipse', doublecircle: 'ellipse', egg: 'ellipse', diamond: 'diamond', Mdiamond: 'diamond',
  hexagon: 'hexagon', octagon: 'octagon', doubleoctagon: 'octagon', tripleoctagon: 'octagon', parallelogram: 'rhomboid',
  trapezium: 'round-tag', invtrapezium: 'round-tag', house: 'pentagon', invhouse: 'pentagon', pentagon: 'pentagon',
  septagon: 'heptagon', triangle: 'triangle', invtriangle: 'triangle', star: 'star', note: 'cut-rectangle',
  tab: 'round-tag', folder: 'round-rectangle', box3d: 'cut-rectangle', component: 'barrel', cylinder: 'barrel',
  cds: 'tag', rarrow: 'tag', larrow: 'tag', plaintext: 'round-rectangle', plain: 'round-rectangle' };
const ARROWS = { normal: 'triangle', onormal: 'triangle', inv: 'triangle-backcurve', tee: 'tee', vee: 'vee', open: 'vee',
  dot: 'circle', odot: 'circle', diamond: 'diamond', odiamond: 'diamond', box: 'square', obox: 'square', none: 'none',
  crow: 'triangle-cross', empty: 'triangle', curve: 'triangle-backcurve', icurve: 'triangle-backcurve' };

// Node boxes sized to their wrapped labels (about 18 characters a line).
const lines = (n) => Math.min(4, Math.ceil(String(n.data('name')).length / 18) || 1);
const nodeWidth = (n) => Math.max(40, Math.min(120, 7 * String(n.data('name')).length + 16));
const nodeHeight = (n) => 14 + 13 * lines(n);

// Looks are looked up by function, not by selectors built from graph
// strings, so a category named `"]` cannot break the stylesheet.
const look = (n) => state.cats.get(n.data('category')) || {};
const pol = (e) => state.pols.get(e.data('polarity')) || {};

function cyStyle() {
  const style = [
    { selector: 'node', style: { label: 'data(name)', 'font-size': 10, 'text-wrap': 'wrap', 'text-max-width': 110,
      'text-valign': 'center', 'text-halign': 'center', width: nodeWidth, height: nodeHeight,
      'background-color': (n) => look(n).fill || '#eeeeee', shape: (n) => SHAPES[look(n).shape] || 'rectangle',
      'border-width': 1, 'border-color': '#555' } },
    { selector: 'node.center', style: { 'border-width': 3, 'border-color': '#1d2733' } },
    { selector: 'edge', style: { width: 1.5, 'curve-style': 'bezier', label: 'data(reading)', 'font-size': 8,
      'text-rotation': 'autorotate', 'text-background-color': '#fff', 'text-background-opacity': 0.8,
      'line-color': (e) => pol(e).color || '#546e7a', 'target-arrow-color': (e) => pol(e).color || '#546e7a',
      'target-arrow-shape': (e) => ARROWS[pol(e).arrowhead] || 'triangle',
      'line-style': (e) => (['dashed', 'dotted'].includes(pol(e).style) ? pol(e).style : 'solid') } },
    { selector: '.hidden', style: { display: 'none' } },
    { selector: ':selected', style: { 'overlay-color': '#2f6db3', 'overlay-opacity': 0.2 } },
  ];
  return style;
}

const graphs = {};

/** A cytoscape graph in the element `id`, made on first use. */
function graph(id) {
  if (!graphs[id]) graphs[id] = { cy: null };
  const g = graphs[id];
  if (!g.cy && window.cytoscape) {
    g.cy = window.cytoscape({ container: $(id), style: cyStyle(), minZoom: 0.1, maxZoom: 4 });
  }
  return g.cy;
}

function nodeData(n) {
  return { group: 'nodes', data: { id: n.id, name: n.name || n.id, category: n.category || '' } };
}

function edgeData(e) {
  const pred = state.preds.get(e.predicate);
  return { group: 'edges', data: { id: `${e.subject}|${e.predicate}|${e.object}`, source: e.subject, target: e.object,
    predicate: e.predicate, reading: e.predicate.replace(/_/g, ' '), polarity: pred ? pred.polarity : 'associative',
    refs: e.refs || [], evidence: e.evidence || '' } };
}

/** Adds nodes and edges not yet drawn; returns whether anything was added. */
function addElements(cy, nodes, edges) {
  let added = false;
  for (const n of nodes) if (cy.getElementById(n.id).empty()) { cy.add(nodeData(n)); added = true; }
  for (const e of edges) {
    const d = edgeData(e);
    if (cy.getElementById(d.data.id).empty() && !cy.getElementById(d.data.source).empty() && !cy.getElementById(d.data.target).empty()) {
      cy.add(d); added = true;
    }
  }
  return added;
}

function layout(cy) {
  cy.layout({ name: 'cose', animate: false, nodeDimensionsIncludeLabels: true, randomize: false, padding: 20,
    nodeRepulsion: () => 9000, idealEdgeLength: () => 90 }).run();
}

function noDrawing(id) {
  const box = $(id);
  if (!box.querySelector('.hint')) box.append(el('p', { class: 'hint' }, 'Drawings need the bundled graph library (see the server\'s startup note); the lists show everything.'));
}

// ---------- node card and neighbourhood ----------
function detailEdges(d) {
  return d.edges.map((e) => e.direction === 'out'
    ? { subject: d.id, predicate: e.predicate, object: e.neighbor.id, refs: e.refs, evidence: e.evidence }
    : { subject: e.neighbor.id, predicate: e.predicate, object: d.id, refs: e.refs, evidence: e.evidence });
}

function renderCard(d) {
  const card = $('card');
  card.replaceChildren();
  card.append(el('h2', { class: 'card-title', id: 'card-name' }, d.name),
    el('div', { class: 'meta' }, el('span', { class: 'cat', id: 'card-category' }, d.category), ' ', el('code', {}, d.id)));
  if (d.synonyms && d.synonyms.length) card.append(el('div', { class: 'meta', id: 'card-synonyms' }, 'synonyms: ', d.synonyms.join(', ')));
  const props = Object.entries(d.properties || {});
  for (const [k, v] of props) {
    card.append(el('div', { class: k === 'description' ? 'description' : 'meta' }, k === 'description' ? '' : `${k}: `,
      Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)));
  }
  const known = new Set(['id', 'name', 'category', 'synonyms', 'properties', 'edges']);
  const more = extras(d, known);
  if (more) card.append(more);
  card.append(el('h3', {}, `${d.edges.length} edge${d.edges.length === 1 ? '' : 's'}`));
  const rows = d.edges.map((e) => el('tr', {},
    el('td', {}, `—${e.reading}→`),
    el('td', {}, el('button', { class: 'link', type: 'button', data: { id: e.neighbor.id }, on: { click: () => openNode(e.neighbor.id) } }, e.neighbor.name),
      el('span', { class: 'cat' }, e.neighbor.category)),
    el('td', { class: 'refs' }, refsText(e.refs)),
    el('td', {}, e.evidence || '', e.trials && e.trials.length ? el('div', { class: 'meta' }, `trials ${e.trials.join(', ')}`) : null,
      extras(e, KNOWN_EDGE))));
  card.append(el('table', { id: 'card-edges' }, el('tr', {}, el('th', {}, 'edge'), el('th', {}, 'neighbour'), el('th', {}, 'refs'), el('th', {}, 'evidence')), rows));
}

async function openNode(id, { expand = false } = {}) {
  showTab('explore');
  let d;
  try {
    d = await api(`/api/node?id=${encodeURIComponent(id)}`);
  } catch (err) {
    const box = el('div', { class: 'error' });
    showError(box, err);
    $('card').replaceChildren(box);
    return;
  }
  renderCard(d);
  const cy = graph('graph');
  if (!cy) return noDrawing('graph');
  if (!expand) cy.elements().remove();
  const added = addElements(cy, [d, ...d.edges.map((e) => e.neighbor)], detailEdges(d));
  cy.nodes().removeClass('center');
  cy.getElementById(d.id).addClass('center');
  if (added || !expand) layout(cy);
  updateFilters(cy);
}

function updateFilters(cy) {
  const cats = [...new Set(cy.nodes().map((n) => n.data('category')))].sort();
  const box = $('filter-categories');
  const unchecked = new Set([...box.querySelectorAll('input:not(:checked)')].map((i) => i.value));
  box.replaceChildren(...cats.map((c) => el('label', {}, el('input', { type: 'checkbox', value: c, checked: !unchecked.has(c),
    on: { change: () => applyFilters(cy) } }), c)));
  const select = $('filter-predicate');
  const chosen = select.value;
  const preds = [...new Set(cy.edges().map((e) => e.data('predicate')))].sort();
  select.replaceChildren(el('option', { value: '' }, 'all'), ...preds.map((p) => el('option', { value: p, selected: p === chosen }, p)));
  applyFilters(cy);
}

function applyFilters(cy) {
  const hiddenCats = new Set([...$('filter-categories').querySelectorAll('input:not(:checked)')].map((i) => i.value));
  const pred = $('filter-predicate').value;
  cy.batch(() => {
    cy.nodes().forEach((n) => n.toggleClass('hidden', hiddenCats.has(n.data('category')) && !n.hasClass('center')));
    cy.edges().forEach((e) => e.toggleClass('hidden', pred !== '' && e.data('predicate') !== pred));
  });
}

function edgeInfo(e) {
  const d = e.data();
  const s = e.source().data('name');
  const t = e.target().data('name');
  $('edge-info').replaceChildren(el('b', {}, `${s} —${d.reading}→ ${t}`), ' ',
    el('span', { class: 'refs' }, d.refs.length ? `refs ${refsText(d.refs)}` : 'no refs'), d.evidence ? ` · evidence ${d.evidence}` : '');
}

function wireGraph(id, onNode) {
  const cy = graph(id);
  if (!cy || cy.scratch('wired')) return cy;
  cy.scratch('wired', true);
  cy.on('tap', 'node', (ev) => onNode(ev.target.id()));
  cy.on('tap', 'edge', (ev) => edgeInfo(ev.target));
  return cy;
}

// ---------- search ----------
let searchSeq = 0;
async function search(text) {
  const list = $('search-results');
  const seq = ++searchSeq;
  if (!text.trim()) { list.hidden = true; return; }
  let r;
  try {
    r = await api(`/api/search?q=${encodeURIComponent(text)}`);
  } catch (err) {
    list.replaceChildren(el('li', { class: 'head' }, err.message));
    list.hidden = false;
    return;
  }
  if (seq !== searchSeq) return;
  const item = (n) => el('li', { data: { id: n.id }, on: { mousedown: (ev) => { ev.preventDefault(); pick(n.id); } } }, n.name, el('span', { class: 'cat' }, n.category));
  const parts = [];
  if (r.matches.length) parts.push(el('li', { class: 'head' }, r.matches.length > 1 ? 'it may mean' : 'match'), r.matches.map(item));
  if (r.completions.length) parts.push(el('li', { class: 'head' }, 'names containing it'), r.completions.map(item));
  if (r.suggestions.length) parts.push(el('li', { class: 'head' }, 'did you mean'), r.suggestions.map(item));
  if (!parts.length) parts.push(el('li', { class: 'head' }, `no node is named "${r.query}"`));
  list.replaceChildren(...parts.flat());
  list.hidden = false;
}

function pick(id) {
  $('search-results').hidden = true;
  openNode(id);
}

// ---------- paths ----------
function pathSteps(view) {
  return view.edges.map((e, i) => el('li', {}, `${view.nodes[i].name} —${e.reading}→ ${view.nodes[i + 1].name}: `,
    el('span', { class: 'refs' }, e.refs.length ? `refs ${refsText(e.refs)}` : 'no refs'),
    e.evidence ? `; evidence ${e.evidence}` : '', e.trials && e.trials.length ? `; trials ${e.trials.join(', ')}` : '',
    extras(e, KNOWN_EDGE)));
}

function chain(view) {
  const parts = [label(view.nodes[0])];
  view.edges.forEach((e, i) => parts.push(` —${e.reading}→ `, label(view.nodes[i + 1])));
  return el('div', { class: 'chain' }, parts.join(''));
}

async function findPaths(ev) {
  ev.preventDefault();
  const f = new FormData($('path-form'));
  const q = new URLSearchParams({ from: f.get('from'), to: f.get('to'), k: f.get('k'), max_hops: f.get('max_hops') });
  for (const a of String(f.get('avoid') || '').split('\n')) if (a.trim()) q.append('avoid', a.trim());
  if (f.get('directed')) q.set('directed', 'true');
  $('path-error').hidden = true;
  $('path-list').replaceChildren();
  let r;
  try {
    r = await api(`/api/path?${q}`);
  } catch (err) {
    showError($('path-error'), err);
    return;
  }
  $('path-list').replaceChildren(...r.paths.map((p) => el('li', {}, chain(p), `(${p.hops} hop${p.hops === 1 ? '' : 's'})`, el('ul', { class: 'steps' }, pathSteps(p)))));
  const cy = wireGraph('path-graph', (id) => openNode(id));
  if (!cy) return noDrawing('path-graph');
  cy.elements().remove();
  addElements(cy, r.paths.flatMap((p) => p.nodes), r.paths.flatMap((p) => p.edges));
  cy.getElementById(r.from.id).addClass('center');
  cy.getElementById(r.to.id).addClass('center');
  cy.layout({ name: 'breadthfirst', roots: [r.from.id], directed: false, padding: 20, spacingFactor: 1.1 }).run();
}

// ---------- strategies ----------
async function findStrategies(ev) {
  ev.preventDefault();
  const mechanism = new FormData($('strategy-form')).get('mechanism');
  $('strategy-error').hidden = true;
  $('strategy-list').replaceChildren();
  $('strategy-head').replaceChildren();
  let r;
  try {
    r = await api(`/api/strategies?mechanism=${encodeURIComponent(mechanism)}`);
  } catch (err) {
    showError($('strategy-error'), err);
    return;
  }
  $('strategy-head').replaceChildren(el('h3', {}, `${label(r.mechanism)}: ${r.strategies.length} countermeasure${r.strategies.length === 1 ? '' : 's'}`),
    r.broader.length ? el('div', { class: 'meta' }, `belongs to: ${r.broader.map(label).join(', ')}`) : '');
  const known = new Set(['strategy', 'counteracts', 'evidence', 'evidence_label', 'rank', 'trials', 'refs', 'path']);
  $('strategy-list').replaceChildren(...r.strategies.map((s) => el('li', {},
    el('div', {}, el('button', { class: 'link chain', type: 'button', on: { click: () => openNode(s.strategy.id) } }, label(s.strategy)),
      ` — ${s.evidence_label || s.evidence || 'no evidence level'}; counteracts ${s.counteracts.name}`),
    el('div', {}, 'refs ', el('span', { class: 'refs' }, refsText(s.refs) || 'none'), (s.trials || []).length ? `; trials ${s.trials.join(', ')}` : ''),
    extras(s, known),
    el('div', { class: 'meta' }, 'path: ', chain(s.path)),
    el('ul', { class: 'steps' }, pathSteps(s.path)))),
    ...(r.excluded || []).map((x) => el('li', { class: 'excluded' },
      el('div', {}, 'left out: ', el('button', { class: 'link chain', type: 'button', on: { click: () => openNode(x.strategy.id) } }, label(x.strategy)),
        ` — ${x.reason}`),
      el('div', {}, 'refs ', el('span', { class: 'refs' }, refsText(x.refs) || 'none')))));
}

// ---------- Cypher ----------
function collect(value, nodes, edges) {
  if (!value || typeof value !== 'object') return;
  if (Array.isArray(value)) { value.forEach((v) => collect(v, nodes, edges)); return; }
  if (Array.isArray(value.labels) && 'id' in value && value.properties) {
    nodes.set(value.id, { id: value.id, name: value.properties.name || value.id, category: value.labels[0] || '' });
    return;
  }
  if ('type' in value && 'start' in value && 'end' in value && value.properties) {
    edges.push({ subject: value.start, predicate: value.type, object: value.end, refs: value.properties.refs || [], evidence: value.properties.evidence });
    for (const id of [value.start, value.end]) if (!nodes.has(id)) nodes.set(id, { id, name: id, category: '' });
    return;
  }
  if (Array.isArray(value.nodes) && Array.isArray(value.relationships)) {
    collect(value.nodes, nodes, edges);
    collect(value.relationships, nodes, edges);
    return;
  }
  Object.values(value).forEach((v) => collect(v, nodes, edges));
}

function cellText(v) {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v.labels) && v.properties) return `${v.properties.name || v.id} [${v.labels.join(':')}]`;
  if ('type' in v && 'start' in v) return `-[:${v.type}]->`;
  if (Array.isArray(v.nodes) && Array.isArray(v.relationships)) return v.nodes.map((n) => n.properties.name || n.id).join(' → ');
  return JSON.stringify(v);
}

// The operator tree as Neo4j prints it: one row per operator, result first.
function showPlan(plan, profiled) {
  const head = ['operator', 'details', 'estimated rows', ...(profiled ? ['rows', 'time (ms)'] : [])];
  const rows = [];
  const walk = (node, depth) => {
    const cells = [`${'| '.repeat(depth)}+${node.operator}`, node.details, String(node.estimated_rows)];
    if (profiled) cells.push(node.rows === undefined ? '' : String(node.rows), node.time_ms === undefined ? '' : node.time_ms.toFixed(3));
    rows.push(el('tr', {}, cells.map((c) => el('td', {}, c))));
    node.children.forEach((child, i) => walk(child, node.children.length > 1 && i > 0 ? depth + 1 : depth));
  };
  walk(plan, 0);
  $('cypher-plan').replaceChildren(el('tr', {}, head.map((c) => el('th', {}, c))), ...rows);
  $('cypher-plan').parentElement.hidden = false;
}

async function runCypher(ev) {
  if (ev) ev.preventDefault();
  const text = $('cypher-text').value;
  const errBox = $('cypher-error');
  errBox.hidden = true;
  $('cypher-table').replaceChildren();
  $('cypher-summary').replaceChildren();
  $('cypher-plan').replaceChildren();
  $('cypher-plan').parentElement.hidden = true;
  let r;
  try {
    r = await api('/api/query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: text }) });
  } catch (err) {
    errBox.hidden = false;
    const b = err.body || {};
    const lines = [err.message];
    if (b.line) {
      lines.push(`  --> query:${b.line}:${b.column}`);
      lines.push(`  ${b.source_line}`);
      const width = Math.max(1, [...text.slice(b.span[0], b.span[1])].length);
      lines.push(`  ${' '.repeat(b.column - 1)}${'^'.repeat(width)}`);
    }
    if (b.help) lines.push(`help: ${b.help}`);
    errBox.textContent = lines.join('\n');
    return;
  }
  $('cypher-summary').textContent = r.mode === 'explain'
    ? 'EXPLAIN: the plan only, nothing was run'
    : `${r.rows.length} row${r.rows.length === 1 ? '' : 's'}`;
  if (r.plan) showPlan(r.plan, r.mode === 'profile');
  $('cypher-table').replaceChildren(el('tr', {}, r.columns.map((c) => el('th', {}, c))),
    ...r.rows.map((row) => el('tr', {}, r.columns.map((c) => el('td', {}, cellText(row[c]))))));
  const nodes = new Map();
  const edges = [];
  r.rows.forEach((row) => collect(Object.values(row), nodes, edges));
  const cy = wireGraph('cypher-graph', (id) => openNode(id));
  $('cypher-graph').parentElement.hidden = nodes.size === 0;
  if (!cy) return noDrawing('cypher-graph');
  cy.elements().remove();
  if (!nodes.size) return;
  addElements(cy, [...nodes.values()], edges);
  cy.resize();
  layout(cy);
}

// ---------- figures ----------
let figuresLoaded = false;
async function loadFigureList() {
  if (figuresLoaded) return;
  figuresLoaded = true;
  const views = await api('/api/figures');
  $('figure-list').replaceChildren(...views.map((v) => el('button', { type: 'button', data: { view: v.id }, title: v.caption,
    on: { click: () => showFigure(v.id) } }, `${v.id}: ${v.title}`)));
}

/** Parses an SVG and removes everything that could run or navigate. */
function cleanSvg(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const svg = doc.documentElement;
  if (svg.nodeName !== 'svg') return null;
  for (const bad of svg.querySelectorAll('script, foreignObject, iframe, object, embed, use')) bad.remove();
  for (const node of [svg, ...svg.querySelectorAll('*')]) {
    for (const attr of [...node.attributes]) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on') || name === 'href' || name === 'xlink:href' || name === 'src') node.removeAttribute(attr.name);
    }
  }
  return document.importNode(svg, true);
}

async function showFigure(id) {
  for (const b of $('figure-list').querySelectorAll('button')) b.classList.toggle('active', b.dataset.view === id);
  const box = $('figure-view');
  box.replaceChildren(el('p', { class: 'hint' }, 'drawing…'));
  const response = await fetch(`/api/figures/${encodeURIComponent(id)}.svg`);
  if (!response.ok) {
    box.replaceChildren(el('div', { class: 'error' }, `cannot draw ${id}: HTTP ${response.status}`));
    return;
  }
  const svg = cleanSvg(await response.text());
  if (!svg) { box.replaceChildren(el('div', { class: 'error' }, 'the figure is not an SVG')); return; }
  svg.id = 'figure-svg';
  box.replaceChildren(svg);
  // Graphviz puts each node's DOT id (the graph id) in its <title>.
  for (const g of svg.querySelectorAll('g.node')) {
    const title = g.querySelector('title');
    const nodeId = title && title.textContent;
    if (!nodeId || nodeId.startsWith('legend:')) continue;
    g.classList.add('clickable');
    g.dataset.id = nodeId;
    g.addEventListener('click', () => openNode(nodeId));
  }
}

// ---------- start ----------
async function start() {
  for (const b of document.querySelectorAll('nav button')) b.addEventListener('click', () => showTab(b.dataset.tab));
  const input = $('search');
  let timer = null;
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => search(input.value), 120); });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      const first = $('search-results').querySelector('li[data-id]');
      if (first) pick(first.dataset.id);
    } else if (ev.key === 'Escape') $('search-results').hidden = true;
  });
  input.addEventListener('blur', () => setTimeout(() => { $('search-results').hidden = true; }, 150));
  $('path-form').addEventListener('submit', findPaths);
  $('strategy-form').addEventListener('submit', findStrategies);
  $('cypher-form').addEventListener('submit', runCypher);
  $('cypher-text').addEventListener('keydown', (ev) => { if (ev.key === 'Enter' && ev.ctrlKey) runCypher(ev); });
  $('graph-reset').addEventListener('click', () => { const cy = graph('graph'); if (cy) cy.elements().remove(); $('edge-info').replaceChildren(); });
  $('filter-predicate').addEventListener('change', () => { const cy = graph('graph'); if (cy) applyFilters(cy); });
  state.schema = await api('/api/schema');
  for (const c of state.schema.categories) state.cats.set(c.name, c);
  for (const p of state.schema.predicates) state.preds.set(p.name, p);
  for (const p of state.schema.polarities) state.pols.set(p.polarity, p);
  state.info = await api('/api/info');
  $('info').textContent = `${state.info.nodes} nodes · ${state.info.edges} edges · ${state.info.allow_writes ? 'CREATE allowed' : 'read-only'}`;
  if (!window.cytoscape) {
    $('notice').hidden = false;
    $('notice').textContent = 'This build has no graph-drawing library: results are listed but not drawn. Run `npm ci --prefix web` and rebuild icigraph to bundle it.';
  }
  wireGraph('graph', (id) => openNode(id, { expand: true }));
  window.explorer = { graphs };
  document.body.dataset.ready = 'true';
}

document.addEventListener('DOMContentLoaded', start);
