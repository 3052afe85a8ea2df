// Outside WeChat: voting needs a WeChat sign-in, so say so, show the link's QR code to scan with WeChat, and let the
// visitor look around without voting.
import { $, h, show } from './dom.js';
import { api } from './api.js';
import { copyText } from './share.js';

function nextPath() {
  const next = new URLSearchParams(location.search).get('next') || '/h5/';
  return /^\/h5\/[^\s\\]*$/.test(next) && !next.startsWith('//') && next.length <= 300 ? next : '/h5/';
}

function start() {
  const next = nextPath();
  const link = location.origin + next;
  const status = h('p', { class: 'muted', role: 'status' });
  show($('#main'), h('section', { class: 'card center' },
    h('h1', { text: '请在微信中打开' }),
    h('p', { text: '投票需要用微信登录。请用微信「扫一扫」扫描下面的二维码，或把链接发到微信里再打开。' }),
    h('img', { class: 'qr', src: api.qrUrl(next), width: 220, height: 220, alt: '本页面链接的二维码，用微信扫一扫打开' }),
    h('p', { class: 'link' }, h('code', { text: link })),
    h('p', { class: 'actions' },
      h('button', { type: 'button', class: 'btn secondary', onclick: async () => {
        status.textContent = (await copyText(link)) ? '链接已复制，可以粘贴到微信里打开。' : '复制失败，请长按上面的链接手动复制。';
      }, text: '复制链接' }),
      h('a', { class: 'btn', id: 'browse', href: next, onclick: () => sessionStorage.setItem('pv.browse', '1'), text: '先看看候选人（不能投票）' })),
    status));
}

start();
