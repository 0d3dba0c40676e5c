// The disclosure website in headless Chromium, with every request to another host refused: every page type loads
// with 200, a content security policy and no console error; the estate and enterprise pages show the figures the
// GraphQL API returns; the search finds an estate by its pinyin initials, its full pinyin and its traditional
// characters; at 360 px nothing overflows sideways and no date or amount wraps inside; an enterprise's grade history
// is never empty; a fee card is never empty; /data/ leads home; robots.txt and the sitemap are served; a browser
// never sees a JSON error; axe-core finds no serious or critical accessibility violation; screenshots of the home,
// an estate and an enterprise page at phone and desktop width are written to $WUYE_SCREENSHOTS (default
// target/site-screenshots).
import fs from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const base = process.env.WUYE_URL;
const shots = process.env.WUYE_SCREENSHOTS ?? 'target/site-screenshots';
const axeSource = fs.readFileSync(process.env.AXE_PATH, 'utf8');
fs.mkdirSync(shots, { recursive: true });

async function graphql(query, variables = {}) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const yuan = (decimal) => {
  const [whole, fraction = '00'] = decimal.split('.');
  return `¥${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction.padEnd(2, '0')}`;
};

const { estate } = await graphql(`{ estate(code: "XQ3406210001") { name households town { code } community { code }
  fundAccount { balance } activeContract { feePerSquareMeterMonth enterprise { creditCode } } } }`);
const creditCode = estate.activeContract.enterprise.creditCode;
const { enterprise } = await graphql(`query($c: String!) { enterprise(creditCode: $c) { name creditProfile { score grade } } }`, { c: creditCode });

// An estate no enterprise serves (its fee card still says something).
const { estates: unserved } = await graphql(`{ estates(first: 1, filter: {serviceMode: NONE}) { edges { node { code } } } }`);
const unservedCode = unserved.edges[0]?.node.code;

const pages = [
  { name: 'home', path: '/' },
  { name: 'town', path: `/town/${estate.town.code}` },
  { name: 'community', path: `/community/${estate.community.code}` },
  { name: 'estate', path: '/estate/XQ3406210001' },
  { name: 'estate-en', path: '/estate/XQ3406210001?lang=en' },
  { name: 'enterprise', path: `/enterprise/${creditCode}` },
  { name: 'credit', path: '/credit' },
  { name: 'search', path: '/search?q=sxhy' },
  { name: 'search-pinyin', path: '/search?q=shuxiang' },
  { name: 'search-traditional', path: `/search?q=${encodeURIComponent('書香')}` },
  { name: 'downloads', path: '/data/' },
  { name: 'credit-rules', path: '/credit/rules' },
  ...(unservedCode ? [{ name: 'unserved', path: `/estate/${unservedCode}` }] : []),
];

