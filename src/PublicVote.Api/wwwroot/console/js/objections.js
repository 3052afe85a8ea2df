// 异议: objections filed during 初审公示 and 结果公示 (docs/objections.md), newest first; an open one is resolved here
// as upheld or dismissed with a written resolution (audited). Contact data is shown to organizers only, as text.
import { api, describe } from './api.js';
import { el, table, when } from './dom.js';
import { STANDING } from './candidates.js';

const admin = (id) => `/api/admin/campaigns/${id}/objections`;
const STATUS = { open: '待处理', upheld: '异议成立', dismissed: '异议不成立' };
const PHASE = { review: '初审公示', resultsNotice: '结果公示' };

export async function objections(root, id, params) {
  const status = params.get('status') ?? 'open';
  const phase = params.get('phase') ?? '';
  const go = (change) => {
    const next = new URLSearchParams({ campaign: id, view: 'objections', status, phase, ...change });
    if (!next.get('phase')) next.delete('phase');
    location.hash = next.toString();
  };
  const query = new URLSearchParams({ pageSize: 200 });
  if (status !== 'all') query.set('status', status);
  if (phase) query.set('phase', phase);
  const page = await api.get(`${admin(id)}?${query}`);
  const refresh = async () => {
    root.replaceChildren();
    await objections(root, id, params);
  };

  const filters = el('form', { class: 'filters card', onsubmit: (e) => e.preventDefault() },
    el('label', {}, '状态 ', el('select', { id: 'o-status', onchange: (e) => go({ status: e.target.value }) },
      [['open', '待处理'], ['upheld', '异议成立'], ['dismissed', '异议不成立'], ['all', '全部']].map(([v, t]) => el('option', { value: v, selected: v === status }, t)))),
    el('label', {}, '阶段 ', el('select', { id: 'o-phase', onchange: (e) => go({ phase: e.target.value }) },
      [['', '全部'], ['review', '初审公示'], ['resultsNotice', '结果公示']].map(([v, t]) => el('option', { value: v, selected: v === phase }, t)))));

  root.append(el('h2', {}, `异议（${page.total} 件）`), filters,
    page.items.length === 0 ? el('p', { class: 'explain' }, '没有符合条件的异议。') : table(
      ['受理编号', '提交时间', '候选对象', '阶段', '异议内容', '联系人', '联系电话', '状态', '处理'],
      page.items.map((o) => [
        o.id, when(o.filedAt),
        `${o.candidateNumber} ${o.candidateName}${o.candidateStatus !== 'active' ? `（${STANDING[o.candidateStatus] ?? o.candidateStatus}）` : ''}`,
        PHASE[o.phase] ?? o.phase, el('span', { class: 'objection-text' }, o.text), o.contactName ?? '', o.contactPhone ?? '',
        STATUS[o.status] ?? o.status,
        o.status === 'open' ? resolveForm(id, o, refresh) : resolved(id, o),
      ]), (i) => `objection objection-${page.items[i].status}`));
}

function resolved(id, o) {
  return el('div', {},
    el('p', {}, o.resolution),
    el('p', { class: 'explain' }, `${o.resolvedBy ?? ''} ${when(o.resolvedAt)}`),
    o.followUp?.action === 'disqualify'
      ? el('a', { href: `#campaign=${encodeURIComponent(id)}&view=candidates&q=${encodeURIComponent(o.candidateNumber)}&open=${o.candidateId}` }, '去取消该候选对象资格 →')
      : '');
}

function resolveForm(id, o, done) {
  const outcome = el('select', { name: 'outcome', 'aria-label': '处理结论' },
    el('option', { value: 'dismissed' }, '异议不成立'), el('option', { value: 'upheld' }, '异议成立'));
  const text = el('textarea', { name: 'resolution', rows: 2, cols: 28, maxlength: 2000, required: true, 'aria-label': '处理意见', placeholder: '处理意见（必填，将记入审计日志）' });
  const message = el('p', { class: 'error', role: 'alert' });
  return el('form', {
    class: 'resolve',
    onsubmit: async (event) => {
      event.preventDefault();
      if (!text.value.trim()) {
        message.textContent = '请填写处理意见。';
        return;
      }
      try {
        await api.post(`/api/admin/campaigns/${id}/objections/${o.id}/resolution`, { outcome: outcome.value, resolution: text.value.trim() });
        done();
      } catch (e) {
        message.textContent = describe(e);
      }
    },
  }, outcome, text, el('button', { type: 'submit' }, '提交处理'), message);
}
