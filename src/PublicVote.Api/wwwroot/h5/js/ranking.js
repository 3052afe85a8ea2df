// Live ranking per category, when the campaign shows counts; refreshed every few seconds while the page is visible.
import { $, h, show, idParam, fmtCount, fmtTime } from './dom.js';
import { api } from './api.js';
import { messageOf } from './problems.js';
import { renderBanner, renderNav, renderFatal, renderBadLink } from './campaign.js';

const REFRESH_MS = 5000;
const campaignId = idParam('c');
let category = idParam('cat');
let timer = null;

async function start() {
  if (!campaignId) return renderBadLink();
  try {
    const campaign = await api.campaign(campaignId);
    renderBanner(campaign);
    renderNav(campaign, 'ranking');
    if (!campaign.showLiveCounts) {
      show($('#main'), h('section', { class: 'card notice' }, h('p', { text: messageOf({ type: 'urn:publicvote:problem:live-counts-hidden' }) })));
      return;
    }
    const categories = campaign.categories || [];
    if (!categories.some((k) => String(k.id) === category)) category = categories[0] ? String(categories[0].id) : null;
    show($('#main'),
      categories.length > 1 ? h('div', { class: 'tabs', role: 'tablist', 'aria-label': '候选人类别' }, categories.map((k) =>
        h('button', { type: 'button', role: 'tab', class: 'tab', 'data-cat': k.id, 'aria-selected': String(String(k.id) === category),
          onclick: () => { category = String(k.id); select(); refresh(); }, text: k.name }))) : null,
      h('p', { id: 'as-of', class: 'muted', role: 'status' }),
      h('ol', { id: 'ranking', class: 'ranking' }));
    document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); });
    refresh();
  } catch (error) {
    renderFatal(error, start);
  }
}

function select() {
  for (const tab of document.querySelectorAll('.tab')) tab.setAttribute('aria-selected', String(tab.dataset.cat === category));
  history.replaceState(null, '', `${location.pathname}?c=${campaignId}&cat=${category}`);
}

async function refresh() {
  clearTimeout(timer);
  if (!category) return;
  const asked = category;
  try {
    const ranking = await api.ranking(campaignId, asked);
    if (asked !== category) return;
    show($('#ranking'), ranking.items.map((e) => h('li', { class: e.rank <= 3 && e.votes > 0 ? `top top${e.rank}` : null },
      h('span', { class: 'rank', 'aria-label': `第 ${e.rank} 名`, text: String(e.rank) }),
      h('a', { href: `/h5/candidate.html?c=${campaignId}&id=${e.candidateId}` },
        h('span', { class: 'cand-no', text: `${e.number}号` }), ' ', h('span', { text: e.name })),
      h('span', { class: 'cand-votes' }, h('strong', { text: fmtCount(e.votes) }), ' 票'))));
    $('#as-of').textContent = `每 ${REFRESH_MS / 1000} 秒自动刷新，更新于 ${fmtTime(ranking.asOf)}`;
  } catch (error) {
    $('#as-of').textContent = messageOf(error);
  }
  if (!document.hidden) timer = setTimeout(refresh, REFRESH_MS);
}

start();
