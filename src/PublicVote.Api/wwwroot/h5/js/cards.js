// A candidate card of the list: thumbnail (lazy), number, name, unit and post, and the votes when the campaign shows them.
import { h, safePath, fmtCount } from './dom.js';

export function candidateCard(campaignId, k, categories) {
  const thumb = safePath(k.thumbUrl);
  const category = categories.find((x) => x.id === k.categoryId);
  return h('li', { class: 'cand' },
    h('a', { href: `/h5/candidate.html?c=${encodeURIComponent(campaignId)}&id=${encodeURIComponent(k.id)}`, class: 'cand-link' },
      thumb
        ? h('img', { class: 'thumb', src: thumb, alt: '', loading: 'lazy', decoding: 'async', width: 96, height: 96 })
        : h('span', { class: 'thumb placeholder', 'aria-hidden': 'true', text: k.number }),
      h('span', { class: 'cand-body' },
        h('span', { class: 'cand-no', text: `${k.number}号` }),
        h('span', { class: 'cand-name', text: k.name }),
        k.unitName || k.post ? h('span', { class: 'cand-unit', text: [k.unitName, k.post].filter(Boolean).join(' · ') }) : null,
        category && categories.length > 1 ? h('span', { class: 'cand-cat', text: category.name }) : null),
      k.votes != null ? h('span', { class: 'cand-votes' }, h('strong', { text: fmtCount(k.votes) }), ' 票') : null));
}

/**
 * What the search box matches: the number or a part of the name (or unit). The server filters by `q`; this keeps the
 * list right against a server that does not (yet), and is a no-op when it does.
 */
export function matches(k, q) {
  if (!q) return true;
  const needle = q.trim().toLowerCase();
  const number = String(k.number).toLowerCase();
  return number === needle || number.replace(/^0+/, '') === needle.replace(/^0+/, '')
    || String(k.name).toLowerCase().includes(needle)
    || (k.unitName ? String(k.unitName).toLowerCase().includes(needle) : false);
}
