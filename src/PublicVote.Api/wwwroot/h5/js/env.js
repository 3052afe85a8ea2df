// Where the page runs and who the voter is. The session is an HttpOnly cookie the page never sees: the only way to
// know whether we are signed in is to ask /me. Nothing about the voter is kept in the URL or in localStorage.
import { api } from './api.js';

const ua = navigator.userAgent;

/** WeChat's in-app browser (WeCom also says MicroMessenger, but our official account does not live there). */
export const inWeChat = () => /MicroMessenger/i.test(ua) && !/wxwork/i.test(ua);

export const here = () => location.pathname + location.search;

export function loginUrl(campaignId) {
  return `/api/v1/wechat/authorize?campaignId=${encodeURIComponent(campaignId)}&returnUrl=${encodeURIComponent(here())}`;
}

export function openInWeChatUrl(next = here()) {
  return `/h5/wechat.html?next=${encodeURIComponent(next)}`;
}

/**
 * Outside WeChat the visitor first sees the "open in WeChat" page; after "just look around" they browse freely
 * for the rest of the tab's life.
 */
export function sendOutsidersToWeChatPage() {
  if (inWeChat() || sessionStorage.getItem('pv.browse') === '1') return false;
  location.replace(openInWeChatUrl());
  return true;
}

/**
 * The voter's day (`/me`), or null when not signed in. Inside WeChat an unsigned visitor is sent through the silent
 * WeChat sign-in once per tab (and comes back to this page); a second failure leaves the page usable for viewing.
 */
export async function myDay(campaignId, { signIn = true } = {}) {
  const flag = `pv.signin.${campaignId}`;
  try {
    const me = await api.me(campaignId);
    sessionStorage.removeItem(flag);
    return me;
  } catch (error) {
    if (error.status !== 401) throw error;
  }
  if (signIn && inWeChat() && !sessionStorage.getItem(flag)) {
    sessionStorage.setItem(flag, '1');
    location.assign(loginUrl(campaignId));
    return new Promise(() => {}); // the page is leaving
  }
  return null;
}
