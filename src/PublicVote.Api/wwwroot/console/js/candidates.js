// 候选对象与初审: the campaign's candidates with filters, their photos, and the review actions (approve, reject with a
// reason, disqualify with a reason) of docs/candidates.md. Every name and text arrives as text, never as HTML.
import { api, describe } from './api.js';
import { el, table, when } from './dom.js';

const admin = (id) => `/api/admin/campaigns/${id}/candidates`;
export const REVIEW = { submitted: '待初审', approved: '已通过', rejected: '已退回' };
export const STANDING = { active: '有效', withdrawn: '已退出', disqualified: '取消资格' };
const PAGE_SIZE = 20;

function select(id, label, options, value) {
  return el('label', {}, label, el('select', { id }, options.map(([v, text]) => el('option', { value: v, selected: v === value }, text))));
}

export async function candidates(root, id, params) {
  const campaign = await api.get(`/api/v1/campaigns/${id}`);
  const filter = {
    categoryId: params.get('categoryId') ?? '', districtId: params.get('districtId') ?? '', reviewStatus: params.get('reviewStatus') ?? '',
    status: params.get('status') ?? '', q: params.get('q') ?? '', page: Number(params.get('page') ?? 1),
  };
  const categories = Object.fromEntries(campaign.categories.map((c) => [c.id, c.name]));
  const districts = Object.fromEntries((campaign.districts ?? []).map((d) => [d.id, d.name]));
  const detail = el('section', { id: 'candidate-detail', class: 'card', hidden: true, 'aria-live': 'polite' });
  const list = el('div', { id: 'candidate-list' });

  const form = el('form', { class: 'filters card', onsubmit: (event) => { event.preventDefault(); go({ page: 1 }); } },
    select('f-category', '类别', [['', '全部'], ...campaign.categories.map((c) => [String(c.id), c.name])], filter.categoryId),
    (campaign.districts ?? []).length
      ? select('f-district', '推荐单位', [['', '全部'], ...campaign.districts.map((d) => [String(d.id), d.name])], filter.districtId) : '',
    select('f-review', '初审', [['', '全部'], ...Object.entries(REVIEW)], filter.reviewStatus),
    select('f-status', '资格', [['', '全部'], ...Object.entries(STANDING)], filter.status),
    el('label', {}, '编号或名称 ', el('input', { id: 'f-q', value: filter.q, size: 12, maxlength: 50 })),
    el('button', { type: 'submit' }, '查询'));

  function go(change) {
    const next = new URLSearchParams({ campaign: id, view: 'candidates' });
    const values = {
      categoryId: form.querySelector('#f-category').value, districtId: form.querySelector('#f-district')?.value ?? '',
      reviewStatus: form.querySelector('#f-review').value, status: form.querySelector('#f-status').value,
      q: form.querySelector('#f-q').value.trim(), page: filter.page, ...change,
    };
    for (const [k, v] of Object.entries(values)) if (v !== '' && v !== null && v !== undefined) next.set(k, v);
    if (location.hash.slice(1) === next.toString()) loadList().catch(showError);
    else location.hash = next.toString();
  }

  async function loadList() {
    const query = new URLSearchParams({ page: filter.page, pageSize: PAGE_SIZE });
    for (const k of ['categoryId', 'districtId', 'reviewStatus', 'status', 'q']) if (filter[k]) query.set(k, filter[k]);
    const page = await api.get(`${admin(id)}?${query}`);
    const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
    list.replaceChildren(
      el('p', { class: 'explain' }, `共 ${page.total} 个，第 ${page.page} / ${pages} 页`),
      table(['照片', '编号', '名称', '类别', '推荐单位', '单位 · 职务', '初审', '资格', '照片数', ''], page.items.map((c) => [
        c.thumbUrl ? el('img', { class: 'thumb', src: c.thumbUrl, alt: `${c.name} 的照片`, loading: 'lazy' }) : el('span', { class: 'explain' }, '无照片'),
        c.number, c.name, categories[c.categoryId] ?? c.categoryId, districts[c.districtId] ?? '',
        [c.unitName, c.post].filter(Boolean).join(' · '),
        state(REVIEW[c.reviewStatus] ?? c.reviewStatus, c.reviewReason, `review-${c.reviewStatus}`),
        state(STANDING[c.status] ?? c.status, c.statusReason, `standing-${c.status}`),
        c.photos,
        el('button', { type: 'button', class: 'open', onclick: () => open(c.id).catch(showError) }, '审核'),
      ]), (i) => `candidate-row${page.items[i].reviewStatus === 'submitted' ? ' to-review' : ''}`),
      el('p', { class: 'pager' },
        el('button', { type: 'button', disabled: page.page <= 1, onclick: () => go({ page: page.page - 1 }) }, '上一页'),
        el('button', { type: 'button', disabled: page.page >= pages, onclick: () => go({ page: page.page + 1 }) }, '下一页')));
  }

  const showError = (e) => list.prepend(el('p', { class: 'error', role: 'alert' }, describe(e)));

  async function open(candidateId) {
    const c = await api.get(`${admin(id)}/${candidateId}`);
    detail.hidden = false;
    detail.replaceChildren(...candidateCard(c, categories, districts), reviewActions(c));
    detail.scrollIntoView({ block: 'start' });
  }

  function reviewActions(c) {
    const reason = el('textarea', { id: 'review-reason', rows: 2, cols: 60, maxlength: 500, placeholder: '退回或取消资格时必填，将记入审计日志' });
    const message = el('p', { id: 'review-message', role: 'status' });
    const act = async (action, needsReason) => {
      const text = reason.value.trim();
      if (needsReason && !text) {
        message.className = 'error';
        message.textContent = '请填写理由。';
        return;
      }
      try {
        const after = await api.post(`${admin(id)}/${c.id}/${action}`, needsReason ? { reason: text } : undefined);
        await loadList();
        await open(c.id);
        detail.querySelector('#review-message').textContent =
          `已保存：${after.number} ${after.name} — 初审：${REVIEW[after.reviewStatus]}；资格：${STANDING[after.status]}。`;
      } catch (e) {
        message.className = 'error';
        message.textContent = describe(e);
      }
    };
    const active = c.status === 'active';
    return el('div', { class: 'review-actions' },
      el('h3', {}, '审核'),
      el('label', { class: 'block' }, '理由', reason),
      el('p', { class: 'actions' },
        el('button', { type: 'button', id: 'approve', disabled: !active || c.reviewStatus === 'approved', onclick: () => act('approve', false) }, '通过初审'),
        el('button', { type: 'button', id: 'reject', disabled: !active || c.reviewStatus === 'rejected', onclick: () => act('reject', true) }, '退回（需填理由）'),
        el('button', { type: 'button', id: 'disqualify', class: 'danger', disabled: c.status === 'withdrawn' || c.status === 'disqualified', onclick: () => act('disqualify', true) }, '取消资格（需填理由）'),
        el('button', { type: 'button', onclick: () => { detail.hidden = true; } }, '关闭')),
      message);
  }

  root.append(el('h2', {}, '候选对象与初审'), form, detail, list);
  await loadList();
  if (params.get('open')) await open(params.get('open'));
}

