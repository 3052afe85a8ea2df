// The organizer console: sign in, pick a campaign, switch tabs. Talks only to /api/admin and the public campaign API.
import { api, describe, token } from './api.js';
import * as views from './views.js';

const $ = (id) => document.getElementById(id);
let stopCurrent = null;

function signedIn(yes) {
  $('login').hidden = yes;
  $('campaign-form').hidden = !yes;
  $('tabs').hidden = !yes || !campaignId();
}

function campaignId() {
  return new URLSearchParams(location.hash.slice(1)).get('campaign');
}

async function show(view) {
  stopCurrent?.();
  stopCurrent = null;
  const id = campaignId();
  if (!id || !views[view]) return;
  for (const tab of document.querySelectorAll('#tabs button')) tab.classList.toggle('active', tab.dataset.view === view);
  const root = $('view');
  root.replaceChildren();
  $('status').textContent = '加载中…';
  try {
    stopCurrent = (await views[view](root, id)) ?? null;
    $('status').textContent = '';
  } catch (e) {
    $('status').textContent = describe(e);
    if (e.status === 401) {
      token.clear();
      signedIn(false);
    }
  }
}

function route() {
  const params = new URLSearchParams(location.hash.slice(1));
  $('campaign-id').value = params.get('campaign') ?? '';
  signedIn(Boolean(token.get()));
  if (token.get()) show(params.get('view') ?? 'overview');
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('login-error').textContent = '';
  try {
    const result = await api.post('/api/admin/login', { userName: $('user').value, password: $('password').value });
    token.set(result.token);
    $('password').value = '';
    route();
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
  token.clear();
  stopCurrent?.();
  $('view').replaceChildren();
  signedIn(false);
});

$('tabs').addEventListener('click', (event) => {
  const view = event.target.closest('button')?.dataset.view;
  if (view) location.hash = `campaign=${encodeURIComponent(campaignId())}&view=${view}`;
});

window.addEventListener('hashchange', route);
route();
