// Calls the admin API with the sign-in cookie (HttpOnly, Path=/api/admin, set by POST /api/admin/login): the page
// never holds a token a script could steal. Every cookie write carries the antiforgery header (docs/accounts.md).
// Only a "signed in" hint is kept, so that a fresh page shows the sign-in form without first asking /me for a 401.
const HINT_KEY = 'pv-admin-signed-in';
let antiforgery = null;

export const session = {
  hinted: () => localStorage.getItem(HINT_KEY) === '1',
  signedIn() {
    localStorage.setItem(HINT_KEY, '1');
  },
  signedOut() {
    localStorage.removeItem(HINT_KEY);
    antiforgery = null;
  },
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  get type() {
    return this.problem?.type?.split(':').pop() ?? null;
  }
}

const writes = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const exempt = (url) => url === '/api/admin/login' || url === '/api/admin/logout';

async function headerFor(method, url) {
  if (!writes.has(method) || exempt(url)) return {};
  // The token is tied to the signed-in account: fetched after sign-in, forgotten at sign-out.
  antiforgery ??= await (await send('GET', '/api/admin/antiforgery')).json();
  return { [antiforgery.headerName]: antiforgery.token };
}

async function send(method, url, body, retried = false) {
  const headers = { Accept: 'application/json', ...(await headerFor(method, url)) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => null);
    const error = new ApiError(response.status, problem);
    if (error.type === 'antiforgery-token-invalid' && !retried) {
      antiforgery = null;
      return send(method, url, body, true);
    }
    throw error;
  }
  return response;
}

export const api = {
  get: async (url) => (await send('GET', url)).json(),
  post: async (url, body) => {
    const response = await send('POST', url, body ?? {});
    return response.status === 204 ? null : response.json();
  },
  async download(url, fallbackName) {
    const response = await send('GET', url);
    const disposition = response.headers.get('Content-Disposition') || '';
    const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] || fallbackName;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await response.blob());
    link.download = name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  },
};

export function describe(error) {
  if (error instanceof ApiError) {
    const detail = error.problem?.detail ? `：${error.problem.detail}` : '';
    const errors = error.problem?.errors;
    const fields = Array.isArray(errors)
      ? errors.map((e) => `${e.field ?? e.item ?? ''} ${e.message ?? ''}`.trim())
      : Object.entries(errors || {}).map(([field, messages]) => `${field} ${[].concat(messages).join(' ')}`);
    return `${error.message}${detail}${fields.length ? `（${fields.join('；')}）` : ''}（${error.status}）`;
  }
  return String(error);
}
