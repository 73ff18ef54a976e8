// End-to-end tests of `icigraph serve` in headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core; Playwright downloads no
// browser). scripts/test.d/30-browser.sh starts the servers and sets:
//   ICIGRAPH_URL   the explorer on the shipped graph
//   HOSTILE_URL    the explorer on a graph whose names are hostile markup
//   ARTIFACTS      folder for screenshots
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const BASE = process.env.ICIGRAPH_URL;
const HOSTILE = process.env.HOSTILE_URL;
const ARTIFACTS = process.env.ARTIFACTS || 'artifacts';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
assert.ok(BASE && HOSTILE, 'set ICIGRAPH_URL and HOSTILE_URL');
fs.mkdirSync(ARTIFACTS, { recursive: true });
const profile = fs.mkdtempSync(path.join(ARTIFACTS, 'profile-'));

// A fresh profile folder (Playwright passes it as --user-data-dir).
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

let passed = 0;
let failed = 0;
const shot = (page, name) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false });

/** A fresh page that fails the test on any script error, dialog or foreign request. */
async function open(url) {
  const page = await browser.newPage();
  page.problems = [];
  page.on('pageerror', (err) => page.problems.push(`page error: ${err.message}`));
  page.on('dialog', async (d) => { page.problems.push(`dialog opened: ${d.message()}`); await d.dismiss(); });
  page.on('request', (r) => { if (!r.url().startsWith(url)) page.problems.push(`request outside the server: ${r.url()}`); });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
  return page;
}

async function step(name, fn) {
  try {
    await fn();
    passed += 1;
    console.log(`ok - ${name}`);
  } catch (err) {
    failed += 1;
    console.log(`not ok - ${name}\n  ${String(err && err.stack || err).split('\n').join('\n  ')}`);
  }
}

const count = (page, graph, what) => page.evaluate(([g, w]) => window.explorer.graphs[g].cy[w]().filter((e) => e.visible()).length, [graph, what]);

let page;
await step('the page loads with the graph drawing library and no outside requests', async () => {
  page = await open(BASE);
  assert.equal(await page.evaluate(() => typeof window.cytoscape), 'function');
  assert.match(await page.textContent('#info'), /^\d+ nodes · \d+ edges · read-only$/);
});

await step('a misspelt name offers "did you mean" as you type, and opens the card', async () => {
  await page.fill('#search', '');
  await page.type('#search', 'beta-2 microglobolin', { delay: 15 });
  await page.waitForSelector('#search-results li[data-id="ici:b2m"]');
  assert.match(await page.textContent('#search-results'), /did you mean/);
  await shot(page, '01-search-did-you-mean');
  await page.click('#search-results li[data-id="ici:b2m"]');
  await page.waitForFunction(() => document.querySelector('#card-name')?.textContent === 'β2M');
  assert.equal(await page.textContent('#card-category'), 'Gene');
  assert.match(await page.textContent('#card-synonyms'), /beta-2-microglobulin/);
  const rows = await page.$$eval('#card-edges tr', (r) => r.length - 1);
  assert.ok(rows >= 2, `card lists edges (${rows})`);
  assert.ok((await count(page, 'graph', 'nodes')) > 2, 'the neighbourhood is drawn');
  await shot(page, '02-card-b2m');
});

await step('clicking a neighbour in the drawing opens its card and draws its neighbours', async () => {
  const before = await count(page, 'graph', 'nodes');
  // The real mouse on the canvas, at the node's drawn position.
  const point = await page.evaluate(() => {
    const cy = window.explorer.graphs.graph.cy;
    const node = cy.getElementById('ici:b2m_loss');
    const p = node.renderedPosition();
    const box = cy.container().getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  });
  await page.mouse.click(point.x, point.y);
  await page.waitForFunction(() => document.querySelector('#card-name')?.textContent === 'β2M loss/mutation');
  await page.waitForFunction((n) => window.explorer.graphs.graph.cy.nodes().length > n, before);
  assert.ok(await page.evaluate(() => window.explorer.graphs.graph.cy.getElementById('ici:ciap_antagonism').nonempty()),
    'the neighbour cIAP1/2 antagonism is drawn after expanding');
  await shot(page, '03-expanded');
});

// Drawn (not hidden) elements of a graph, once the filter has been applied.
const fewer = (page, graph, what, than) => page.waitForFunction(([g, w, n]) => window.explorer.graphs[g].cy[w]()
  .filter((e) => e.visible()).length < n, [graph, what, than], { timeout: 5000 });

