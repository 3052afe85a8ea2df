// Plain SVG charts: a bar chart of one category's votes and a line of total votes over time.
const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

export function barChart(items, { width = 640, barHeight = 22, label = (i) => i.name, value = (i) => i.votes } = {}) {
  const left = 180;
  const height = Math.max(1, items.length) * (barHeight + 6) + 10;
  const max = Math.max(1, ...items.map(value));
  const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': '票数柱状图' });
  items.forEach((item, i) => {
    const y = 5 + i * (barHeight + 6);
    const w = ((width - left - 70) * value(item)) / max;
    root.append(svg('text', { x: left - 6, y: y + barHeight * 0.7, 'text-anchor': 'end' }, label(item).slice(0, 14)));
    root.append(svg('rect', { class: 'bar', x: left, y, width: Math.max(0, w), height: barHeight }));
    root.append(svg('text', { x: left + w + 4, y: y + barHeight * 0.7 }, value(item).toLocaleString('zh-CN')));
  });
  return root;
}

export function lineChart(points, { width = 640, height = 200 } = {}) {
  const pad = 36;
  const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': '总票数随时间变化' });
  root.append(svg('line', { class: 'axis', x1: pad, y1: height - pad, x2: width - 8, y2: height - pad }));
  root.append(svg('line', { class: 'axis', x1: pad, y1: 8, x2: pad, y2: height - pad }));
  if (points.length === 0) return root;
  const t0 = points[0].t;
  const span = Math.max(1, points[points.length - 1].t - t0);
  const min = Math.min(...points.map((p) => p.v));
  const max = Math.max(min + 1, ...points.map((p) => p.v));
  const x = (t) => pad + ((width - pad - 8) * (t - t0)) / span;
  const y = (v) => height - pad - ((height - pad - 8) * (v - min)) / (max - min);
  root.append(svg('polyline', { class: 'line', points: points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ') }));
  root.append(svg('text', { x: 2, y: 14 }, max.toLocaleString('zh-CN')));
  root.append(svg('text', { x: 2, y: height - pad }, min.toLocaleString('zh-CN')));
  root.append(svg('text', { x: pad, y: height - 12 }, new Date(t0).toLocaleTimeString('zh-CN', { hour12: false })));
  root.append(svg('text', { x: width - 8, y: height - 12, 'text-anchor': 'end' },
    new Date(points[points.length - 1].t).toLocaleTimeString('zh-CN', { hour12: false })));
  return root;
}
