// Lighthouse (npm `lighthouse` 13 on Node 22, Debian's Chromium, mobile settings) on the website's main pages: the
// home, an estate, an enterprise, the credit ranking and the open-data page. Prints each page's four scores and
// fails unless accessibility, best practices and SEO are 100 and performance is at least 95 on every one.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const base = process.env.WUYE_URL;
const answer = await fetch(`${base}/graphql`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query: '{ estate(code: "XQ3406210001") { activeContract { enterprise { creditCode } } } }' }),
});
const creditCode = (await answer.json()).data.estate.activeContract.enterprise.creditCode;
const pages = ['/', '/estate/XQ3406210001', `/enterprise/${creditCode}`, '/credit', '/data/'];
const categories = ['performance', 'accessibility', 'best-practices', 'seo'];
const least = { performance: 0.95, accessibility: 1, 'best-practices': 1, seo: 1 };

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM,
  chromeFlags: ['--headless=new', '--no-sandbox', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
});
const failures = [];
try {
  for (const path of pages) {
    const { lhr } = await lighthouse(`${base}${path}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: categories });
    const scores = Object.fromEntries(categories.map((c) => [c, Math.round(lhr.categories[c].score * 100)]));
    console.log(`lighthouse ${path.padEnd(40)} ${categories.map((c) => `${c} ${scores[c]}`).join(' · ')}`);
    for (const c of categories) {
      if (lhr.categories[c].score < least[c]) {
        const below = lhr.categories[c].auditRefs
          .map((ref) => lhr.audits[ref.id])
          .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative')
          .map((a) => `${a.id} ${a.score}`);
        failures.push(`${path}: ${c} ${scores[c]} < ${least[c] * 100} (${below.join(', ')})`);
      }
    }
  }
} finally {
  await chrome.kill();
}
if (failures.length) {
  console.error(`lighthouse FAILED:\n${failures.join('\n')}`);
  process.exit(1);
}
console.log(`lighthouse passed: ${pages.length} pages, accessibility, best practices and SEO 100, performance ≥ 95`);
