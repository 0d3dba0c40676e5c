// The explorer works with no internet: headless Chromium opens /graphql with every request to another host refused,
// a query typed into the editor returns data, and the console shows no error.
import puppeteer from 'puppeteer-core';

const base = process.env.WUYE_URL;
const executablePath = process.env.CHROMIUM;
const browser = await puppeteer.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
});
const failures = [];
try {
  const page = await browser.newPage();
  const errors = [];
  const elsewhere = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol.startsWith('http') && url.host !== new URL(base).host) {
      elsewhere.push(request.url());
      request.abort();
    } else {
      request.continue();
    }
  });
  await page.goto(`${base}/graphql`, { waitUntil: 'networkidle0', timeout: 60000 });
  await page.waitForSelector('.graphiql-query-editor .CodeMirror', { timeout: 30000 });
  await page.click('.graphiql-query-editor .CodeMirror');
  await page.keyboard.down('Control');
  await page.keyboard.press('KeyA');
  await page.keyboard.up('Control');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('{ towns(first: 3) { edges { node { code name } } } }');
  await page.click('.graphiql-execute-button');
  await page.waitForFunction(
    () => (document.querySelector('.graphiql-response')?.innerText ?? '').includes('"edges"'),
    { timeout: 30000 },
  );
  const answer = await page.$eval('.graphiql-response', (element) => element.innerText);
  if (!answer.includes('濉溪镇')) failures.push(`the answer has no town: ${answer.slice(0, 300)}`);
  if (errors.length) failures.push(`console errors: ${errors.join(' | ')}`);
  if (elsewhere.length) failures.push(`requests to other hosts: ${elsewhere.join(' ')}`);
  console.log(`explorer answered: ${answer.replace(/\s+/g, ' ').slice(0, 160)}`);
} catch (error) {
  failures.push(String(error));
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(`explorer test FAILED:\n${failures.join('\n')}`);
  process.exit(1);
}
console.log('explorer test passed: loaded, answered, no console error, no other host');
