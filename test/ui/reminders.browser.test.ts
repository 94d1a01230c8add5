/**
 * The 督促 section in a real browser (Debian's Chromium through playwright-core) against the local preview over a
 * copy of the demo .xlsx: folded and not loaded until opened; then one entry per department not submitted, each with
 * its mail (宛先, 件名, 本文) to read, and, since the preview cannot send mail, no 送信 and the pointer to
 * `shinchoku remind --drafts`. The file is not changed.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reminderPlan } from '../../src/core/cycle/reminders';
import { XlsxWorkbook } from '../../src/node/xlsx-workbook';
import { openPreviewPage, SHOTS, useBrowser } from '../support/browser';

jest.setTimeout(60_000);

const fx = useBrowser('shinchoku-remind-ui-');

const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

test('督促: the departments not submitted with their mails; the preview shows drafts and points to shinchoku remind', async () => {
  const file = join(fx.dir, 'book.xlsx');
  copyFileSync(fx.template, file);
  const expected = reminderPlan(await XlsxWorkbook.open(file), { year: null, link: (d) => d });
  expect(expected.mails.length).toBeGreaterThan(1);
  const before = hash(file);
  const { preview, page, errors, close } = await openPreviewPage(fx.browser, { book: file });
  try {
    await page.goto(preview.url);
    await page.locator('#dept-select').waitFor();
    await page.click('#tab-coordinator');
    await page.locator('#reminder-section').waitFor();
    // Folded: nothing asked of the server until the coordinator opens it.
    expect(preview.calls).not.toContain('sidebarReminders');
    await page.click('#reminder-heading');
    await page.locator('#reminder-list li.reminder').first().waitFor();
    expect(preview.calls.filter((c) => c === 'sidebarReminders')).toHaveLength(1);

    const labels = await page.locator('#reminder-list li.reminder label').allInnerTexts();
    expect(labels.map((l) => l.trim())).toEqual(expected.mails.map((m) => m.dept));
    // The demo has no 入力担当者メール: each says why it cannot be sent; nothing can be ticked here.
    await expect(page.locator('#reminder-list .error').count()).resolves.toBe(expected.mails.length);
    await expect(page.locator('#reminder-list input[type=checkbox]:enabled').count()).resolves.toBe(0);
    // A mail's subject and body, unfolded.
    const first = page.locator('#reminder-list li.reminder').first();
    await first.locator('.mail-preview summary').click();
    await expect(first.locator('.mail-preview').innerText()).resolves.toContain(expected.mails[0].subject);
    await expect(first.locator('.mail-body').innerText()).resolves.toContain('■ 提出期限');
    // No mail leaves the preview.
    await expect(page.locator('#send-reminders').isVisible()).resolves.toBe(false);
    await expect(page.locator('#reminder-note').innerText()).resolves.toContain('shinchoku remind');
    await expect(page.locator('#reminder-quota').count()).resolves.toBe(0);
    await expect(page.locator('#reminder-auto').innerText()).resolves.toContain('Google スプレッドシートのサイドバーで設定します');
    await page.locator('#reminder-section').screenshot({ path: join(SHOTS, 'coordinator-reminders.png') });
    expect(errors).toEqual([]);
    expect(hash(file)).toBe(before);
  } finally {
    await close();
  }
});
