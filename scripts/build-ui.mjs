// Builds the sidebar page: src/ui/main.ts bundled by esbuild (IIFE, minified, ES2020) and src/ui/sidebar.css,
// both inlined into src/ui/sidebar.html, giving one self-contained HTML file (HtmlService serves one file; no CDN).
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const UI = join(ROOT, 'src', 'ui');

/** Writes `file` (build/sidebar.html) and returns its size and the size of its script and style. */
export async function buildSidebar(file) {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [join(UI, 'main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    charset: 'utf8',
    minify: true,
    legalComments: 'none',
    platform: 'browser',
    logLevel: 'warning',
  });
  // "</script" inside the script would end the element early.
  const js = result.outputFiles[0].text.replace(/<\/(script)/gi, '<\\/$1');
  const css = readFileSync(join(UI, 'sidebar.css'), 'utf8');
  const template = readFileSync(join(UI, 'sidebar.html'), 'utf8');
  for (const mark of ['/*CSS*/', '/*JS*/'])
    if (template.split(mark).length !== 2) throw new Error(`src/ui/sidebar.html must hold ${mark} exactly once`);
  // Replacer functions: `$` in the bundle must not be read as a replacement pattern.
  const html = template.replace('/*CSS*/', () => css).replace('/*JS*/', () => js);
  writeFileSync(file, html);
  return { bytes: Buffer.byteLength(html), script: Buffer.byteLength(js), style: Buffer.byteLength(css) };
}
