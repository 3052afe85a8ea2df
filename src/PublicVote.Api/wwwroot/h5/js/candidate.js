// Candidate page: photos, number, name, unit and post, slogan, materials, honours; the vote button and its states;
// the confirmation with the receipt and the votes left today; share (WeChat card or copied link) and the QR poster.
import { $, h, show, idParam, safePath, fmtCount, sleep } from './dom.js';
import { api } from './api.js';
import { messageOf } from './problems.js';
import { sendOutsidersToWeChatPage, myDay, inWeChat, loginUrl, openInWeChatUrl } from './env.js';
import { renderBanner, renderNav, renderFatal, renderBadLink, votingOpen, objectionsOpen } from './campaign.js';
import { castVote, hasPendingVote } from './vote.js';
import { setUpWeChatShare, copyText, showPoster } from './share.js';

const campaignId = idParam('c');
const candidateId = idParam('id');
const state = { campaign: null, candidate: null, me: null, busy: false, voteToken: null };
const TOKEN_WAIT_MS = 1500;

async function start() {
  if (!campaignId || !candidateId) return renderBadLink();
  if (sendOutsidersToWeChatPage()) return;
  try {
    const [campaign, candidate, me] = await Promise.all([
      api.campaign(campaignId), api.candidate(campaignId, candidateId), myDay(campaignId).catch(() => null)]);
    Object.assign(state, { campaign, candidate, me });
    render();
  } catch (error) {
    renderFatal(error, start);
  }
}

const votedToday = () => (state.me?.votedToday || []).find((v) => String(v.candidateId) === String(candidateId))?.votes || 0;

/** What the button can do now: [enabled, label, hint, action]. */
function buttonState() {
  const { campaign, candidate, me } = state;
  if (!votingOpen(campaign)) {
    return [false, campaign.votingState === 'notstarted' ? '投票尚未开始' : '投票已结束',
      campaign.votingState === 'notstarted' ? '投票开始后即可为TA投票。' : '感谢您的关注。'];
  }
  if (candidate.status && candidate.status !== 'active') return [false, '暂不可投票', '这位候选人目前不能接受投票。'];
  if (!inWeChat()) return [true, '到微信中投票', '投票需要在微信中打开本页面。', () => location.assign(openInWeChatUrl())];
  if (!me) return [true, '微信登录后投票', '点按钮用微信登录，登录后回到本页投票。', () => location.assign(loginUrl(campaignId))];
  if (votedToday() >= campaign.perCandidateDailyLimit) return [false, '今天已投过TA', `今天还可以给其他候选人投 ${me.remainingToday} 票。`];
  if (me.remainingToday <= 0) return [false, '今天的票已投完', '明天还可以再投。'];
  const retry = hasPendingVote(campaignId, candidateId);
  return [true, retry ? '重试投票' : '投TA一票', `今天还可以投 ${me.remainingToday} 票。`, vote];
}

/**
 * The anti-fraud vote token: asked for while the page is shown (its issue time measures the dwell until the vote),
 * only when this voter could vote here now. A token that cannot be had is no obstacle: the vote goes without one.
 */
function prepareVoteToken() {
  const [enabled, , , action] = buttonState();
  state.voteToken = enabled && action === vote
    ? api.voteToken(campaignId, candidateId).then((r) => (typeof r?.voteToken === 'string' ? r.voteToken : null), () => null)
    : null;
}

/** The token, if it arrives soon enough (a tap right after the page opened must not wait long). */
const voteTokenNow = () => (state.voteToken ? Promise.race([state.voteToken, sleep(TOKEN_WAIT_MS).then(() => null)]) : null);

function renderVoteBox() {
  const [enabled, label, hint, action] = buttonState();
  show($('#vote-box'),
    h('button', { id: 'vote', type: 'button', class: 'btn vote', disabled: !enabled, onclick: action, text: label }),
    h('p', { id: 'vote-hint', class: 'muted', text: hint }));
}

async function vote() {
  if (state.busy) return; // a second tap while the first is on its way
  state.busy = true;
  const button = $('#vote');
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.textContent = '正在投票…';
  const feedback = $('#feedback');
  show(feedback);
  const result = await castVote(campaignId, candidateId, {
    voteToken: await voteTokenNow(),
    onRetry: () => show(feedback, h('p', { class: 'notice', text: '网络不太稳定，正在重试，不会重复计票…' })),
  });
  state.busy = false;
  // A definite answer used up (or refused) this token; an unknown one keeps it for the retry of the same vote.
  if (!result.pending) {
    state.voteToken = null;
  }
  if (result.receipt) {
    const r = result.receipt;
    state.me = {
      ...state.me,
      remainingToday: r.remainingToday,
      votedToday: [...(state.me?.votedToday || []).filter((v) => String(v.candidateId) !== String(candidateId)),
        { candidateId: r.candidateId, votes: votedToday() + 1 }],
    };
    if (state.candidate.votes != null && !r.replayed) state.candidate.votes += 1;
    renderCounts();
    renderVoteBox();
    prepareVoteToken();
    show(feedback, confirmation(r));
    feedback.focus();
    return;
  }
  const { error, pending } = result;
  if (error.status === 401) state.me = null;
  if (error.type?.endsWith(':daily-limit-reached') && state.me) state.me = { ...state.me, remainingToday: 0 };
  if (error.type?.endsWith(':already-voted-for-candidate') && state.me) {
    state.me = { ...state.me, remainingToday: error.problem.remainingToday ?? state.me.remainingToday,
      votedToday: [...(state.me.votedToday || []).filter((v) => String(v.candidateId) !== String(candidateId)),
        { candidateId: Number(candidateId), votes: state.campaign.perCandidateDailyLimit }] };
  }
  renderVoteBox();
  if (!pending) prepareVoteToken();
  show(feedback, h('div', { class: 'card notice error', role: 'alert' },
    h('p', { text: pending ? '网络异常，还不能确认这一票是否投上。请点「重试投票」，同一票不会重复计算。' : messageOf(error) })));
  feedback.focus();
}

