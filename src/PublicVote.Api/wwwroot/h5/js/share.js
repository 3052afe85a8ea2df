// Sharing: inside WeChat the JS-SDK sets the share card (title, text, link); elsewhere the link is copied. The poster
// is drawn on a canvas (text + the link's QR code from our API) and shown as an image to long-press and save.
import { getJson, api } from './api.js';
import { h, show, $ } from './dom.js';
import { inWeChat } from './env.js';

const JSSDK = 'https://res.wx.qq.com/open/js/jweixin-1.6.0.js';

function loadScript(src, timeoutMs) {
  return new Promise((resolve, reject) => {
    const script = h('script', { src, async: true });
    const timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
    script.onload = () => { clearTimeout(timer); resolve(); };
    script.onerror = () => { clearTimeout(timer); reject(new Error('load failed')); };
    document.head.append(script);
  });
}

/** Configures WeChat's share card; resolves false when not in WeChat or when the SDK or its signature is unavailable. */
export async function setUpWeChatShare(card) {
  if (!inWeChat()) return false;
  try {
    await loadScript(JSSDK, 8000);
    const config = await getJson(`/api/v1/wechat/jssdk-config?url=${encodeURIComponent(location.href.split('#')[0])}`);
    const wx = window.wx;
    wx.config({
      debug: false, appId: config.appId, timestamp: config.timestamp, nonceStr: config.nonceStr, signature: config.signature,
      jsApiList: ['updateAppMessageShareData', 'updateTimelineShareData'],
    });
    await new Promise((resolve, reject) => { wx.ready(resolve); wx.error(reject); });
    wx.updateAppMessageShareData({ title: card.title, desc: card.desc, link: card.link, imgUrl: card.imgUrl });
    wx.updateTimelineShareData({ title: card.title, link: card.link, imgUrl: card.imgUrl });
    return true;
  } catch {
    return false;
  }
}

export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h('textarea', { class: 'offscreen', readonly: true, 'aria-hidden': 'true' });
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

function loadImage(src) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = reject;
    img.src = src;
  });
}

/** Draws lines of text wrapped to `width`, at most `maxLines`; returns the y after the last line. */
function wrap(ctx, text, x, y, width, lineHeight, maxLines) {
  let line = '';
  let lines = 0;
  for (const ch of String(text)) {
    if (ctx.measureText(line + ch).width > width && line) {
      if (++lines === maxLines) { ctx.fillText(line.slice(0, -1) + '…', x, y); return y + lineHeight; }
      ctx.fillText(line, x, y);
      y += lineHeight;
      line = '';
    }
    line += ch;
  }
  if (line) { ctx.fillText(line, x, y); y += lineHeight; }
  return y;
}

/** The poster: campaign, number and name, unit, slogan, and the QR code of the candidate's page. */
export async function showPoster({ campaignName, number, name, unit, slogan, path }) {
  const dialog = $('#poster');
  show(dialog, h('p', { class: 'muted', role: 'status', text: '正在生成海报…' }));
  dialog.hidden = false;
  try {
    const qr = await loadImage(api.qrUrl(path));
    const scale = 2;
    const canvas = h('canvas', { width: 600 * scale, height: 880 * scale });
    const ctx = canvas.getContext('2d');
    ctx.scale(scale, scale);
    ctx.fillStyle = '#fff8f0'; ctx.fillRect(0, 0, 600, 880);
    ctx.fillStyle = '#c8161d'; ctx.fillRect(0, 0, 600, 150);
    ctx.fillStyle = '#fff'; ctx.font = 'bold 32px sans-serif';
    wrap(ctx, campaignName, 40, 65, 520, 44, 2);
    ctx.fillStyle = '#c8161d'; ctx.font = 'bold 40px sans-serif';
    ctx.fillText(`${number}号`, 40, 220);
    ctx.fillStyle = '#222'; ctx.font = 'bold 48px sans-serif';
    let y = wrap(ctx, name, 40, 285, 520, 56, 2);
    ctx.fillStyle = '#555'; ctx.font = '26px sans-serif';
    if (unit) y = wrap(ctx, unit, 40, y + 4, 520, 36, 2);
    if (slogan) { ctx.fillStyle = '#333'; ctx.font = 'italic 26px sans-serif'; wrap(ctx, `“${slogan}”`, 40, y + 16, 520, 36, 3); }
    ctx.drawImage(qr, 190, 560, 220, 220);
    ctx.fillStyle = '#555'; ctx.font = '24px sans-serif'; ctx.textAlign = 'center';
    ctx.fillText('长按识别二维码，为TA投票', 300, 820);
    show(dialog,
      h('img', { class: 'poster-img', src: canvas.toDataURL('image/png'), alt: `${number}号 ${name} 的投票海报` }),
      h('p', { text: '长按图片可保存或发送给朋友。' }),
      h('button', { type: 'button', class: 'btn secondary', onclick: () => { dialog.hidden = true; }, text: '关闭' }));
  } catch {
    show(dialog, h('p', { role: 'alert', text: '海报生成失败，请稍后再试，或复制链接分享。' }),
      h('button', { type: 'button', class: 'btn secondary', onclick: () => { dialog.hidden = true; }, text: '关闭' }));
  }
}
