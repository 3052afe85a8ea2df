// Casting a vote so that it counts exactly once. One Idempotency-Key per vote intent, kept in sessionStorage until a
// definite answer: a double tap, an automatic retry after a network failure, a manual retry or a reload of the page
// all send the same key, and the server counts it once (a replay answers the first receipt).
import { request, ApiError } from './api.js';
import { sleep } from './dom.js';

const RETRY_DELAYS_MS = [400, 1200, 2500];

const storageKey = (campaignId, candidateId) => `pv.vote.${campaignId}.${candidateId}`;

function newKey() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The key of the vote intent for this candidate: the pending one if an earlier attempt has no definite answer. */
export function intentKey(campaignId, candidateId) {
  const slot = storageKey(campaignId, candidateId);
  let key = sessionStorage.getItem(slot);
  if (!key) {
    key = newKey();
    sessionStorage.setItem(slot, key);
  }
  return key;
}

export const hasPendingVote = (campaignId, candidateId) => Boolean(sessionStorage.getItem(storageKey(campaignId, candidateId)));

/**
 * Sends the vote; retries (same key) while no answer arrives or the service is busy. Returns {receipt} or {error,
 * pending}: `pending` means the vote may have been counted and a retry (same key) will tell. `voteToken` (from
 * showing the candidate page, for the anti-fraud dwell time) goes with every attempt: the server counts a key once,
 * so resending the same token with it never uses it twice.
 */
export async function castVote(campaignId, candidateId, { onRetry, voteToken } = {}) {
  const key = intentKey(campaignId, candidateId);
  const headers = { 'Idempotency-Key': key, ...(voteToken ? { 'X-Vote-Token': voteToken } : {}) };
  for (let attempt = 0; ; attempt++) {
    try {
      const receipt = await request('POST', `/api/v1/campaigns/${campaignId}/votes`, {
        body: { candidateId: Number(candidateId) },
        headers,
      });
      sessionStorage.removeItem(storageKey(campaignId, candidateId));
      return { receipt };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const unknown = error.network || error.status >= 500;
      if (unknown && attempt < RETRY_DELAYS_MS.length) {
        onRetry?.(attempt + 1);
        await sleep(RETRY_DELAYS_MS[attempt]);
        continue;
      }
      // A refusal (already voted, limit, closed, signed out) is definite: the next tap is a new vote.
      // Rate limiting refuses before counting, so its key may be reused as well as dropped: keep it.
      if (!unknown && error.status !== 429) sessionStorage.removeItem(storageKey(campaignId, candidateId));
      return { error, pending: unknown };
    }
  }
}