function confirmation(r) {
  const c = encodeURIComponent(campaignId);
  return h('div', { class: 'card confirm', role: 'status' },
    h('p', { class: 'confirm-title', text: '投票成功！' }),
    h('p', {}, '凭证号：', h('code', { class: 'receipt', text: r.receipt })),
    h('p', {}, '今天还可以投 ', h('strong', { class: 'remaining', text: String(r.remainingToday) }), ' 票'),
    h('p', { class: 'actions' },
      h('a', { class: 'btn', href: `/h5/?c=${c}`, text: r.remainingToday > 0 ? '继续投票' : '返回首页' }),
      h('a', { class: 'btn secondary', href: `/h5/me.html?c=${c}`, text: '我的投票' })));
}

function renderCounts() {
  const votes = $('#cand-votes');
  if (votes && state.candidate.votes != null) show(votes, h('strong', { text: fmtCount(state.candidate.votes) }), ' 票');
}

function gallery(k) {
  const photos = (Array.isArray(k.photos) ? k.photos : []).filter((p) => safePath(p.url));
  if (!photos.length) return null;
  return h('div', { class: 'gallery', role: 'region', 'aria-label': '照片，左右滑动查看', tabindex: 0 },
    photos.map((p, i) => h('img', {
      src: safePath(p.url), alt: `${k.name} 的照片 ${i + 1}/${photos.length}`, loading: i === 0 ? 'eager' : 'lazy', decoding: 'async',
      width: p.width || null, height: p.height || null,
    })));
}

function textSection(title, text) {
  return text ? h('section', { class: 'card' }, h('h2', { text: title }), ...String(text).split(/\n+/).map((para) => h('p', { text: para }))) : null;
}

function render() {
  const { campaign, candidate: k } = state;
  renderBanner(campaign);
  renderNav(campaign, null);
  const category = (campaign.categories || []).find((x) => x.id === k.categoryId);
  const path = `/h5/candidate.html?c=${encodeURIComponent(campaignId)}&id=${encodeURIComponent(candidateId)}`;
  const link = location.origin + path;
  document.title = `${k.number}号 ${k.name} - ${campaign.name}`;
  const shareStatus = h('p', { class: 'muted', role: 'status', id: 'share-status' });
  show($('#main'),
    gallery(k),
    h('section', { class: 'card profile' },
      h('p', { class: 'cand-no big', text: `${k.number}号` }),
      h('h2', { class: 'cand-name big', text: k.name }),
      k.unitName || k.post ? h('p', { class: 'cand-unit', text: [k.unitName, k.post].filter(Boolean).join(' · ') }) : null,
      category ? h('p', { class: 'cand-cat', text: category.name }) : null,
      k.votes != null ? h('p', { id: 'cand-votes', class: 'cand-votes' }) : null,
      k.slogan ? h('blockquote', { class: 'slogan', text: k.slogan }) : null),
    h('div', { id: 'feedback', tabindex: -1, 'aria-live': 'polite' }),
    h('section', { id: 'vote-box', class: 'vote-box', 'aria-label': '投票' }),
    textSection('事迹材料', k.materials),
    textSection('所获荣誉', k.honours),
    h('section', { class: 'card share', 'aria-labelledby': 'share-title' },
      h('h2', { id: 'share-title', text: '帮TA拉票' }),
      h('p', { class: 'actions' },
        h('button', { type: 'button', class: 'btn secondary', onclick: async () => {
          if (inWeChat()) {
            shareStatus.textContent = '请点右上角「···」，选择「发送给朋友」或「分享到朋友圈」。';
          } else {
            shareStatus.textContent = (await copyText(link)) ? '链接已复制，可以粘贴发给朋友。' : `请复制这个链接：${link}`;
          }
        }, text: inWeChat() ? '分享给朋友' : '复制链接' }),
        h('button', { type: 'button', class: 'btn secondary', onclick: () => showPoster({
          campaignName: campaign.name, number: k.number, name: k.name, unit: k.unitName, slogan: k.slogan, path,
        }), text: '生成拉票海报' })),
      shareStatus),
    objectionsOpen(campaign) ? h('p', { class: 'center' }, h('a', {
      href: `/h5/objection.html?c=${encodeURIComponent(campaignId)}&id=${encodeURIComponent(candidateId)}`, text: '对这位候选人有异议？',
    })) : null,
    h('div', { id: 'poster', class: 'poster', role: 'dialog', 'aria-label': '拉票海报', hidden: true }));
  renderCounts();
  renderVoteBox();
  prepareVoteToken();
  const photo = (Array.isArray(k.photos) ? k.photos : []).map((p) => safePath(p.thumbUrl || p.url)).find(Boolean);
  setUpWeChatShare({
    title: `请为 ${k.number}号 ${k.name} 投上一票`, desc: campaign.name, link,
    imgUrl: photo ? location.origin + photo : `${location.origin}/h5/img/share.png`,
  });
}

start();
