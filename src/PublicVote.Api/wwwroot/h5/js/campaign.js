// What every page shows about the campaign: its banner, phase and countdown, rules in plain words and the tab bar.
// Fields the server does not send yet (organizer, phase, phases, districts) are simply not shown.
import { $, h, show, fmtDateTime, untilText } from './dom.js';
import { messageOf } from './problems.js';

const PHASE_NAMES = {
  nomination: '申报推荐', review: '初审公示', vote: '群众投票', expertReview: '专家评审',
  resultsNotice: '结果公示', publication: '命名表彰',
};

/** The phase now: the server's when it sends one, else derived from the voting window. */
export function phaseOf(campaign) {
  const p = campaign.phase;
  if (p && p.kind) return { ...p, name: p.name || PHASE_NAMES[p.kind] || p.kind };
  switch (campaign.votingState) {
    case 'open': return { kind: 'vote', name: '投票进行中', endsAt: campaign.voteEndsAt };
    case 'notstarted': return { kind: 'beforeVote', name: '投票尚未开始', startsAt: campaign.voteStartsAt };
    default: return { kind: 'afterVote', name: '投票已结束' };
  }
}

export const votingOpen = (campaign) => campaign.votingState === 'open';

/** Whom the phase lets object (初审公示 and 结果公示), only when the server says its window is open. */
export const objectionsOpen = (campaign) => Boolean(campaign.phase && campaign.phase.objectionsOpen);

/** "每人每天可投 5 票，同一位候选人每天最多 1 票" and, when set, the per-category limit. */
export function rulesText(campaign) {
  const parts = [`每人每天可投 ${campaign.dailyVoteLimit} 票`, `同一位候选人每天最多投 ${campaign.perCandidateDailyLimit} 票`];
  if (campaign.perCategoryDailyLimit) parts.push(`同一类别每天最多投 ${campaign.perCategoryDailyLimit} 票`);
  return parts.join('，') + '。';
}

function countdownTarget(campaign, phase) {
  if (campaign.votingState === 'notstarted') return { label: '距投票开始', at: campaign.voteStartsAt };
  if (campaign.votingState === 'open') return { label: '距投票结束', at: campaign.voteEndsAt };
  if (phase.endsAt) return { label: `距${phase.name}结束`, at: phase.endsAt };
  return null;
}

let ticker = null;

/** Fills <header id="top"> with the title, the phase and a live countdown. */
export function renderBanner(campaign) {
  const phase = phaseOf(campaign);
  const target = countdownTarget(campaign, phase);
  const countdown = h('p', { class: 'countdown', role: 'timer', 'aria-live': 'off' });
  const tick = () => {
    const left = target && untilText(target.at);
    show(countdown, left ? [target.label, ' ', h('strong', { text: left })] : '');
  };
  tick();
  clearInterval(ticker);
  if (target) ticker = setInterval(tick, 1000);
  show($('#top'),
    h('h1', { text: campaign.name }),
    h('p', { class: 'phase' }, h('span', { class: `badge phase-${phase.kind}`, text: phase.name })),
    countdown,
    campaign.organizer ? h('p', { class: 'organizer', text: `主办单位：${campaign.organizer}` }) : null);
  document.title = campaign.name;
  return phase;
}

/** The rules card: votes a day, voting period, and the phases when the server lists them. */
export function rulesCard(campaign) {
  const phases = Array.isArray(campaign.phases) ? campaign.phases : [];
  return h('section', { class: 'card rules', 'aria-labelledby': 'rules-title' },
    h('h2', { id: 'rules-title', text: '投票规则' }),
    campaign.publicVote === false
      ? h('p', { text: '本次评选不设群众投票。' })
      : [h('p', { text: rulesText(campaign) }),
        h('p', { text: `投票时间：${fmtDateTime(campaign.voteStartsAt)} 至 ${fmtDateTime(campaign.voteEndsAt)}。` }),
        h('p', { class: 'muted', text: '投票需要在微信中打开本页面。每次投票都有凭证号，可在「我的投票」里查看。' })],
    phases.length
      ? h('ol', { class: 'phases', 'aria-label': '评选阶段' }, phases.map((p) => h('li', {},
        h('strong', { text: p.name || PHASE_NAMES[p.kind] || p.kind }), ' ',
        h('span', { class: 'muted', text: `${fmtDateTime(p.startsAt)} – ${fmtDateTime(p.endsAt)}` }))))
      : null);
}

/** The bottom tab bar: home, ranking (only when counts are public), results (once published), my votes. */
export function renderNav(campaign, active) {
  const c = encodeURIComponent(campaign.id);
  const phase = phaseOf(campaign);
  const tabs = [['home', `/h5/?c=${c}`, '首页']];
  if (campaign.showLiveCounts) tabs.push(['ranking', `/h5/ranking.html?c=${c}`, '排行榜']);
  if (phase.kind === 'resultsNotice' || phase.kind === 'publication') tabs.push(['results', `/h5/results.html?c=${c}`, '评选结果']);
  tabs.push(['me', `/h5/me.html?c=${c}`, '我的']);
  show($('#nav'), tabs.map(([key, href, label]) =>
    h('a', { href, class: key === active ? 'active' : null, 'aria-current': key === active ? 'page' : null, text: label })));
}

/** A whole-page failure with a retry button (network) or the plain message. */
export function renderFatal(error, retry) {
  show($('#main'), h('section', { class: 'card notice error', role: 'alert' },
    h('p', { text: messageOf(error) }),
    retry ? h('button', { type: 'button', class: 'btn', onclick: retry, text: '重新加载' }) : null));
}

export function renderBadLink() {
  show($('#main'), h('section', { class: 'card notice error', role: 'alert' },
    h('p', { text: '链接不完整，请从活动页面或朋友分享的链接重新进入。' })));
}
