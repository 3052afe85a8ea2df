// The reviewer console: cases of a campaign, a case's evidence, and the actions (docs/antifraud.md).
// Signs in with the admin cookie; writes carry the antiforgery header. Data is only ever set as text.
"use strict";

const api = "/api/admin";
const $ = (id) => document.getElementById(id);
const state = { me: null, campaign: null, caseId: null, votesPage: 1, csrf: null };
// Set at sign-in (here or in the organizer console, same cookie): without it the page shows the form at once instead
// of asking /me for a 401 first.
const HINT_KEY = "pv-admin-signed-in";
const statusNames = { open: "待处理", dismissed: "已驳回", actioned: "已处理" };
const voteStatusNames = { counted: "计入", pending: "暂缓", voided: "作废", restored: "恢复" };
const tokenNames = { none: "无", used: "有效", reused: "重复使用", invalid: "无效" };

async function call(method, path, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    if (state.csrf) headers[state.csrf.headerName] = state.csrf.token;
  }
  const response = await fetch(api + path, { method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body) });
  const data = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
  if (!response.ok) {
    const error = new Error(data?.detail ? `${data.title} ${data.detail}` : data?.title || `HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return data;
}

function showError(error) {
  $("error").hidden = !error;
  $("error").textContent = error ? `出错：${error.message}` : "";
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function row(cells, className) {
  const tr = el("tr", undefined, className);
  for (const cell of cells) tr.append(cell instanceof Node ? wrap(cell) : el("td", cell));
  return tr;
}

function wrap(node) {
  const td = el("td");
  td.append(node);
  return td;
}

const time = (iso) => (iso ? new Date(iso).toLocaleString("zh-CN", { hour12: false }) : "—");
const percent = (x) => `${(x * 100).toFixed(1)}%`;

function show(section) {
  for (const id of ["login", "cases", "detail"]) $(id).hidden = id !== section;
}

async function start() {
  if (localStorage.getItem(HINT_KEY) !== "1") return show("login");
  try {
    state.me = await call("GET", "/me");
  } catch (error) {
    if (error.status === 401) {
      localStorage.removeItem(HINT_KEY);
      return show("login");
    }
    return showError(error);
  }
  state.csrf = await call("GET", "/antiforgery");
  $("who").textContent = state.me.userName ?? state.me.account?.userName ?? "";
  const grants = state.me.grants ?? state.me.account?.grants ?? [];
  const isAdmin = grants.some((g) => g.role === "admin");
  for (const button of document.querySelectorAll(".admin-only")) button.hidden = !isAdmin;
  const campaigns = [...new Set(grants.filter((g) => g.campaignId).map((g) => g.campaignId))];
  const asked = Number(new URLSearchParams(location.search).get("campaign"));
  if (asked && !campaigns.includes(asked)) campaigns.unshift(asked);
  $("campaign").replaceChildren(...campaigns.map((id) => Object.assign(el("option", `活动 ${id}`), { value: id })));
  state.campaign = campaigns[0] ?? null;
  route();
}

function route() {
  const match = /^#case=(\d+)$/.exec(location.hash);
  if (match) openCase(Number(match[1]));
  else listCases();
}

async function listCases() {
  show("cases");
  showError(null);
  if (!state.campaign) return showError(new Error("没有可审核的活动：请在网址后加 ?campaign=活动编号"));
  try {
    const page = await call("GET", `/campaigns/${state.campaign}/fraud/cases?status=${$("status").value}&pageSize=200`);
    $("case-rows").replaceChildren(...page.items.map((c) => {
      const tr = row([
        el("span", c.severity.toFixed(2), c.severity >= 0.7 ? "sev-high" : ""),
        `${c.candidateNumber} ${c.candidateName}${c.candidateStatus === "disqualified" ? "（已取消资格）" : ""}`,
        c.detector, c.summary, `${time(c.windowFrom)} – ${time(c.windowTo)}`,
        `${c.votes.counted} / ${c.votes.pending} / ${c.votes.voided} / ${c.votes.restored}`, statusNames[c.status] ?? c.status,
      ], "case");
      tr.addEventListener("click", () => { location.hash = `case=${c.id}`; });
      return tr;
    }));
    if (page.items.length === 0) $("case-rows").replaceChildren(row(["没有案件"]));
  } catch (error) {
    showError(error);
  }
}

async function openCase(caseId) {
  show("detail");
  showError(null);
  state.caseId = caseId;
  state.votesPage = 1;
  try {
    const d = await call("GET", `/campaigns/${state.campaign}/fraud/cases/${caseId}`);
    const c = d.case;
    $("case-title").textContent = `案件 ${c.id}：${c.candidateNumber} ${c.candidateName}（${statusNames[c.status] ?? c.status}）`;
    $("case-summary").textContent = c.summary;
    $("case-meta").textContent = `检测器 ${c.detector} · 严重度 ${c.severity.toFixed(2)} · ${time(c.windowFrom)} – ${time(c.windowTo)}`
      + (d.resolvedBy ? ` · ${d.resolvedBy} 于 ${time(d.resolvedAt)} 处理：${d.resolutionReason}` : "")
      + (d.escalated ? " · 已上报取消资格" : "");
    drawChart(d.series);
    composition(d.burst, d.baseline);
    $("prefixes").replaceChildren(...d.burst.topPrefixes.map((p) => row([p.key || "（未知）", p.votes, percent(p.share)])));
    $("uas").replaceChildren(...d.burst.topUaHashes.map((p) => row([p.key || "（无）", p.votes, percent(p.share)])));
    const evidence = Object.entries(d.evidence).map(([k, v]) => row([k, typeof v === "object" ? JSON.stringify(v) : v]));
    $("evidence").replaceChildren(...(evidence.length ? evidence : [row(["（无）"])]));
    $("voters").replaceChildren(...d.voters.map((v) => row([v.voterKey, v.votes, v.votesInCampaign, time(v.firstSeenAt), v.prefixes])));
    $("votes").replaceChildren();
    await loadVotes();
  } catch (error) {
    showError(error);
  }
}

function composition(burst, baseline) {
  const lines = [
    ["", "本案件", "此前 6 小时（基线）"],
    ["票数", burst.votes, baseline.votes],
    ["不同投票人", burst.distinctVoters, baseline.distinctVoters],
    ["新账号占比", percent(burst.freshShare), percent(baseline.freshShare)],
    ["无有效令牌占比", percent(burst.noTokenShare), percent(baseline.noTokenShare)],
    ["停留过短占比", percent(burst.shortDwellShare), percent(baseline.shortDwellShare)],
    ["停留中位数", dwell(burst.medianDwellMs), dwell(baseline.medianDwellMs)],
  ];
  $("composition").replaceChildren(...lines.map((l) => row(l)));
}

const dwell = (ms) => (ms === null || ms === undefined ? "—" : `${(ms / 1000).toFixed(1)} 秒`);

function drawChart(series) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  const points = series.minutes;
  const width = 1000, height = 180, max = Math.max(1, series.baselinePerMinute, ...points.map((p) => p.votes));
  const step = width / Math.max(points.length, 1);
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("preserveAspectRatio", "none");
  const bar = (x, value, color) => {
    const rect = document.createElementNS(ns, "rect");
    const h = (value / max) * (height - 10);
    for (const [k, v] of Object.entries({ x, y: height - h, width: Math.max(step - 1, 1), height: h, fill: color })) rect.setAttribute(k, v);
    return rect;
  };
  points.forEach((p, i) => {
    const title = document.createElementNS(ns, "title");
    title.textContent = `${time(p.minute)}：${p.votes} 票，其中本案 ${p.caseVotes}`;
    const total = bar(i * step, p.votes, "#9ab");
    total.append(title);
    svg.append(total, bar(i * step, p.caseVotes, "#c33"));
  });
  const line = document.createElementNS(ns, "line");
  const y = height - (series.baselinePerMinute / max) * (height - 10);
  for (const [k, v] of Object.entries({ x1: 0, x2: width, y1: y, y2: y, stroke: "#333", "stroke-dasharray": "6 4" })) line.setAttribute(k, v);
  svg.append(line);
  $("chart").replaceChildren(svg);
}

async function loadVotes() {
  const page = await call("GET", `/campaigns/${state.campaign}/fraud/cases/${state.caseId}/votes?page=${state.votesPage}&pageSize=200`);
  $("vote-count").textContent = `（共 ${page.total} 票）`;
  $("votes").append(...page.items.map((v) => {
    const box = Object.assign(el("input"), { type: "checkbox", value: v.receipt, className: "pick" });
    return row([box, v.receipt, v.voterKey, time(v.votedAt), v.ipPrefix || "—", v.uaHash || "—", dwell(v.dwellMs),
      tokenNames[v.tokenState] ?? v.tokenState, el("span", voteStatusNames[v.status] ?? v.status, `status-${v.status}`)]);
  }));
  $("more-votes").hidden = page.page * page.pageSize >= page.total;
}

async function act(button) {
  const action = button.dataset.action;
  const reason = $("reason").value.trim();
  if (!reason) return showError(new Error("请填写理由"));
  const body = { reason };
  if (button.dataset.selection) {
    body.receipts = [...document.querySelectorAll("input.pick:checked")].map((b) => b.value);
    if (body.receipts.length === 0) return showError(new Error("请先勾选投票"));
  }
  if (!confirm(`确认「${button.textContent}」？`)) return;
  try {
    const result = await call("POST", `/campaigns/${state.campaign}/fraud/cases/${state.caseId}/${action}`, body);
    $("action-result").textContent = `已完成：${result.changed} 票状态改变；案件现为「${statusNames[result.status] ?? result.status}」。`;
    $("reason").value = "";
    await openCase(state.caseId);
  } catch (error) {
    showError(error);
  }
}

$("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    await call("POST", "/login", { userName: form.get("userName"), password: form.get("password") });
    localStorage.setItem(HINT_KEY, "1");
    showError(null);
    await start();
  } catch (error) {
    showError(error);
  }
});
$("campaign").addEventListener("change", () => { state.campaign = Number($("campaign").value); listCases(); });
$("status").addEventListener("change", listCases);
$("refresh").addEventListener("click", listCases);
$("back").addEventListener("click", (event) => { event.preventDefault(); location.hash = ""; });
$("more-votes").addEventListener("click", () => { state.votesPage++; loadVotes().catch(showError); });
$("select-all").addEventListener("change", (event) => {
  for (const box of document.querySelectorAll("input.pick")) box.checked = event.target.checked;
});
for (const button of document.querySelectorAll(".actions button")) button.addEventListener("click", () => act(button));
window.addEventListener("hashchange", route);
start();
