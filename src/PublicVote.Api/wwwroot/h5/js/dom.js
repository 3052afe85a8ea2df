// DOM helpers. Every piece of data reaches the page as a text node or an attribute value, never as HTML:
// candidate names, materials and slogans are typed by the public and must not run as markup.

/** h('a', {href, class, text, onclick}, ...children): children are nodes or strings (strings become text nodes). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = String(value);
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child != null && child !== false) el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);

/** Replaces the children of an element. */
export function show(el, ...children) {
  el.replaceChildren(...children.flat().filter((c) => c != null && c !== false));
  return el;
}

/** A URL from the API for src/href: only paths on our own origin ("/media/…"), never javascript: or another site. */
export function safePath(url) {
  return typeof url === 'string' && /^\/[^/\\]/.test(url) ? url : null;
}

/** The query parameter as a positive integer, or null. */
export function idParam(name, search = location.search) {
  const raw = new URLSearchParams(search).get(name);
  return raw && /^[1-9][0-9]{0,17}$/.test(raw) ? raw : null;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
});
const time = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
});

export const fmtDateTime = (iso) => dateTime.format(new Date(iso));
export const fmtTime = (iso) => time.format(new Date(iso));
export const fmtCount = (n) => Number(n).toLocaleString('zh-CN');

/** "3天 4小时 5分 6秒" until the instant, or null once it has passed. */
export function untilText(iso, now = Date.now()) {
  let s = Math.floor((new Date(iso).getTime() - now) / 1000);
  if (!(s > 0)) return null;
  const d = Math.floor(s / 86400); s -= d * 86400;
  const hr = Math.floor(s / 3600); s -= hr * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  return (d ? `${d}天 ` : '') + (d || hr ? `${hr}小时 ` : '') + `${m}分 ${s}秒`;
}
