// 阶段: where the campaign is, what overrides its dates, and the organizer's hold / advance / release, each with a
// reason (docs/phases.md). The vote window shown is the one the vote path reads, as the change left it.
import { api, describe } from './api.js';
import { el, stat, table, when } from './dom.js';

const MODE = { hold: '暂停（保持在此阶段）', advance: '提前进入' };
// PostgreSQL 'infinity' arrives as year 9999: an open end while a hold lasts.
const instant = (iso) => (!iso ? '—' : iso.startsWith('9999') ? '不限（暂停中）' : when(iso));

export async function phase(root, id) {
  const view = await api.get(`/api/admin/campaigns/${id}/phase`);
  render(root, id, view, '');
}

function render(root, id, view, done) {
  const current = view.phase;
  const names = Object.fromEntries(view.phases.map((p) => [p.kind, p.name]));
  const currentIndex = view.phases.findIndex((p) => p.kind === current?.kind);
  const later = view.phases.filter((_, i) => i > currentIndex);
  const reason = el('textarea', { id: 'phase-reason', rows: 2, cols: 60, maxlength: 500, placeholder: '每次调整都必须说明理由，将记入审计日志' });
  const target = el('select', { id: 'advance-to', 'aria-label': '提前进入的阶段' }, later.map((p) => el('option', { value: p.kind }, p.name)));
  const message = el('p', { id: 'phase-message', role: 'status' }, done);
  const change = async (action, body) => {
    if (!reason.value.trim()) {
      message.className = 'error';
      message.textContent = '请填写理由。';
      return;
    }
    try {
      const after = await api.post(`/api/admin/campaigns/${id}/phase/${action}`, { ...body, reason: reason.value.trim() });
      root.replaceChildren();
      render(root, id, after, `已${{ hold: '暂停', advance: '提前进入', release: '解除调整' }[action]}：当前阶段 ${after.phase?.name ?? '无'}。`);
    } catch (e) {
      message.className = 'error';
      message.textContent = describe(e);
    }
  };
  root.append(
    el('h2', {}, '阶段控制'),
    el('div', { class: 'grid' },
      stat('当前阶段', current ? `${current.name}${current.override ? `（${MODE[current.override]}）` : ''}` : '不在任何阶段'),
      stat('本阶段日程', current ? `${when(current.startsAt)} – ${when(current.endsAt)}` : '—'),
      stat('下一阶段', view.next ? names[view.next] ?? view.next : '—'),
      stat('投票时间（实际生效）', `${instant(view.voteStartsAt)} – ${instant(view.voteEndsAt)}`),
      stat('人工调整', view.override ? `${MODE[view.override.mode]}：${names[view.override.phase] ?? view.override.phase}（${when(view.override.at)}）` : '无，按日程')),
    el('div', { class: 'card phase-actions' },
      el('label', { class: 'block' }, '理由', reason),
      el('p', { class: 'actions' },
        el('button', { type: 'button', id: 'hold', disabled: !current || current.override === 'hold', onclick: () => change('hold', {}) }, '暂停在当前阶段'),
        el('span', {}, el('button', { type: 'button', id: 'advance', disabled: later.length === 0, onclick: () => change('advance', { phase: target.value }) }, '提前进入'), ' ', target),
        el('button', { type: 'button', id: 'release', disabled: !view.override, onclick: () => change('release', {}) }, '解除调整，按日程')),
      message),
    el('h3', {}, '日程'),
    table(['阶段', '开始', '结束', '异议截止'], view.phases.map((p) => [p.name, when(p.startsAt), when(p.endsAt), p.objectionsUntil ? when(p.objectionsUntil) : '']),
      (i) => (i === currentIndex ? 'current' : '')));
}
