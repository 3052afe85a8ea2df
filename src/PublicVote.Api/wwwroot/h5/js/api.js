// The JSON API. Failures become ApiError: `network` when no answer arrived (the request may or may not have
// reached the server), otherwise the HTTP status and the ProblemDetails body (its `type` is what we switch on).

export class ApiError extends Error {
  constructor(status, problem, network, retryAfter) {
    super(problem?.title || (network ? 'network error' : `HTTP ${status}`));
    this.status = status;
    this.problem = problem;
    this.network = network;
    this.retryAfter = retryAfter;
  }

  get type() {
    return this.problem?.type || null;
  }
}

export async function request(method, url, { body, headers } = {}) {
  let response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new ApiError(0, null, true, null);
  }
  let data = null;
  if ((response.headers.get('content-type') || '').includes('json')) {
    try {
      data = await response.json();
    } catch {
      // The connection broke while the body arrived: as unknown as no answer at all.
      throw new ApiError(response.status, null, true, null);
    }
  }
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('retry-after')) || data?.retryAfterSeconds || null;
    throw new ApiError(response.status, data && typeof data.type === 'string' ? data : null, false, retryAfter);
  }
  return data;
}

export const getJson = (url) => request('GET', url);

export const api = {
  campaign: (c) => getJson(`/api/v1/campaigns/${c}`),
  candidates: (c, query) => getJson(`/api/v1/campaigns/${c}/candidates?${new URLSearchParams(query)}`),
  candidate: (c, id) => getJson(`/api/v1/campaigns/${c}/candidates/${id}`),
  ranking: (c, categoryId) => getJson(`/api/v1/campaigns/${c}/ranking?categoryId=${encodeURIComponent(categoryId)}`),
  results: (c) => getJson(`/api/v1/campaigns/${c}/results`),
  me: (c) => getJson(`/api/v1/campaigns/${c}/me`),
  myVotes: (c) => getJson(`/api/v1/campaigns/${c}/me/votes`),
  voteToken: (c, id) => getJson(`/api/v1/campaigns/${c}/candidates/${id}/vote-token`),
  objection: (c, body) => request('POST', `/api/v1/campaigns/${c}/objections`, { body }),
  qrUrl: (path) => `/api/v1/share/qr?path=${encodeURIComponent(path)}`,
};
