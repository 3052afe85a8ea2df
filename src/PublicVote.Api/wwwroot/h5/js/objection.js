// The objection form (异议) of the public notices: 初审公示 of the candidates and 结果公示 of the results.
import { $, h, show, idParam } from './dom.js';
import { api } from './api.js';
import { messageOf } from './problems.js';
import { renderBanner, renderNav, renderFatal, renderBadLink, objectionsOpen } from './campaign.js';
import { matches } from './cards.js';

const campaignId = idParam('c');
const presetId = idParam('id');

async function start() {
  if (!campaignId) return renderBadLink();
  try {
    const [campaign, candidate] = await Promise.all([
      api.campaign(campaignId), presetId ? api.candidate(campaignId, presetId) : null]);
    renderBanner(campaign);
    renderNav(campaign, null);
    if (!objectionsOpen(campaign)) {
      show($('#main'), h('section', { class: 'card notice' }, h('p', { text: '现在不在公示期，暂不受理异议。' })));
      return;
    }
    renderForm(candidate);
  } catch (error) {
    renderFatal(error, start);
  }
}

function field(id, label, control, help) {
  return h('p', { class: 'field' }, h('label', { for: id, text: label }), control, help ? h('span', { class: 'muted help', id: `${id}-help`, text: help }) : null);
}

function renderForm(candidate) {
  const status = h('div', { id: 'form-status', role: 'status', tabindex: -1 });
  const form = h('form', { class: 'card form', novalidate: true, onsubmit: submit },
    h('h2', { text: '提出异议' }),
    h('p', { class: 'muted', text: '请如实反映问题。我们会认真核实，并对您的个人信息保密。' }),
    candidate
      ? h('p', {}, '候选人：', h('strong', { text: `${candidate.number}号 ${candidate.name}` }), h('input', { type: 'hidden', name: 'candidateId', value: candidate.id }))
      : field('number', '候选人编号', h('input', { id: 'number', name: 'number', required: true, inputmode: 'numeric', maxlength: 20, autocomplete: 'off' })),
    field('text', '异议内容', h('textarea', { id: 'text', name: 'text', required: true, rows: 6, maxlength: 2000, 'aria-describedby': 'text-help' }),
      '请写明具体事实，最多 2000 字。'),
    field('contactName', '联系人（选填）', h('input', { id: 'contactName', name: 'contactName', maxlength: 50, autocomplete: 'name' })),
    field('contactPhone', '联系电话（选填）', h('input', { id: 'contactPhone', name: 'contactPhone', type: 'tel', maxlength: 20, autocomplete: 'tel', inputmode: 'tel' })),
    h('button', { type: 'submit', class: 'btn', text: '提交' }),
    status);
  show($('#main'), form);
}

async function findCandidate(number) {
  const page = await api.candidates(campaignId, { q: number, pageSize: 100 });
  return page.items.find((k) => matches(k, number) && String(k.number).replace(/^0+/, '') === number.replace(/^0+/, ''));
}

async function submit(event) {
  event.preventDefault();
  const form = event.target;
  const status = $('#form-status');
  const button = form.querySelector('button[type=submit]');
  const text = form.text.value.trim();
  const phone = form.contactPhone.value.trim();
  if (!text) return show(status, h('p', { class: 'error', role: 'alert', text: '请填写异议内容。' }));
  if (phone && !/^[0-9+\- ]{5,20}$/.test(phone)) return show(status, h('p', { class: 'error', role: 'alert', text: '联系电话只能填数字。' }));
  button.disabled = true;
  try {
    let candidateId = form.candidateId?.value;
    if (!candidateId) {
      const found = await findCandidate(form.number.value.trim());
      if (!found) {
        show(status, h('p', { class: 'error', role: 'alert', text: '没有找到这个编号的候选人，请检查。' }));
        return;
      }
      candidateId = found.id;
    }
    const body = { candidateId: Number(candidateId), text };
    if (form.contactName.value.trim()) body.contactName = form.contactName.value.trim();
    if (phone) body.contactPhone = phone;
    const answer = await api.objection(campaignId, body);
    show(form, h('h2', { text: '已收到您的异议' }),
      h('p', { text: `受理编号：${answer?.objectionId ?? '—'}。我们会认真核实，感谢您的监督。` }),
      h('a', { class: 'btn', href: `/h5/?c=${encodeURIComponent(campaignId)}`, text: '返回首页' }));
  } catch (error) {
    show(status, h('p', { class: 'error', role: 'alert', text: error.status === 404 && error.type?.endsWith(':not-found') ? '异议通道暂未开放。' : messageOf(error) }));
  } finally {
    button.disabled = false;
  }
  status.focus();
}

start();
