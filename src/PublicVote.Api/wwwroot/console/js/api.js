// Calls the admin API with the bearer token from sign-in (kept for this tab only).
const TOKEN_KEY = 'pv-console-token';

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function send(method, url, body) {
  const headers = { Accept: 'application/json' };
  if (token.get()) headers.Authorization = `Bearer ${token.get()}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) {
    const problem = await response.json().catch(() => null);
    throw new ApiError(response.status, problem);
  }
  return response;
}

export const api = {
  get: async (url) => (await send('GET', url)).json(),
  post: async (url, body) => (await send('POST', url, body ?? {})).json(),
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
    return `${error.message}${detail}（${error.status}）`;
  }
  return String(error);
}
