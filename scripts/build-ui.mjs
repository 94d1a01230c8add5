// Builds the add-in's pages, each one self-contained HTML file (HtmlService serves one file; no CDN): a script bundled
// by esbuild (IIFE, minified, ES2020) and src/ui/sidebar.css, inlined into the page's template.
// - build/sidebar.html: src/ui/main.ts into src/ui/sidebar.html (the sidebar, opened on every use: kept small).
// - build/files.html: src/ui/files/main.ts into src/ui/files/files.html (部門ファイルの配布・回収, a dialog opened
//   only for that job). It holds exceljs, the prebuilt browser file without its polyfills (Chromium-era browsers
//   need none), and JSZip.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const UI = join(ROOT, 'src', 'ui');

/** Writes `file` from a script entry and a template; returns its size and the size of its script and style. */
async function buildPage(file, entry, templateFile, alias = {}) {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    charset: 'utf8',
    minify: true,
    legalComments: 'none',
    platform: 'browser',
    logLevel: 'warning',
    alias,
  });
  // "</script" inside the script would end the element early.
  const js = result.outputFiles[0].text.replace(/<\/(script)/gi, '<\\/$1');
  const css = readFileSync(join(UI, 'sidebar.css'), 'utf8');
  const template = readFileSync(templateFile, 'utf8');
  for (const mark of ['/*CSS*/', '/*JS*/'])
    if (template.split(mark).length !== 2) throw new Error(`${templateFile} must hold ${mark} exactly once`);
  // Replacer functions: `$` in the bundle must not be read as a replacement pattern.
  const html = template.replace('/*CSS*/', () => css).replace('/*JS*/', () => js);
  writeFileSync(file, html);
  return { bytes: Buffer.byteLength(html), script: Buffer.byteLength(js), style: Buffer.byteLength(css) };
}

/** Writes `file` (build/sidebar.html). */
export function buildSidebar(file) {
  return buildPage(file, join(UI, 'main.ts'), join(UI, 'sidebar.html'));
}

/** Writes `file` (build/files.html). */
export function buildFilesDialog(file) {
  return buildPage(file, join(UI, 'files', 'main.ts'), join(UI, 'files', 'files.html'), { exceljs: 'exceljs/dist/exceljs.bare.min.js' });
}