await step('the neighbourhood filters by category and predicate', async () => {
  const all = await count(page, 'graph', 'nodes');
  await page.uncheck('#filter-categories input[value="Strategy"]');
  await fewer(page, 'graph', 'nodes', all);
  assert.equal(await page.evaluate(() => window.explorer.graphs.graph.cy.getElementById('ici:ciap_antagonism').visible()), false);
  await page.check('#filter-categories input[value="Strategy"]');
  await page.waitForFunction((n) => window.explorer.graphs.graph.cy.nodes().filter((e) => e.visible()).length === n, all);
  const edges = await count(page, 'graph', 'edges');
  await page.selectOption('#filter-predicate', 'overcomes');
  await fewer(page, 'graph', 'edges', edges);
  const only = await count(page, 'graph', 'edges');
  assert.ok(only > 0, `one predicate keeps its edges (${edges} → ${only})`);
  await page.selectOption('#filter-predicate', '');
});

await step('node styles come from the schema (same fills as the DOT figures)', async () => {
  const fills = await page.evaluate(() => {
    const cy = window.explorer.graphs.graph.cy;
    return [cy.getElementById('ici:b2m_loss').style('background-color'), cy.getElementById('ici:b2m_loss').style('shape')];
  });
  const schema = await (await fetch(`${BASE}api/schema`)).json();
  const mech = schema.categories.find((c) => c.name === 'Mechanism');
  const hex = fills[0].match(/\d+/g).map((n) => Number(n).toString(16).padStart(2, '0')).join('');
  assert.equal(`#${hex}`, mech.fill.toLowerCase());
});

await step('paths: β2M loss → cIAP1/2 antagonism is drawn and listed with ref 105', async () => {
  await page.click('nav button[data-tab="paths"]');
  await page.fill('#path-form input[name="from"]', 'β2M loss');
  await page.fill('#path-form input[name="to"]', 'cIAP1/2 antagonism');
  await page.fill('#path-form input[name="k"]', '2');
  await page.click('#path-form button[type="submit"]');
  await page.waitForSelector('#path-list li');
  const text = await page.textContent('#path-list');
  assert.match(text, /β2M loss\/mutation \[Mechanism\] —overcome by→ cIAP1\/2 antagonism \[Strategy\]/);
  assert.match(text, /refs \[105\]/);
  assert.ok((await count(page, 'path-graph', 'nodes')) >= 2);
  await shot(page, '04-paths');
});

await step('paths: an unknown end shows the suggestion', async () => {
  await page.fill('#path-form input[name="to"]', 'cIAP antagonsm');
  await page.click('#path-form button[type="submit"]');
  await page.waitForSelector('#path-error:not([hidden])');
  assert.match(await page.textContent('#path-error'), /no node is named/);
});

await step('strategies for β2M loss rank cIAP1/2 antagonism with ref 105', async () => {
  await page.click('nav button[data-tab="strategies"]');
  await page.fill('#strategy-form input[name="mechanism"]', 'B2M loss');
  await page.click('#strategy-form button[type="submit"]');
  await page.waitForSelector('#strategy-list li');
  const first = await page.textContent('#strategy-list li:first-child');
  assert.match(first, /cIAP1\/2 antagonism \[Strategy\]/);
  assert.match(first, /\[105\]/);
  assert.match(first, /direct/);
  const left = await page.textContent('#strategy-list li.excluded');
  assert.match(left, /left out: trametinib.*raising MHC-I/);
  await shot(page, '05-strategies');
});

await step('Cypher: a query shows its table and its graph', async () => {
  await page.click('nav button[data-tab="cypher"]');
  await page.fill('#cypher-text', 'MATCH p = (s)-[:overcomes]->(m:Mechanism {name: "β2M loss/mutation"}) RETURN p, s.name ORDER BY s.name');
  await page.click('#cypher-form button[type="submit"]');
  await page.waitForSelector('#cypher-table td');
  const header = await page.$$eval('#cypher-table th', (t) => t.map((x) => x.textContent));
  assert.deepEqual(header, ['p', 's.name']);
  assert.match(await page.textContent('#cypher-table'), /cIAP1\/2 antagonism/);
  assert.ok((await count(page, 'cypher-graph', 'nodes')) >= 2);
  assert.ok((await count(page, 'cypher-graph', 'edges')) >= 1);
  await shot(page, '06-cypher');
});

await step('Cypher: an error shows line:column, a caret and the suggestion', async () => {
  await page.fill('#cypher-text', 'MATCH (n:Gen) RETURN n');
  await page.click('#cypher-form button[type="submit"]');
  await page.waitForSelector('#cypher-error:not([hidden])');
  const text = await page.textContent('#cypher-error');
  assert.match(text, /query:1:10/);
  assert.match(text, / {11}\^\^\^/);
  assert.match(text, /did you mean `Gene`\?/);
  await shot(page, '07-cypher-error');
});

