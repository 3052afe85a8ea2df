// One function per tab: each renders into `root` and may return a stop() for its refresh timer.
import { api, describe } from './api.js';
import { barChart, lineChart } from './charts.js';
import { el, fixed2, stat, table, when } from './dom.js';

const admin = (id) => `/api/admin/campaigns/${id}`;
const STATUS = { active: '有效', withdrawn: '已退出', disqualified: '取消资格' };
const STAGE = { notice: '结果公示', final: '命名表彰' };

export async function overview(root, id) {
  const [campaign, totals] = await Promise.all([api.get(`/api/v1/campaigns/${id}`), api.get(`${admin(id)}/totals`)]);
  const phase = campaign.phase ? `${campaign.phase.name}（${when(campaign.phase.startsAt)} – ${when(campaign.phase.endsAt)}）` : '—';
  root.append(
    el('h2', {}, campaign.name),
    el('div', { class: 'grid' },
      stat('当前阶段', phase),
      stat('投票', `${when(campaign.voteStartsAt)} – ${when(campaign.voteEndsAt)}`),
      stat('候选对象', totals.candidates.length),
      stat('实时票数', totals.flush.votesInRedis),
      stat('已落库票数', totals.flush.votesInPostgres),
      stat('待落库', totals.flush.pendingInStreams),
      stat('待审核（反刷票暂缓）', totals.flush.heldInRedis)),
    el('h3', {}, '类别'),
    table(['编号', '名称', '类型'], campaign.categories.map((c) => [c.code, c.name, c.kind])));
}


export async function totals(root, id) {
  const campaign = await api.get(`/api/v1/campaigns/${id}`);
  const samples = [];
  const render = async () => {
    const data = await api.get(`${admin(id)}/totals`);
    samples.push({ t: Date.parse(data.asOf), v: data.flush.votesInRedis });
    if (samples.length > 720) samples.shift();
    root.replaceChildren(
      el('h2', {}, '实时票数'),
      el('p', { class: 'explain' }, `每 5 秒刷新；截至 ${when(data.asOf)}。实时 ${data.flush.votesInRedis.toLocaleString('zh-CN')}，已落库 ${data.flush.votesInPostgres.toLocaleString('zh-CN')}，待落库 ${data.flush.pendingInStreams.toLocaleString('zh-CN')}。`),
      data.flush.heldInRedis > 0
        ? el('p', { class: 'pending-note' }, `共 ${data.flush.heldInRedis.toLocaleString('zh-CN')} 票待审核（反刷票暂缓计入，审核通过后计入票数）`)
        : '',
      el('h3', {}, '总票数（本页打开以来）'),
      lineChart(samples),
      ...campaign.categories.map((category) => {
        const items = data.candidates.filter((c) => c.categoryId === category.id).sort((a, b) => b.votes - a.votes);
        return el('section', {}, el('h3', {}, `${category.name}（前 15 名）`), barChart(items.slice(0, 15)),
          table(['编号', '名称', '状态', '实时票数', '已落库', '待审核'], items.map((c) => [c.number, c.name, STATUS[c.status] ?? c.status, c.votes, c.flushedVotes,
            c.pendingReview > 0 ? el('span', { class: 'pending' }, `${c.pendingReview.toLocaleString('zh-CN')} 票待审核`) : ''])));
      }));
  };
  await render();
  const timer = setInterval(() => render().catch((e) => root.prepend(el('p', { class: 'error' }, describe(e)))), 5000);
  return () => clearInterval(timer);
}

export async function progress(root, id) {
  const data = await api.get(`${admin(id)}/scores/progress`);
  root.append(
    el('h2', {}, '评委进度'),
    table(['评委', '类别', '应评', '已提交', '草稿', '未开始'], data.judges.map((j) =>
      [j.displayName || j.userName, j.categories ? j.categories.join('、') : '全部', j.assigned, j.submitted, j.drafts, j.notStarted])),
    el('h3', {}, '候选对象'),
    table(['编号', '名称', '类别', '评委数', '已提交', '草稿'], data.candidates.map((c) =>
      [c.number, c.name, c.categoryCode, c.judges, c.submitted, c.drafts])));
}

