// Campaign home: banner, phase notice, rules, category tabs, district filter, search, candidate cards (paged, loaded
// as the visitor scrolls).
import { $, h, show, idParam } from './dom.js';
import { api } from './api.js';
import { messageOf } from './problems.js';
import { sendOutsidersToWeChatPage, myDay, inWeChat } from './env.js';
import { renderBanner, renderNav, rulesCard, renderFatal, renderBadLink, objectionsOpen } from './campaign.js';
import { candidateCard, matches } from './cards.js';

const PAGE_SIZE = 20;
const campaignId = idParam('c');

// `gen` counts list reloads: an answer for an older filter is dropped. `loading` holds the gen being loaded.
const state = { campaign: null, category: null, district: null, q: '', page: 0, total: 0, gen: 0, loading: -1, done: false };

async function start() {
  if (!campaignId) return renderBadLink();
  if (sendOutsidersToWeChatPage()) return;
  const params = new URLSearchParams(location.search);
  state.category = idParam('cat');
  state.district = idParam('d');
  state.q = (params.get('q') || '').slice(0, 50);
  try {
    const [campaign, me] = await Promise.all([api.campaign(campaignId), myDay(campaignId).catch(() => null)]);
    state.campaign = campaign;
    render(campaign, me);
  } catch (error) {
    renderFatal(error, start);
  }
}

function phaseNotice(campaign, phase) {
  const c = encodeURIComponent(campaign.id);
  const objection = objectionsOpen(campaign)
    ? h('a', { class: 'btn secondary', href: `/h5/objection.html?c=${c}`, text: '对公示有异议？点此反映' }) : null;
  switch (phase.kind) {
    case 'nomination':
      return h('section', { class: 'card notice' }, h('p', { text: '正在申报推荐。候选人名单经初审后公示，公示后即可查看。' }));
    case 'review':
      return h('section', { class: 'card notice' },
        h('p', { text: '候选人名单公示中。如对候选人有异议，可在公示期内实名反映，我们会认真核实。' }), objection);
    case 'beforeVote':
      return h('section', { class: 'card notice' }, h('p', { text: '投票还没有开始，先来认识一下候选人吧。' }), objection);
    case 'expertReview':
    case 'afterVote':
      return h('section', { class: 'card notice' }, h('p', { text: '投票已结束，感谢您的参与！评选结果将在公示后公布。' }));
    case 'resultsNotice':
      return h('section', { class: 'card notice' }, h('p', { text: '评选结果公示中。' }),
        h('a', { class: 'btn', href: `/h5/results.html?c=${c}`, text: '查看拟表彰名单' }), objection);
    case 'publication':
      return h('section', { class: 'card notice' }, h('p', { text: '评选结果已正式公布。' }),
        h('a', { class: 'btn', href: `/h5/results.html?c=${c}`, text: '查看获奖名单' }));
    default:
      return null;
  }
}

function myDayLine(campaign, me) {
  if (campaign.votingState !== 'open') return null;
  if (me) return h('p', { class: 'myday', role: 'status' }, '今天还可以投 ', h('strong', { text: String(me.remainingToday) }), ' 票');
  return inWeChat() ? null : h('p', { class: 'myday muted', text: '在微信中打开本页面即可投票。' });
}

function render(campaign, me) {
  const phase = renderBanner(campaign);
  renderNav(campaign, 'home');
  const categories = campaign.categories || [];
  const districts = Array.isArray(campaign.districts) ? campaign.districts : [];
  const tabs = categories.length > 1 ? h('div', { class: 'tabs', role: 'tablist', 'aria-label': '候选人类别' },
    [{ id: null, name: '全部' }, ...categories].map((k) => h('button', {
      type: 'button', role: 'tab', class: 'tab', 'data-cat': k.id == null ? '' : k.id,
      'aria-selected': String((k.id == null ? '' : String(k.id)) === (state.category || '')),
      onclick: () => { state.category = k.id == null ? null : String(k.id); reload(); },
      text: k.name,
    }))) : null;
  const search = h('form', { class: 'search', role: 'search', onsubmit: (e) => { e.preventDefault(); state.q = e.target.q.value.trim().slice(0, 50); reload(); } },
    h('label', { for: 'q', class: 'sr-only', text: '按编号或姓名搜索' }),
    h('input', { id: 'q', name: 'q', type: 'search', value: state.q, placeholder: '输入编号或姓名', enterkeyhint: 'search', maxlength: 50, autocomplete: 'off' }),
    h('button', { type: 'submit', class: 'btn', text: '搜索' }));
  const district = districts.length ? h('p', { class: 'district' },
    h('label', { for: 'district', text: '地区' }),
    h('select', { id: 'district', onchange: (e) => { state.district = e.target.value || null; reload(); } },
      h('option', { value: '', text: '全部地区' }),
      districts.map((d) => h('option', { value: d.id, selected: String(d.id) === String(state.district), text: d.name })))) : null;
  show($('#main'),
    phaseNotice(campaign, phase),
    myDayLine(campaign, me),
    h('section', { class: 'list', 'aria-labelledby': 'list-title' },
      h('h2', { id: 'list-title', class: 'sr-only', text: '候选人' }),
      tabs, search, district,
      h('p', { id: 'list-status', class: 'muted', role: 'status' }),
      h('ul', { id: 'cards', class: 'cards' }),
      h('button', { id: 'more', type: 'button', class: 'btn secondary', hidden: true, onclick: loadMore, text: '加载更多' })),
    rulesCard(campaign));
  new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) loadMore();
  }, { rootMargin: '200px' }).observe($('#more'));
  reload();
}

function reload() {
  Object.assign(state, { page: 0, total: 0, done: false, gen: state.gen + 1 });
  const params = new URLSearchParams({ c: campaignId });
  if (state.category) params.set('cat', state.category);
  if (state.district) params.set('d', state.district);
  if (state.q) params.set('q', state.q);
  history.replaceState(null, '', `${location.pathname}?${params}`);
  for (const tab of document.querySelectorAll('.tab')) {
    tab.setAttribute('aria-selected', String(tab.dataset.cat === (state.category || '')));
  }
  show($('#cards'));
  loadMore();
}

async function loadMore() {
  const gen = state.gen;
  if (state.loading === gen || state.done) return;
  state.loading = gen;
  const status = $('#list-status');
  const more = $('#more');
  status.textContent = '正在加载…';
  const query = { page: state.page + 1, pageSize: PAGE_SIZE };
  if (state.category) query.categoryId = state.category;
  if (state.district) query.districtId = state.district;
  if (state.q) query.q = state.q;
  try {
    const page = await api.candidates(campaignId, query);
    if (gen !== state.gen) return;
    state.page = page.page;
    state.total = page.total;
    state.done = page.page * page.pageSize >= page.total || page.items.length === 0;
    const items = page.items.filter((k) => matches(k, state.q)
      && (!state.district || k.districtId == null || String(k.districtId) === String(state.district)));
    $('#cards').append(...items.map((k) => candidateCard(campaignId, k, state.campaign.categories || [])));
    const shown = $('#cards').children.length;
    status.textContent = shown === 0 ? (state.q ? `没有找到“${state.q}”，请检查编号或姓名。` : '暂无候选人。')
      : state.q ? `找到 ${shown} 位候选人` : `共 ${state.total} 位候选人`;
    more.hidden = state.done;
  } catch (error) {
    if (gen !== state.gen) return;
    status.textContent = messageOf(error);
    more.hidden = false;
  } finally {
    if (state.loading === gen) state.loading = -1;
  }
}

start();