// Dates (2026年12月6日, 6 Dec 2026) and amounts (¥3,819,398.77) as the site writes them: each must sit on one line.
const unbreakable = '\\d{4}年\\d{1,2}月\\d{1,2}日|\\d{1,2} [A-Z][a-z]{2} \\d{4}|-?¥[\\d,]+\\.\\d{2}';
function wrappedInside(pattern) {
  const wrapped = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.textContent.matchAll(new RegExp(pattern, 'g'))) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (lines.size > 1) wrapped.push(match[0]);
    }
  }
  return wrapped;
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
});
const failures = [];
try {
  for (const { name, path: address } of pages) {
    const page = await browser.newPage();
    const errors = [];
    const elsewhere = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setRequestInterception(true);
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.protocol.startsWith('http') && url.host !== new URL(base).host) { elsewhere.push(r.url()); r.abort(); } else { r.continue(); }
    });
    for (const [width, height, label] of [[360, 740, 'phone'], [1280, 900, 'desktop']]) {
      await page.setViewport({ width, height });
      const response = await page.goto(`${base}${address}`, { waitUntil: 'networkidle0' });
      // The second visit revalidates (pages are `max-age=0` with an ETag): a 304 shows the page the browser kept.
      if (![200, 304].includes(response.status())) failures.push(`${name}: status ${response.status()}`);
      if (response.status() === 200 && !(response.headers()['content-security-policy'] ?? '').includes("default-src 'none'")) {
        failures.push(`${name}: no content security policy`);
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) failures.push(`${name} at ${width}px overflows by ${overflow}px`);
      if (width === 360) {
        const wrapped = await page.evaluate(wrappedInside, unbreakable);
        if (wrapped.length) failures.push(`${name} at 360px wraps inside ${wrapped.slice(0, 5).join(' | ')}`);
      }
      if (['home', 'estate', 'enterprise'].includes(name)) {
        await page.screenshot({ path: path.join(shots, `${name}-${label}.png`), fullPage: label === 'phone' });
      }
    }
    await page.evaluate(axeSource);
    const results = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
    for (const v of results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
      failures.push(`${name}: axe ${v.impact} ${v.id} (${v.nodes.length}): ${v.nodes[0]?.target}`);
    }
    const text = await page.evaluate(() => document.body.innerText);
    if (name === 'estate') {
      for (const figure of [estate.name, yuan(estate.fundAccount.balance), yuan(estate.activeContract.feePerSquareMeterMonth),
        `${enterprise.creditProfile.grade} ${enterprise.creditProfile.score}`]) {
        if (!text.includes(figure)) failures.push(`estate page lacks ${figure}`);
      }
      const households = await page.$eval('[data-figure="households"]', (e) => e.textContent.replace(/,/g, ''));
      if (Number(households) !== estate.households) failures.push(`estate households ${households} ≠ ${estate.households}`);
    }
    if (name === 'enterprise') {
      const grade = await page.$eval('[data-figure="grade"]', (e) => e.textContent);
      const score = await page.$eval('[data-figure="score"]', (e) => e.textContent);
      if (grade !== enterprise.creditProfile.grade || Number(score) !== enterprise.creditProfile.score) {
        failures.push(`enterprise ${grade} ${score} ≠ ${JSON.stringify(enterprise.creditProfile)}`);
      }
    }
    if (name.startsWith('search') && !(await page.$('a[href^="/estate/XQ3406210001"]'))) failures.push(`${name} misses 书香花园`);
    if (name === 'enterprise' || name === 'credit-rules' || name === 'unserved') {
      const empty = await page.$$eval('.card .figure, table td:not([data-label=""])', (cells) => cells.filter((c) => !c.textContent.trim()).length);
      if (empty) failures.push(`${name}: ${empty} empty figures or cells`);
    }
    if (name === 'enterprise') {
      const history = await page.$$eval('#grade-history tbody tr', (rows) => rows.length);
      if (!history) failures.push('enterprise: an empty grade history');
    }
    if (name === 'unserved' && (await page.$eval('[data-figure="fee"]', (e) => e.textContent.trim())) === '') failures.push('an empty fee card');
    if (name === 'downloads' && !(await page.$('header a[href="/"]'))) failures.push('/data/ does not lead home');
    if (errors.length) failures.push(`${name}: console errors: ${errors.join(' | ')}`);
    if (elsewhere.length) failures.push(`${name}: requests to other hosts: ${elsewhere.join(' ')}`);
    await page.close();
  }
  // A crawler's files, and what a browser sees at an address that is gone: the site's page, never JSON.
  for (const file of ['/robots.txt', '/sitemap.xml']) {
    const response = await fetch(`${base}${file}`);
    // Read to the end: an unread body holds its connection, and with it the process, open.
    const body = await response.text();
    if (response.status !== 200 || !body.trim()) failures.push(`${file}: status ${response.status}`);
  }
  const gone = await browser.newPage();
  const answer = await gone.goto(`${base}/data/nope.csv`);
  if (answer.status() !== 404 || !answer.headers()['content-type'].startsWith('text/html')) {
    failures.push(`/data/nope.csv shows a browser ${answer.headers()['content-type']}`);
  }
  await gone.close();
} catch (error) {
  failures.push(String(error));
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(`site test FAILED:\n${failures.join('\n')}`);
  process.exit(1);
}
console.log(`site test passed: ${pages.length} pages, a content security policy, no console error, no overflow and no date or amount wrapped at 360 px, robots and sitemap served, no JSON error for a browser, no serious axe violation; screenshots in ${shots}`);
