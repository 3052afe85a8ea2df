// Results notice (结果公示) and the final winners (命名表彰), when the organizer has published them.
import { $, h, show, idParam, fmtDateTime } from './dom.js';
import { api } from './api.js';
import { renderBanner, renderNav, renderFatal, renderBadLink, objectionsOpen } from './campaign.js';

const campaignId = idParam('c');

async function start() {
  if (!campaignId) return renderBadLink();
  try {
    const campaign = await api.campaign(campaignId);
    renderBanner(campaign);
    renderNav(campaign, 'results');
    let results;
    try {
      results = await api.results(campaignId);
    } catch (error) {
      if (error.status !== 404) throw error;
      show($('#main'), h('section', { class: 'card notice' }, h('p', { text: '评选结果尚未公布，请耐心等待。' })));
      return;
    }
    const final = results.stage === 'final';
    show($('#main'),
      h('section', { class: 'card notice' },
        h('h2', { text: final ? '获奖名单' : '拟表彰名单公示' }),
        results.publishedAt ? h('p', { class: 'muted', text: `发布时间：${fmtDateTime(results.publishedAt)}` }) : null,
        !final && objectionsOpen(campaign)
          ? h('a', { class: 'btn secondary', href: `/h5/objection.html?c=${encodeURIComponent(campaignId)}`, text: '对公示结果有异议？点此反映' }) : null),
      (results.categories || []).map((k) => h('section', { class: 'card', 'aria-label': k.name },
        h('h2', { text: k.name }),
        h('ol', { class: 'ranking results' }, (k.entries || []).filter((e) => !final || e.awarded).map((e) => h('li', { class: e.awarded ? 'awarded' : null },
          h('span', { class: 'rank', 'aria-label': `第 ${e.rank} 名`, text: String(e.rank) }),
          h('a', { href: `/h5/candidate.html?c=${encodeURIComponent(campaignId)}&id=${encodeURIComponent(e.candidateId)}` },
            h('span', { class: 'cand-no', text: `${e.number}号` }), ' ', h('span', { text: e.name }),
            e.unitName ? h('span', { class: 'cand-unit', text: ` ${e.unitName}` }) : null),
          e.awarded ? h('span', { class: 'badge', text: final ? '获奖' : '拟表彰' }) : null))))));
  } catch (error) {
    renderFatal(error, start);
  }
}

start();
