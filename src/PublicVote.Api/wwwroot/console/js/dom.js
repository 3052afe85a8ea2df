// Tiny DOM helpers: every text goes in as text (never as HTML), so names from the public cannot inject markup.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function table(headers, rows, rowClass) {
  return el('table', {},
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', {}, h)))),
    el('tbody', {}, rows.map((cells, i) => el('tr', { class: rowClass?.(i) },
      cells.map((c) => (typeof c === 'number' ? el('td', { class: 'num' }, c.toLocaleString('zh-CN')) : el('td', {}, c ?? '')))))));
}

export const fixed2 = (n) => (n === null || n === undefined ? '' : Number(n).toFixed(2));

export function when(iso) {
  return iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '';
}

export function stat(label, value) {
  return el('div', { class: 'stat' }, label, el('b', {}, typeof value === 'number' ? value.toLocaleString('zh-CN') : value));
}
