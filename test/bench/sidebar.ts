/**
 * Section 6: the sidebar. For now only the page's size; the sidebar's data for a 200-indicator department and the
 * server calls per view are to be added here with the sidebar itself.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './root';
import { fmt, type Section } from './table';

const PAGE = path.join(ROOT, 'build', 'sidebar.html');

export function sidebarSection(): Section {
  const rows = fs.existsSync(PAGE)
    ? [['build/sidebar.html', fmt(fs.statSync(PAGE).size), fmt(gzipSync(fs.readFileSync(PAGE)).length)]]
    : [['build/sidebar.html', 'n/a (sidebar not built yet)', '']];
  return {
    title: '6. Sidebar',
    tables: [
      {
        title: 'Page size',
        head: ['file', 'bytes', 'gzipped'],
        rows,
        notes: ['Still to measure: the data sent for a department with 200 indicators, and the server calls to open each view.'],
      },
    ],
  };
}
