// The organizer console: sign in, pick a campaign, switch tabs. Talks only to /api/admin and the public campaign API.
import { api, describe, session } from './api.js';
import * as views from './views.js';
import { candidates } from './candidates.js';
import { objections } from './objections.js';
import { phase } from './phases.js';

const $ = (id) => document.getElementById(id);
const pages = { ...views, candidates, objections, phase };
let stopCurrent = null;
let me = null;

function params() {
  return new URLSearchParams(location.hash.slice(1));
}

function campaignId() {
  return params().get('campaign');
}

function showSignedIn(yes) {
  $('login').hidden = yes;
  $('campaign-form').hidden = !yes;
  $('tabs').hidden = !yes || !campaignId();
  $('who').textContent = yes && me ? `${me.displayName || me.userName}` : '';
  $('review-link').href = `/review/?campaign=${encodeURIComponent(campaignId() ?? '')}`;
}

function signedOut() {
  session.signedOut();
  me = null;
  stopCurrent?.();
  stopCurrent = null;
  $('view').replaceChildren();
  showSignedIn(false);
}

async function show(view) {
  stopCurrent?.();
  stopCurrent = null;
  const id = campaignId();
  if (!id || !pages[view]) return;
  for (const tab of document.querySelectorAll('#tabs button')) tab.classList.toggle('active', tab.dataset.view === view);
  const root = $('view');
  root.replaceChildren();
  $('status').textContent = '加载中…';
  try {
    stopCurrent = (await pages[view](root, id, params())) ?? null;
    $('status').textContent = '';
  } catch (e) {
    $('status').textContent = describe(e);
    if (e.status === 401) signedOut();
  }
}

async function route() {
  if (!session.hinted()) return showSignedIn(false);
  if (!me) {
    try {
      me = await api.get('/api/admin/me');
    } catch (e) {
      if (e.status === 401) return signedOut();
      $('status').textContent = describe(e);
      return;
    }
  }
  const campaigns = [...new Set(me.grants.filter((g) => g.campaignId).map((g) => g.campaignId))];
  if (!campaignId() && campaigns.length) {
    location.replace(`#campaign=${campaigns[0]}&view=overview`);
    return;
  }
  $('campaign-id').value = campaignId() ?? '';
  showSignedIn(true);
  await show(params().get('view') ?? 'overview');
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('login-error').textContent = '';
  try {
    const result = await api.post('/api/admin/login', { userName: $('user').value, password: $('password').value });
    session.signedIn();
    me = result.account;
    $('password').value = '';
    await route();
  } catch (e) {
    $('login-error').textContent = describe(e);
  }
});

$('campaign-form').addEventListener('submit', (event) => {
  event.preventDefault();
  location.hash = `campaign=${encodeURIComponent($('campaign-id').value)}&view=overview`;
});

$('logout').addEventListener('click', async () => {
  await api.post('/api/admin/logout').catch(() => null);
  signedOut();
});

$('tabs').addEventListener('click', (event) => {
  const view = event.target.closest('button')?.dataset.view;
  if (view) location.hash = `campaign=${encodeURIComponent(campaignId())}&view=${view}`;
});

window.addEventListener('hashchange', route);
route();
