/** The sidebar page: two views behind tabs (部門の入力, 提出状況), opened on the active tab's department. */
import { CoordinatorView } from './coordinator-view';
import { DeptView } from './dept-view';
import { el, fill } from './dom';
import { call } from './server';

function tabs(panels: { id: string; label: string; panel: HTMLElement; open: () => void }[]): HTMLElement {
  const list = el('div', { role: 'tablist', 'aria-label': '表示の切り替え' });
  const buttons = panels.map((p, i) => {
    const b = el('button', { type: 'button', role: 'tab', id: `tab-${p.id}`, 'aria-controls': `panel-${p.id}`, 'aria-selected': String(i === 0), tabindex: i === 0 ? 0 : -1 }, p.label);
    p.panel.id = `panel-${p.id}`;
    p.panel.setAttribute('role', 'tabpanel');
    p.panel.setAttribute('aria-labelledby', b.id);
    p.panel.hidden = i !== 0;
    return b;
  });
  const select = (i: number) => {
    buttons.forEach((b, j) => {
      b.setAttribute('aria-selected', String(i === j));
      b.tabIndex = i === j ? 0 : -1;
      panels[j].panel.hidden = i !== j;
    });
    buttons[i].focus();
    panels[i].open();
  };
  buttons.forEach((b, i) => {
    b.addEventListener('click', () => select(i));
    // Arrow keys move between tabs (WAI-ARIA tabs pattern).
    b.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') select((i + (e.key === 'ArrowRight' ? 1 : buttons.length - 1)) % buttons.length);
    });
    list.appendChild(b);
  });
  return list;
}

async function start(): Promise<void> {
  const app = document.getElementById('app')!;
  const dept = new DeptView();
  const coordinator = new CoordinatorView();
  let coordinatorLoaded = false;
  const deptPanel = el('div', {}, dept.root);
  const coordinatorPanel = el('div', {}, coordinator.root);
  fill(app,
    tabs([
      { id: 'dept', label: '部門の入力', panel: deptPanel, open: () => undefined },
      { id: 'coordinator', label: '提出状況', panel: coordinatorPanel, open: () => { if (!coordinatorLoaded) { coordinatorLoaded = true; void coordinator.load(); } } },
    ]),
    deptPanel, coordinatorPanel);
  window.addEventListener('beforeunload', (e) => {
    if (dept.changes().length) e.preventDefault();
  });
  dept.showMessage('読み込み中…');
  try {
    const s = await call('sidebarStart');
    if (s.form) {
      dept.render(s.form);
      dept.showMessage(s.activeDept ? '' : '部門を選んでください。');
    } else {
      dept.showMessage('計画マスタに部門がありません。調整部門が「初期設定」と「部門シート作成・更新」を実行してください。', 'error');
    }
  } catch (e) {
    dept.showMessage((e as Error).message, 'error');
  }
}

document.addEventListener('DOMContentLoaded', () => void start());
