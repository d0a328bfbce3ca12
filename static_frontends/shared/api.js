// Shared API client: JSON over fetch, CSRF header from the csrftoken cookie, problem+json
// parsing into ApiError. Framework-free so it can be unit tested under `node --test`.

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** An API failure. `kind` drives what the UI shows (see errorKind). */
export class ApiError extends Error {
  constructor({ status = 0, problem = {}, retryAfter = null, cause = null } = {}) {
    super(problem.detail || problem.title || (status ? `HTTP ${status}` : "Network error"));
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
    this.code = problem.code || (status ? `http_${status}` : "network_error");
    this.errors = problem.errors || null;
    this.action = problem.action || null;
    this.requestId = problem.request_id || null;
    this.retryAfter = retryAfter;
    this.cause = cause;
  }

  get kind() {
    return errorKind(this.status, this.errors);
  }
}

/** Map an HTTP status (0 = network failure) to a UI behaviour. */
export function errorKind(status, errors = null) {
  if (status === 0) return "network";
  if (status === 401) return "unauthenticated";
  if (status === 403) return "denied";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "server";
  if ((status === 400 || status === 422) && errors) return "validation";
  return "client";
}

/** Seconds from a Retry-After header (delta-seconds or HTTP date); null when absent. */
export function parseRetryAfter(value, now = Date.now()) {
  if (value === null || value === undefined || value === "") return null;
  const text = String(value).trim();
  if (/^\d+$/.test(text)) return Number(text);
  const when = Date.parse(text);
  if (Number.isNaN(when)) return null;
  return Math.max(0, Math.ceil((when - now) / 1000));
}

/** Value of one cookie from a `document.cookie` style string. */
export function readCookie(cookieString, name) {
  for (const part of (cookieString || "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

/** Parse the body of a failed response into a problem object (never throws). */
export async function parseProblem(response) {
  let text = "";
  try {
    text = await response.text();
  } catch {
    text = "";
  }
  if (text) {
    try {
      const body = JSON.parse(text);
      if (body && typeof body === "object" && !Array.isArray(body)) return body;
    } catch {
      // not JSON: fall through
    }
  }
  return { title: response.statusText || `HTTP ${response.status}`, status: response.status };
}

/** Build `url?query` skipping null/undefined/"" values. */
export function withQuery(url, query) {
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined || value === "") continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  if (!qs) return url;
  return url + (url.includes("?") ? "&" : "?") + qs;
}

/** Parse the X-Pagination JSON header (null when absent or malformed). */
export function parsePagination(headerValue) {
  if (!headerValue) return null;
  try {
    return JSON.parse(headerValue);
  } catch {
    return null;
  }
}

/**
 * createClient({fetch, cookies, csrfUrl, onSettled})
 *  - fetch: fetch implementation (defaults to globalThis.fetch)
 *  - cookies: () => cookie string (defaults to document.cookie)
 *  - csrfUrl: GET endpoint that sets the CSRF cookie when it is missing
 *  - onSettled: called after every request (the app passes m.redraw)
 * request() resolves to {data, status, headers, pagination} or rejects with ApiError.
 */
export function createClient(options = {}) {
  const fetchImpl = options.fetch || ((...args) => globalThis.fetch(...args));
  const cookies = options.cookies || (() => (globalThis.document ? globalThis.document.cookie : ""));
  const csrfUrl = options.csrfUrl === undefined ? "/api/student/iam/csrf" : options.csrfUrl;
  const onSettled = options.onSettled || (() => {});
  let csrfToken = null;

  async function ensureCsrf() {
    const fromCookie = readCookie(cookies(), "csrftoken");
    if (fromCookie) return fromCookie;
    if (csrfToken) return csrfToken;
    if (!csrfUrl) return null;
    try {
      const response = await fetchImpl(csrfUrl, {
        method: "GET",
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (response.ok) {
        const body = await response.json().catch(() => ({}));
        csrfToken = readCookie(cookies(), "csrftoken") || body.csrf_token || body.csrfToken || null;
      }
    } catch {
      // the real request will report the network failure
    }
    return csrfToken;
  }

  async function request(method, url, { body, query, headers = {}, signal } = {}) {
    method = method.toUpperCase();
    const init = {
      method,
      credentials: "same-origin",
      headers: { Accept: "application/json, application/problem+json", ...headers },
      signal,
    };
    if (body !== undefined) {
      if (typeof FormData !== "undefined" && body instanceof FormData) {
        init.body = body;
      } else {
        init.headers["Content-Type"] = "application/json";
        init.body = JSON.stringify(body);
      }
    }
    if (UNSAFE.has(method)) {
      const token = await ensureCsrf();
      if (token) init.headers["X-CSRFToken"] = token;
    }
    let response;
    try {
      response = await fetchImpl(withQuery(url, query), init);
    } catch (cause) {
      onSettled();
      if (cause && cause.name === "AbortError") throw cause;
      throw new ApiError({ status: 0, problem: { title: "Network error", detail: "Could not reach the server." }, cause });
    }
    try {
      if (!response.ok) {
        const problem = await parseProblem(response);
        if (response.status === 403 && problem.code === "csrf_failed") csrfToken = null;
        throw new ApiError({
          status: response.status,
          problem,
          retryAfter: parseRetryAfter(response.headers.get("Retry-After")),
        });
      }
      let data = null;
      if (response.status !== 204) {
        const text = await response.text();
        data = text ? JSON.parse(text) : null;
      }
      return {
        data,
        status: response.status,
        headers: response.headers,
        pagination: parsePagination(response.headers.get("X-Pagination")),
      };
    } finally {
      onSettled();
    }
  }

  return {
    request,
    get: (url, opts) => request("GET", url, opts),
    post: (url, body, opts = {}) => request("POST", url, { ...opts, body }),
    put: (url, body, opts = {}) => request("PUT", url, { ...opts, body }),
    patch: (url, body, opts = {}) => request("PATCH", url, { ...opts, body }),
    del: (url, opts) => request("DELETE", url, opts),
    resetCsrf: () => {
      csrfToken = null;
    },
  };
}

/** The sign-in URL to send an unauthenticated user to, returning to `here` afterwards. */
export function signInUrl(here, signInPath = "/student/signin") {
  const next = here && here.startsWith("/") && !here.startsWith("//") ? here : "/student/";
  return `${signInPath}?next=${encodeURIComponent(next)}`;
}

/** Only same-site absolute paths are accepted as a post-sign-in destination. */
export function safeNext(next, fallback) {
  if (typeof next !== "string") return fallback;
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  return next;
}
