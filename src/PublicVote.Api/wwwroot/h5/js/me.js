// My votes: today's votes and remaining count, and every receipt stored for this campaign.
import { $, h, show, idParam, fmtDateTime } from './dom.js';
import { api } from './api.js';
import { messageOf } from './problems.js';
import { sendOutsidersToWeChatPage, myDay, inWeChat, loginUrl, openInWeChatUrl } from './env.js';
import { renderBanner, renderNav, renderFatal, renderBadLink } from './campaign.js';

const campaignId = idParam('c');
const names = new Map();

async function nameOf(id) {
  if (!names.has(id)) {
    names.set(id, api.candidate(campaignId, id).then((k) => `${k.number}号 ${k.name}`, () => `候选人 ${id}`));
  }
  return names.get(id);
}

async function start() {
  if (!campaignId) return renderBadLink();
  if (sendOutsidersToWeChatPage()) return;
  try {
    const [campaign, me] = await Promise.all([api.campaign(campaignId), myDay(campaignId)]);
    renderBanner(campaign);
    renderNav(campaign, 'me');
    if (!me) {
      show($('#main'), h('section', { class: 'card notice' },
        h('p', { text: '登录后可以查看您的投票记录。' }),
        inWeChat() ? h('a', { class: 'btn', href: loginUrl(campaignId), text: '微信登录' })
          : h('a', { class: 'btn', href: openInWeChatUrl(), text: '在微信中打开' })));
      return;
    }
    const today = await Promise.all(me.votedToday.map(async (v) => h('li', {},
      h('span', { text: await nameOf(v.candidateId) }), h('span', { class: 'muted', text: ` ${v.votes} 票` }))));
    show($('#main'),
      h('section', { class: 'card', 'aria-labelledby': 'today-title' },
        h('h2', { id: 'today-title', text: '今天' }),
        h('p', { class: 'myday' }, `今天已投 ${me.usedToday} 票，还可以投 `, h('strong', { text: String(me.remainingToday) }), ` 票（每天 ${me.dailyLimit} 票）。`),
        today.length ? h('ul', { class: 'plain' }, today) : h('p', { class: 'muted', text: '今天还没有投票。' })),
      h('section', { class: 'card', 'aria-labelledby': 'receipts-title' },
        h('h2', { id: 'receipts-title', text: '全部投票凭证' }),
        h('div', { id: 'receipts' }, h('p', { class: 'muted', text: '正在加载…' }))));
    loadReceipts();
  } catch (error) {
    renderFatal(error, start);
  }
}

async function loadReceipts() {
  const box = $('#receipts');
  try {
    const list = await api.myVotes(campaignId);
    if (!list.votes.length) {
      show(box, h('p', { class: 'muted', text: '还没有已入库的投票记录。刚投的票几秒钟后会出现在这里。' }));
      return;
    }
    const rows = await Promise.all(list.votes.map(async (v) => h('li', {},
      h('span', { text: await nameOf(v.candidateId) }),
      h('span', { class: 'muted', text: ` ${fmtDateTime(v.votedAt)}` }),
      h('br'), h('code', { class: 'receipt', text: v.receipt }))));
    show(box, h('ul', { class: 'plain receipts' }, rows),
      h('p', { class: 'muted', text: '刚投的票几秒钟后才会出现在这里。' }));
  } catch (error) {
    show(box, h('p', { role: 'alert', text: messageOf(error) }));
  }
}

start();
