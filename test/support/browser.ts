/**
 * What the browser tests share: Debian's Chromium through playwright-core (CHROMIUM_PATH overrides), the screenshot
 * folder the README shows, and per test file a temporary folder holding a demo workbook to copy.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureDemoBook, startPreview, type Preview, type PreviewOptions } from '../../src/node/preview';

export const SHOTS = join(__dirname, '..', 'ui', 'screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-default-apps'],
  });
}

export interface BrowserFixture {
  browser: Browser;
  /** The file's temporary folder. */
  dir: string;
  /** The demo workbook in it, made once (copy it; do not change it). */
  template: string;
}

/** Registers beforeAll/afterAll for a test file: one browser and one demo template, closed at the end. */
export function useBrowser(prefix: string): BrowserFixture {
  const fixture = {} as BrowserFixture;
  beforeAll(async () => {
    fixture.dir = mkdtempSync(join(tmpdir(), prefix));
    fixture.template = join(fixture.dir, 'demo-template.xlsx');
    await ensureDemoBook(fixture.template);
    mkdirSync(SHOTS, { recursive: true });
    fixture.browser = await launchChromium();
  });
  afterAll(async () => {
    await fixture.browser?.close();
  });
  return fixture;
}

/** A preview over a book with one page open on it, collecting the page's uncaught errors. */
export interface PreviewPage {
  preview: Preview;
  page: Page;
  /** Uncaught errors of the page, in order (a test expects none). */
  errors: string[];
  close(): Promise<void>;
}

/** Starts the preview on the built sidebar (or `options.page`) and opens a page of the given size on it (not yet loaded). */
export async function openPreviewPage(browser: Browser, options: PreviewOptions, viewport = { width: 300, height: 900 }, timeoutMs = 10_000): Promise<PreviewPage> {
  const preview = await startPreview({ page: join(__dirname, '..', '..', 'build', 'sidebar.html'), ...options });
  const page = await browser.newPage({ viewport });
  page.setDefaultTimeout(timeoutMs);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { preview, page, errors, close: async () => { await page.close(); await preview.close(); } };
}