function state(label, reason, className) {
  return el('span', { class: className }, label, reason ? el('span', { class: 'explain' }, `（${reason}）`) : '');
}

function candidateCard(c, categories, districts) {
  const fields = Object.entries(c.fields ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join('、') : String(v)]);
  return [
    el('h3', {}, `${c.number} ${c.name}`),
    el('p', { class: 'explain' }, `${categories[c.categoryId] ?? ''} · ${districts[c.districtId] ?? '无推荐单位'} · 更新于 ${when(c.updatedAt)}`),
    el('div', { class: 'photos' }, c.photos.length
      ? c.photos.map((p, i) => el('a', { href: p.url, target: '_blank', rel: 'noopener' },
        el('img', { class: 'thumb large', src: p.thumbUrl, alt: `${c.name} 的照片 ${i + 1}`, width: 160 })))
      : el('p', { class: 'explain' }, '还没有照片')),
    table(['项目', '内容'], [
      ['初审', `${REVIEW[c.reviewStatus] ?? c.reviewStatus}${c.reviewReason ? `（${c.reviewReason}）` : ''}`],
      ['资格', `${STANDING[c.status] ?? c.status}${c.statusReason ? `（${c.statusReason}）` : ''}`],
      ['单位 · 职务', [c.unitName, c.post].filter(Boolean).join(' · ')], ['宣言', c.slogan], ['荣誉', c.honours],
      ...fields].filter(([, value]) => value)),
    c.materials ? el('details', {}, el('summary', {}, '事迹材料'), el('p', { class: 'materials' }, c.materials)) : '',
  ];
}
