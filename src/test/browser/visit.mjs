// Visits pymirror's web UI in headless Chromium as a person would, and prints what it sees as JSON
// lines ({"step": ..., ...}) for WebUiBrowserTest to assert on. Screenshots go to the folder given.
// Usage: node visit.mjs BASE_URL SCREENSHOT_DIR
// Page script is switched off: every step works by links and plain forms.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [base, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const emit = (step, facts) => console.log(JSON.stringify({ step, ...facts }));

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-background-networking'],
});
const dialogs = [];
const errors = [];

async function open(context) {
  const page = await context.newPage();
  page.on('dialog', async d => { dialogs.push(d.message()); await d.dismiss(); });
  page.on('pageerror', e => errors.push(String(e)));
  return page;
}

// What a person sees of a page: title, heading, and the rows of its tables by column label.
async function seen(page) {
  return {
    url: page.url().substring(base.length - 1),
    title: await page.title(),
    h1: (await page.locator('h1').first().innerText()).trim(),
  };
}

async function rows(page, table) {
  const result = [];
  for (const tr of await page.locator(`table.${table} tbody tr`).all()) {
    const row = {};
    for (const td of await tr.locator('td').all()) {
      row[await td.getAttribute('data-label')] = (await td.innerText()).trim();
    }
    result.push(row);
  }
  return result;
}

async function noScriptRan(page) {
  return {
    scripts: await page.locator('script').count(),
    images: await page.locator('img').count(),
    dialogs: dialogs.length,
    errors: errors.length,
  };
}

try {
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
  const page = await open(desktop);

  // The server's root, as a browser asks for it.
  let response = await page.goto(base);
  emit('home', { status: response.status(), ...(await seen(page)), indexes: await rows(page, 'indexes') });
  await page.screenshot({ path: join(shots, 'home.png'), fullPage: true });

  // Follow the links: the group, then a project through it.
  await page.getByRole('link', { name: 'main', exact: true }).first().click();
  emit('index', { ...(await seen(page)), projects: await page.locator('ul.projects li').allInnerTexts() });
  await page.getByRole('link', { name: 'acme-lib', exact: true }).click();
  const files = await rows(page, 'files');
  const fileLink = await page.locator('table.files tbody tr a').first().getAttribute('href');
  const download = await page.request.get(new URL(fileLink, page.url()).toString());
  emit('project', { ...(await seen(page)), files, fileLink, fileStatus: download.status(),
    fileBytes: (await download.body()).length });
  await page.screenshot({ path: join(shots, 'project.png'), fullPage: true });

  // Search with the form in the top bar (a GET form: no script needed).
  await page.locator('header form.search input[name=q]').fill('ACME');
  await page.locator('header form.search input[name=q]').press('Enter');
  await page.waitForURL(/\/-\/search\?q=ACME/);
  emit('search', { ...(await seen(page)), summary: (await page.locator('#summary').innerText()).trim(),
    hits: await rows(page, 'results') });
  await page.screenshot({ path: join(shots, 'search.png'), fullPage: true });

  // The hosted project whose yank reason is hostile markup, and a hostile search query: with page
  // script switched on here, so that markup which slipped through would run (and open a dialog).
  const scripted = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: true });
  const hostile = await open(scripted);
  await hostile.goto(base + '-/index/main/acme-app/');
  emit('hostile-reason', { ...(await seen(hostile)), files: await rows(hostile, 'files'), ...(await noScriptRan(hostile)),
    scriptEnabled: await hostile.evaluate(() => true) });
  await hostile.screenshot({ path: join(shots, 'hostile.png'), fullPage: true });
  await hostile.goto(base + '-/search?q=' + encodeURIComponent('<img src=x onerror=alert(1)><script>alert(2)</script>'));
  emit('hostile-query', { ...(await seen(hostile)), summary: (await hostile.locator('#summary').innerText()).trim(),
    field: await hostile.locator('main input[name=q]').inputValue(), ...(await noScriptRan(hostile)) });
  await scripted.close();

  // The hosted index: who uploaded what and when.
  await page.goto(base + '-/index/internal/');
  emit('uploads', { ...(await seen(page)), uploads: await rows(page, 'uploads') });

  // The server page.
  await page.getByRole('link', { name: 'Server', exact: true }).click();
  emit('server', { ...(await seen(page)), facts: await page.locator('section.mirror dl').first().innerText(),
    errors: await rows(page, 'errors') });
  await page.screenshot({ path: join(shots, 'server.png'), fullPage: true });
  await desktop.close();

  // A phone: nothing wider than the screen.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2,
    isMobile: true, hasTouch: true });
  const small = await open(phone);
  for (const [name, path] of [['home', ''], ['index', '-/index/main/'], ['project', '-/index/main/acme-lib/'],
      ['search', '-/search?q=acme'], ['server', '-/server']]) {
    await small.goto(base + path);
    const width = await small.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
      tableDisplay: document.querySelector('table') ? getComputedStyle(document.querySelector('table')).display : null,
    }));
    emit('phone', { page: name, ...width });
    await small.screenshot({ path: join(shots, `phone-${name}.png`), fullPage: true });
  }
  await phone.close();
  emit('done', { dialogs, errors });
} catch (e) {
  emit('failed', { error: String(e && e.stack || e) });
  process.exitCode = 1;
} finally {
  await browser.close();
}
