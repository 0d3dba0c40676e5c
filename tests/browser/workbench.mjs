// The staff workbench in headless Chromium, signed in through a real OpenID provider (oidc-provider.mjs, at
// OIDC_URL): a community receives a complaint, the town assigns it, the enterprise answers it and the community
// closes it, each signing in and out in turn; the authorization request carries PKCE (S256), state and nonce; the
// session cookie is HttpOnly and SameSite=Lax; a post without the CSRF token is refused; a tampered state is refused;
// an ended session is sent to sign in; an account without a role gets nothing; axe-core finds no serious or critical
// violation on the inbox and a form; screenshots of both at 360 and 1280 px go to $WUYE_SCREENSHOTS.
import fs from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const base = process.env.WUYE_URL;
const issuer = process.env.OIDC_URL;
const { estate } = JSON.parse(process.env.OIDC_ACCOUNTS);
const shots = process.env.WUYE_SCREENSHOTS ?? 'target/site-screenshots';
const axeSource = fs.readFileSync(process.env.AXE_PATH, 'utf8');
fs.mkdirSync(shots, { recursive: true });

const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
});

async function axe(page, name) {
  await page.evaluate(axeSource);
  const results = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  for (const v of results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
    failures.push(`${name}: axe ${v.impact} ${v.id} (${v.nodes.length}): ${v.nodes[0]?.target}`);
  }
}

async function shoot(page, name) {
  for (const [width, height, label] of [[360, 740, 'phone'], [1280, 900, 'desktop']]) {
    await page.setViewport({ width, height });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `${name} at ${width}px overflows by ${overflow}px`);
    await page.screenshot({ path: path.join(shots, `workbench-${name}-${label}.png`), fullPage: label === 'phone' });
  }
  await page.setViewport({ width: 1280, height: 900 });
}

/// Signs in at the provider as `login`; returns the authorization request the browser was sent with.
async function signIn(page, login) {
  let authorize = null;
  const seen = (request) => {
    if (!authorize && request.url().startsWith(`${issuer}/auth?`)) authorize = new URL(request.url());
  };
  page.on('request', seen);
  await page.goto(`${base}/staff`, { waitUntil: 'networkidle0' });
  check(page.url() === `${base}/staff/sign-in`, `unsigned /staff went to ${page.url()}`);
  await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('a.button[href="/staff/sign-in/start"]')]);
  await page.type('input[name=login]', login);
  await page.type('input[name=password]', 'any');
  await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('button[type=submit]')]);
  if (page.url().startsWith(issuer)) {
    // The consent prompt.
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('button[type=submit]')]);
  }
  page.off('request', seen);
  return authorize;
}

async function signOut(page) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('.who button[type=submit]')]);
  if (page.url().startsWith(issuer)) {
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('button[name=logout][value=yes]')]);
  }
  check(page.url() === `${base}/staff/signed-out`, `sign-out ended at ${page.url()}`);
}

/// Opens the inbox item of `complaintId` that links to `form`, fills the form and submits it; returns the answer.
async function step(page, form, complaintId, fill) {
  await page.goto(`${base}/staff`, { waitUntil: 'networkidle0' });
  const href = `/staff/act/${form}?id=${encodeURIComponent(complaintId)}`;
  const link = await page.$(`a[href="${href}"]`);
  check(link !== null, `${form}: the complaint is not in the inbox`);
  if (!link) return null;
  await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), link.click()]);
  await fill(page);
  const [answer] = await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('form[action^="/staff/act/"] p > button[type=submit]')]);
  check(answer.status() === 200, `${form}: status ${answer.status()}`);
  check((await page.content()).includes('已完成'), `${form}: not done: ${(await page.$eval('main', (m) => m.innerText)).slice(0, 400)}`);
  return answer;
}