export async function results(root, id) {
  const { computed, latest, changedSinceLatest } = await api.get(`${admin(id)}/results`);
  root.append(el('h2', {}, '评选结果（按当前数据计算）'),
    el('p', {}, latest
      ? `已发布第 ${latest.version} 版（${STAGE[latest.stage]}，${when(latest.publishedAt)}）；${changedSinceLatest ? '当前数据与已发布结果不同，需重新发布（须说明理由）。' : '与已发布结果一致。'}`
      : '尚未发布。'),
    el('p', { class: 'explain' }, `规则：${computed.rules.sources.map((s) => `${s.name} ${s.weight}%`).join(' + ')}；投票分归一 ${computed.rules.voteNormalisation}；评委汇总 ${computed.rules.judgeAggregation}。输入数据 SHA-256：${computed.inputsSha256}`),
    computed.warnings.length ? el('ul', { class: 'error' }, computed.warnings.map((w) => el('li', {}, w))) : '');
  for (const category of computed.categories) {
    const rows = [];
    const classes = [];
    for (const line of category.lines) {
      rows.push([line.rank, line.number, line.name, line.districtName ?? '', line.votes, fixed2(line.voteScore),
        line.judges.map((j) => fixed2(j.total) + (j.dropped ? '（去）' : '')).join(' '), fixed2(line.judgeAggregate), fixed2(line.judgeScore),
        fixed2(line.total), line.awarded ? '拟表彰' : line.notAwardedReason]);
      classes.push(line.awarded ? 'awarded' : '');
      rows.push(['', '', el('span', { class: 'explain' }, line.explanation)]);
      classes.push('');
    }
    for (const x of category.excluded) {
      rows.push(['—', x.number, x.name, '', x.votes, '', '', '', '', '', `${STATUS[x.status] ?? x.status}：${x.reason}`]);
      classes.push('excluded');
    }
    const quota = category.awardQuota === null ? '' : `，表彰名额 ${category.awardQuota}`;
    root.append(el('h3', {}, `${category.name}（拟表彰 ${category.awarded}${quota}）`),
      category.districts.length ? el('p', { class: 'explain' }, category.districts.map((d) => `${d.name} ${d.awarded}/${d.quota}`).join('；')) : '',
      table(['名次', '编号', '名称', '推荐单位', '得票', '投票分', '评委打分', '评委汇总', '评委分', '总分', '表彰'], rows, (i) => classes[i]));
  }
}

export async function publication(root, id) {
  const versions = await api.get(`${admin(id)}/results/publications`);
  const error = el('p', { class: 'error', role: 'alert' });
  const stage = el('select', { id: 'stage' }, el('option', { value: 'notice' }, '结果公示'), el('option', { value: 'final' }, '命名表彰'));
  const reason = el('input', { id: 'reason', size: 50, placeholder: '重新发布时必填' });
  const form = el('form', {
    onsubmit: async (event) => {
      event.preventDefault();
      try {
        const body = { stage: stage.value };
        if (reason.value.trim()) body.reason = reason.value.trim();
        const view = await api.post(`${admin(id)}/results/publications`, body);
        root.replaceChildren();
        await publication(root, id);
        root.prepend(el('p', {}, `已发布第 ${view.version} 版。`));
      } catch (e) {
        error.textContent = describe(e);
      }
    },
  }, el('label', {}, '阶段 ', stage), el('label', {}, '理由 ', reason), el('button', { type: 'submit' }, '发布'), error);
  root.append(el('h2', {}, '发布'), el('div', { class: 'card' }, form),
    table(['版本', '阶段', '发布时间', '发布人', '理由', '输入 SHA-256'], versions.map((v) =>
      [v.version, STAGE[v.stage] ?? v.stage, when(v.publishedAt), v.publisher, v.reason ?? '', v.inputsSha256.slice(0, 16) + '…'])));
}

export async function exports(root, id) {
  const links = [
    ['评选结果 CSV', `${admin(id)}/results?format=csv`], ['评选结果 Excel', `${admin(id)}/results?format=xlsx`],
    ['计算审计（JSON）', `${admin(id)}/results/audit`],
    ['实时票数 CSV', `${admin(id)}/exports/totals?format=csv`], ['实时票数 Excel', `${admin(id)}/exports/totals?format=xlsx`],
    ['候选名单 CSV', `${admin(id)}/exports/candidates?format=csv`], ['候选名单 Excel', `${admin(id)}/exports/candidates?format=xlsx`],
    ['表彰名单（通知格式）', `${admin(id)}/exports/awards`], ['表彰名单 Excel', `${admin(id)}/exports/awards?format=xlsx`],
    ['表彰名单草案', `${admin(id)}/exports/awards?draft=true`],
  ];
  const error = el('p', { class: 'error', role: 'alert' });
  root.append(el('h2', {}, '导出'), el('div', { class: 'grid' }, links.map(([label, url]) =>
    el('button', { type: 'button', onclick: () => api.download(url, 'export').catch((e) => { error.textContent = describe(e); }) }, label))), error);
}

export async function audit(root, id) {
  const page = await api.get(`/api/admin/audit?campaignId=${id}&pageSize=100`);
  root.append(el('h2', {}, `审计日志（最近 ${page.items.length} / ${page.total} 条）`),
    table(['时间', '操作人', '操作', '对象', '来源 IP'], page.items.map((i) =>
      [when(i.at), i.actorName, i.action, `${i.targetType} ${i.targetId ?? ''}`, i.clientIp ?? ''])));
}