await step('Cypher: EXPLAIN shows the plan without rows, PROFILE shows both', async () => {
  await page.fill('#cypher-text', 'EXPLAIN MATCH (d:Drug)-[:targets]->(k) RETURN k.name, count(*) AS n');
  await page.click('#cypher-form button[type="submit"]');
  await page.waitForSelector('#cypher-plan td');
  assert.match(await page.textContent('#cypher-summary'), /EXPLAIN: the plan only/);
  assert.equal(await page.$$eval('#cypher-table td', (t) => t.length), 0);
  const ops = await page.$$eval('#cypher-plan tr td:first-child', (t) => t.map((x) => x.textContent));
  assert.deepEqual(ops, ['+ProduceResults', '+Aggregation', '+Match']);
  await page.fill('#cypher-text', 'PROFILE MATCH (d:Drug)-[:targets]->(k) RETURN k.name, count(*) AS n');
  await page.click('#cypher-form button[type="submit"]');
  await page.waitForSelector('#cypher-table td');
  await page.waitForSelector('#cypher-plan td');
  const head = await page.$$eval('#cypher-plan th', (t) => t.map((x) => x.textContent));
  assert.deepEqual(head, ['operator', 'details', 'estimated rows', 'rows', 'time (ms)']);
  const rows = await page.$$eval('#cypher-table tr', (t) => t.length - 1);
  const produced = await page.$eval('#cypher-plan tr:nth-child(2) td:nth-child(4)', (t) => t.textContent);
  assert.equal(Number(produced), rows);
  await shot(page, '07b-cypher-profile');
  await page.fill('#cypher-text', 'MATCH (n:Gene) RETURN n.name LIMIT 1');
  await page.click('#cypher-form button[type="submit"]');
  await page.waitForSelector('#cypher-table td');
  assert.ok(await page.$eval('#cypher-plan', (t) => t.parentElement.hidden), 'a plain query hides the plan');
});

await step('Cypher: CREATE is refused on a read-only server', async () => {
  await page.fill('#cypher-text', 'CREATE (:Gene {name: "made up"})');
  await page.click('#cypher-form button[type="submit"]');
  await page.waitForSelector('#cypher-error:not([hidden])');
  assert.match(await page.textContent('#cypher-error'), /read-only/);
});

await step('figures: every view opens as SVG, and clicking a node opens its card', async () => {
  await page.click('nav button[data-tab="figures"]');
  await page.waitForSelector('#figure-list button');
  const views = await page.$$eval('#figure-list button', (b) => b.map((x) => x.dataset.view));
  assert.ok(views.length >= 7, `views listed (${views.length})`);
  for (const view of views) {
    await page.click(`#figure-list button[data-view="${view}"]`);
    await page.waitForSelector('#figure-svg g.node.clickable');
    await shot(page, `08-figure-${view}`);
  }
  await page.click(`#figure-list button[data-view="fig3"]`);
  await page.waitForSelector('#figure-svg g.node[data-id="ici:b2m_loss"]');
  await page.click('#figure-svg g.node[data-id="ici:b2m_loss"]');
  await page.waitForFunction(() => document.querySelector('#card-name')?.textContent === 'β2M loss/mutation');
});

await step('the explorer screenshot for the README', async () => {
  await page.fill('#search', 'JAK1');
  await page.waitForSelector('#search-results li[data-id]');
  await page.click('#search-results li[data-id="ici:jak1_loss"], #search-results li[data-id]');
  await page.waitForSelector('#card-edges');
  await page.waitForTimeout(300);
  await shot(page, 'explorer');
  assert.deepEqual(page.problems, []);
});

await step('hostile names are shown as text: no script runs, no javascript: link appears', async () => {
  const hostile = await open(HOSTILE);
  await hostile.type('#search', 'script', { delay: 10 });
  await hostile.waitForSelector('#search-results li[data-id]');
  await hostile.click('#search-results li[data-id="ici:x1"]');
  await hostile.waitForSelector('#card-name');
  assert.equal(await hostile.textContent('#card-name'), '<script>alert("pwned")</script>');
  assert.match(await hostile.textContent('#card-edges'), /javascript:alert\(2\)/);
  assert.match(await hostile.textContent('#card'), /<img src=x onerror=alert\(3\)>/);
  const injected = await hostile.evaluate(() => ({
    scripts: document.scripts.length,
    images: document.querySelectorAll('img').length,
    jsLinks: document.querySelectorAll('[href^="javascript:"], [src^="javascript:"]').length,
    pwned: window.pwned === true,
  }));
  assert.deepEqual(injected, { scripts: 2, images: 0, jsLinks: 0, pwned: false });
  // Cypher results and the drawing show the same names as text.
  await hostile.click('nav button[data-tab="cypher"]');
  await hostile.fill('#cypher-text', 'MATCH (a)-[r]->(b) RETURN a, r, b');
  await hostile.click('#cypher-form button[type="submit"]');
  await hostile.waitForSelector('#cypher-table td');
  assert.match(await hostile.textContent('#cypher-table'), /<script>alert\("pwned"\)<\/script>/);
  assert.equal(await hostile.evaluate(() => document.scripts.length), 2);
  await shot(hostile, '09-hostile');
  assert.deepEqual(hostile.problems, []);
  await hostile.close();
});

await browser.close();
fs.rmSync(profile, { recursive: true, force: true });
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