try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  // The community signs in: code flow with PKCE S256, state and nonce.
  const authorize = await signIn(page, 'community-staff');
  check(authorize !== null, 'no authorization request reached the provider');
  if (authorize) {
    const p = authorize.searchParams;
    check(p.get('response_type') === 'code', `response_type ${p.get('response_type')}`);
    check(p.get('code_challenge_method') === 'S256' && (p.get('code_challenge') ?? '').length >= 43, 'no PKCE S256 challenge');
    check((p.get('state') ?? '').length >= 16 && (p.get('nonce') ?? '').length >= 16, 'no state or nonce');
    check(p.get('redirect_uri') === `${base}/staff/callback`, `redirect_uri ${p.get('redirect_uri')}`);
  }
  check(page.url() === `${base}/staff`, `after sign-in: ${page.url()}`);
  const session = (await page.cookies()).find((c) => c.name === 'wuye-session');
  check(session && session.httpOnly && session.sameSite === 'Lax' && session.path === '/', `session cookie ${JSON.stringify(session)}`);
  const headers = (await page.goto(`${base}/staff`, { waitUntil: 'networkidle0' })).headers();
  check(headers['content-security-policy']?.includes("frame-ancestors 'none'"), 'no CSP frame-ancestors');
  check(headers['x-content-type-options'] === 'nosniff' && headers['referrer-policy'] === 'same-origin', 'security headers');

  // It receives a complaint about the estate, from the estate's page.
  await page.goto(`${base}/staff/record/${encodeURIComponent(estate.id)}`, { waitUntil: 'networkidle0' });
  await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('a[href^="/staff/act/receiveComplaint?"]')]);
  await page.select('#f-channel', 'PHONE');
  await page.select('#f-category', 'SANITATION');
  await page.type('#f-summary', '楼道垃圾三天无人清理（浏览器测试）');
  await axe(page, 'form');
  await shoot(page, 'form');
  await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('form[action="/staff/act/receiveComplaint"] p > button[type=submit]')]);
  check((await page.content()).includes('已完成'), 'receiveComplaint: not done');
  const recordHref = await page.$eval('a[href^="/staff/record/"]', (a) => a.getAttribute('href'));
  const complaintId = decodeURIComponent(recordHref.slice('/staff/record/'.length));

  // A post without the CSRF token is refused, and writes nothing.
  const cookie = (await page.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const forged = await fetch(`${base}/staff/act/assignComplaint`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ id: complaintId, expectedVersion: '1', assignee: 'COMMUNITY' }),
  });
  check(forged.status === 403, `a post without the CSRF token: ${forged.status}`);
  await signOut(page);

  // The town assigns it, the enterprise answers, the community closes it.
  await signIn(page, 'town-staff');
  await page.goto(`${base}/staff`, { waitUntil: 'networkidle0' });
  await axe(page, 'inbox');
  await shoot(page, 'inbox');
  await step(page, 'assignComplaint', complaintId, (p) => p.select('#f-assignee', 'ENTERPRISE'));
  await signOut(page);
  await signIn(page, 'enterprise-staff');
  await step(page, 'respondToComplaint', complaintId, (p) => p.type('#f-body', '已安排保洁当日清理'));
  await signOut(page);
  await signIn(page, 'community-staff');
  await step(page, 'closeComplaint', complaintId, async (p) => {
    await p.type('#f-outcome', '已清理完毕');
    await p.select('#f-satisfaction', 'SATISFIED');
  });
  const closed = await page.goto(`${base}/staff/record/${encodeURIComponent(complaintId)}`, { waitUntil: 'networkidle0' });
  check(closed.status() === 200 && (await page.content()).includes('已办结 — Closed'), 'the complaint does not read as closed');

  // An ended session is sent to sign in: the cookie of a signed-out session is worth nothing.
  const ended = (await page.cookies()).find((c) => c.name === 'wuye-session');
  await signOut(page);
  await page.setCookie(ended);
  await page.goto(`${base}/staff`, { waitUntil: 'networkidle0' });
  check(page.url() === `${base}/staff/sign-in`, `an ended session went to ${page.url()}`);

  // A tampered state is refused (the browser's own sign-in in progress, answered with another state).
  await page.setRequestInterception(true);
  const block = (r) => (r.url().startsWith(issuer) ? r.abort() : r.continue());
  page.on('request', block);
  await page.goto(`${base}/staff/sign-in/start`).catch(() => {});
  page.off('request', block);
  await page.setRequestInterception(false);
  const tampered = await page.goto(`${base}/staff/callback?code=forged&state=tampered`, { waitUntil: 'networkidle0' });
  check(tampered.status() === 403, `a tampered state: ${tampered.status()}`);
  check(!(await page.cookies()).some((c) => c.name === 'wuye-session'), 'a tampered state opened a session');

  // An account without a role and scope is told so, and gets no session.
  await page.goto(`${base}/staff/sign-in`, { waitUntil: 'networkidle0' });
  await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('a.button[href="/staff/sign-in/start"]')]);
  await page.type('input[name=login]', 'no-role');
  await page.type('input[name=password]', 'any');
  await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('button[type=submit]')]);
  if (page.url().startsWith(issuer)) {
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('button[type=submit]')]);
  }
  check((await page.content()).includes('no valid role and scope'), 'an account without a role was not told so');
  check(!(await page.cookies()).some((c) => c.name === 'wuye-session'), 'an account without a role got a session');
  check(errors.length === 0, `page errors: ${errors.join('; ')}`);
} finally {
  await browser.close();
}

if (failures.length) {
  console.error(`workbench: ${failures.length} failure(s):\n${failures.join('\n')}`);
  process.exit(1);
}
console.log('workbench: OpenID sign-in, a complaint from receipt to closing, CSRF, tampered state, ended session, axe: ok');
