// Webhooks admin: API paths, display rules (badges, endpoint state, attempts), the endpoint
// form's state (event-type picker, custom headers, what an edit changes), replay times and the
// delivery log's cursor paging. Framework-free, unit tested in tests/webhooks.test.js.

const A = "/api/admin/webhooks";
const enc = encodeURIComponent;

/** Every API path of the webhooks screens. */
export const WH = {
  eventTypes: `${A}/event-types`,
  endpoints: `${A}/endpoints`,
  endpoint: (id) => `${A}/endpoints/${enc(id)}`,
  rotate: (id) => `${A}/endpoints/${enc(id)}/rotate-secret`,
  test: (id) => `${A}/endpoints/${enc(id)}/test`,
  replay: (id) => `${A}/endpoints/${enc(id)}/replay`,
  deliveries: (id) => `${A}/endpoints/${enc(id)}/deliveries`,
  delivery: (id) => `${A}/deliveries/${enc(id)}`,
  redeliver: (id) => `${A}/deliveries/${enc(id)}/redeliver`,
};

/** The IAM action prefix: `${WEBHOOKS}:endpoints:create`. */
export const WEBHOOKS = "teacherseat:admin:webhooks";

export const ALL_EVENTS = "*";

export const FORMATS = [
  { value: "standard", label: "Standard (signed JSON)" },
  { value: "teams", label: "Microsoft Teams" },
  { value: "slack", label: "Slack" },
];
export const formatLabel = (value) => (FORMATS.find((f) => f.value === value) || { label: value || "—" }).label;

export const DELIVERY_STATUSES = ["pending", "succeeded", "failed", "cancelled"];
/** Badge kind (format.js `badge`) of a delivery status: succeeded green, failed red, pending amber. */
export const DELIVERY_KIND = Object.freeze({ succeeded: "ok", failed: "danger", pending: "warn", cancelled: "" });
export const deliveryKind = (status) => DELIVERY_KIND[status] ?? "";

// ---------------- endpoints ----------------

const REASONS = {
  manual: "Disabled by an administrator",
  failing: "Disabled after failing for too long",
  too_many_failures: "Disabled after too many failed deliveries",
  gone: "The receiver answered 410 Gone",
};

/** A disabled_reason for people: known codes spelled out, other codes de-snaked, text as is. */
export function reasonText(reason) {
  if (!reason) return "";
  const text = String(reason);
  if (REASONS[text]) return REASONS[text];
  if (/^[a-z0-9_]+$/.test(text)) {
    const words = text.replace(/_/g, " ");
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
  return text;
}

/** {label, kind, reason, since}: disabled (red, with why), failing (amber, since when) or enabled. */
export function endpointState(endpoint) {
  if (!endpoint || !endpoint.enabled) return { label: "disabled", kind: "danger", reason: reasonText(endpoint && endpoint.disabled_reason), since: null };
  if (endpoint.failing_since) return { label: "failing", kind: "warn", reason: "", since: endpoint.failing_since };
  return { label: "enabled", kind: "ok", reason: "", since: null };
}

/** How to show a secret hint: the last characters alone ("TajD") read as "ends in …TajD". */
export function secretHintText(hint) {
  if (!hint) return null;
  const text = String(hint);
  return text.length <= 8 && !text.includes("…") && !text.startsWith("whsec_") ? { lead: "Current secret ends in ", value: `…${text}` } : { lead: "Current secret: ", value: text };
}

export const subscribesToAll = (types) => Array.isArray(types) && types.includes(ALL_EVENTS);

/** The event types of an endpoint in a table cell: {text, title} (title lists them all). */
export function eventTypesText(types, max = 3) {
  const list = Array.isArray(types) ? types : [];
  if (subscribesToAll(list)) return { text: "All events", title: "Every event type, including ones added later" };
  if (!list.length) return { text: "None", title: "" };
  const shown = list.slice(0, max).join(", ");
  return { text: list.length > max ? `${shown} +${list.length - max} more` : shown, title: list.join(", ") };
}

/** The endpoints matching the list's filters: search (URL or description) and state. */
export function filterEndpoints(items, { search = "", state = "" } = {}) {
  const q = String(search).trim().toLowerCase();
  return (items || []).filter((e) => {
    if (q && !`${e.url || ""} ${e.description || ""}`.toLowerCase().includes(q)) return false;
    return !state || endpointState(e).label === state;
  });
}

// ---------------- event-type picker ----------------

/**
 * The picker's state from GET event-types and the endpoint's current types:
 * {types: [{type, description, system, subscribe_action, allowed}], all, selected: Set}.
 * A selected type the list does not know (retired, or hidden from this person) is kept.
 */
export function createEventPicker(eventTypes, current = []) {
  const types = (eventTypes || []).map((t) => ({ ...t, allowed: t.allowed !== false }));
  const known = new Set(types.map((t) => t.type));
  const list = Array.isArray(current) ? current : [];
  for (const type of list) {
    if (type !== ALL_EVENTS && !known.has(type)) types.push({ type, description: "Not offered any more", system: "", subscribe_action: null, allowed: false, unknown: true });
  }
  return { types, all: subscribesToAll(list), selected: new Set(list.filter((t) => t !== ALL_EVENTS)) };
}

/** "All events" needs every type to be allowed (it also covers types added later). */
export const canPickAll = (picker) => picker.types.filter((t) => !t.unknown).every((t) => t.allowed);

/** Whether a type's checkbox can be changed: ticking needs `allowed`; a ticked one can be cleared. */
export function canToggle(picker, type) {
  if (picker.all) return false;
  const item = picker.types.find((t) => t.type === type);
  return !!item && (item.allowed || picker.selected.has(type));
}

/** Tick or clear one type; refused (false) when not allowed. */
export function toggleEvent(picker, type, on) {
  if (!canToggle(picker, type)) return false;
  if (on) {
    if (!picker.types.find((t) => t.type === type).allowed) return false;
    picker.selected.add(type);
  } else picker.selected.delete(type);
  return true;
}

/** Switch "All events" on (when allowed) or off (the single ticks come back). */
export function toggleAllEvents(picker, on) {
  if (on && !canPickAll(picker)) return false;
  picker.all = !!on;
  return true;
}

/** Tick every allowed type of a system (`pickerGroups`' `key`), or clear them all. */
export function setSystem(picker, system, on) {
  for (const t of picker.types) if (!t.unknown && (t.system || "other") === system) toggleEvent(picker, t.type, on);
}

/** Types grouped by system, systems in alphabetical order, unknown leftovers last. */
export function pickerGroups(picker) {
  const groups = new Map();
  for (const t of picker.types) {
    const key = t.unknown ? "" : t.system || "other";
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push({
      ...t,
      checked: picker.all || picker.selected.has(t.type),
      disabled: !canToggle(picker, t.type),
      hint: t.allowed ? "" : t.unknown ? "No longer offered: clear it to stop receiving it" : `You may not subscribe: needs ${t.subscribe_action || "a permission you do not have"}`,
    });
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === "" ? 1 : b === "" ? -1 : a.localeCompare(b)))
    .map(([key, items]) => ({ key, system: key || "Other", items: items.sort((x, y) => x.type.localeCompare(y.type)) }));
}

/** The endpoint's `event_types`: ["*"] or the ticked types, sorted. */
export function pickerValue(picker) {
  return picker.all ? [ALL_EVENTS] : [...picker.selected].sort();
}

/** A message when nothing is picked, else null. */
export const pickerError = (picker) => (picker.all || picker.selected.size ? null : "Choose at least one event type, or all events.");

// ---------------- custom headers ----------------

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
export const MAX_HEADERS = 20;
// Set by the delivery itself or controlling the connection: the server refuses them too.
const RESERVED = new Set(["host", "content-length", "content-type", "content-encoding", "transfer-encoding", "connection", "keep-alive", "te", "trailer", "upgrade", "expect", "accept-encoding", "user-agent", "cookie", "forwarded"]);
const RESERVED_PREFIXES = ["webhook-", "proxy-", "x-forwarded-", "sec-"];

/** Why a header name/value is refused (null when fine), as the server checks it. */
export function headerProblem(name, value) {
  if (!name) return "Give the header a name.";
  if (name.length > 64 || !TOKEN.test(name)) return "A header name has only letters, digits and - (at most 64, no spaces or colons).";
  const lower = name.toLowerCase();
  if (RESERVED.has(lower) || RESERVED_PREFIXES.some((p) => lower.startsWith(p))) return `${name} is set by TeacherSeat or controls the connection; it cannot be set.`;
  if (value.length > 1024) return "A header value may be at most 1024 characters.";
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) return "A header value must be one line without control characters.";
  return null;
}

/** {name: value} as editable rows. */
export function headersToRows(headers) {
  return Object.entries(headers && typeof headers === "object" ? headers : {}).map(([name, value]) => ({ name, value: String(value ?? "") }));
}

/**
 * Rows back to {name: value} (blank rows skipped), with the problems of each row:
 * {headers, errors: {index: message}}: names are HTTP tokens, not reserved, unique
 * (case-insensitive), values one line; at most MAX_HEADERS.
 */
export function rowsToHeaders(rows) {
  const headers = {};
  const errors = {};
  const seen = new Set();
  (rows || []).forEach((row, i) => {
    const name = String(row.name || "").trim();
    const value = String(row.value ?? "");
    if (!name && !value.trim()) return;
    const problem = headerProblem(name, value);
    if (problem) errors[i] = problem;
    else if (seen.has(name.toLowerCase())) errors[i] = `${name} is already set above.`;
    else if (seen.size >= MAX_HEADERS) errors[i] = `At most ${MAX_HEADERS} custom headers.`;
    else {
      seen.add(name.toLowerCase());
      headers[name] = value.trim();
    }
  });
  return { headers, errors };
}

const sameList = (a, b) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);
const sameHeaders = (a, b) => {
  const ka = Object.keys(a || {});
  return ka.length === Object.keys(b || {}).length && ka.every((k) => (b || {})[k] === a[k]);
};

/** The fields of an edit that differ from the endpoint (PATCH sends only those). */
export function endpointChanges(original, body) {
  const changes = {};
  for (const key of ["url", "description", "format", "enabled"]) {
    if (key in body && (body[key] ?? "") !== (original[key] ?? "")) changes[key] = body[key];
  }
  if (body.event_types && !sameList(body.event_types, original.event_types || [])) changes.event_types = body.event_types;
  if (body.headers && !sameHeaders(body.headers, original.headers)) changes.headers = body.headers;
  return changes;
}

// ---------------- secret rotation and replay ----------------

export const MAX_OVERLAP_HOURS = 72;

/** Why an overlap is refused (null when fine): whole hours from 0 to 72. */
export function overlapError(value) {
  const text = String(value ?? "").trim();
  if (!/^\d+$/.test(text)) return `Enter whole hours from 0 to ${MAX_OVERLAP_HOURS}.`;
  return Number(text) > MAX_OVERLAP_HOURS ? `At most ${MAX_OVERLAP_HOURS} hours.` : null;
}

const pad = (n) => String(n).padStart(2, "0");

/** A Date as a datetime-local input's value (local time, minutes). */
export function toLocalInput(date) {
  const d = new Date(date);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (local time) as an ISO instant; null when empty or invalid. */
export function localInputToIso(value) {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(String(value || "").trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const date = new Date(y, mo - 1, d, h, mi, s || 0);
  return date.getMonth() === mo - 1 && date.getDate() === d ? date.toISOString() : null;
}

/** Why a replay start is refused (null when fine): it must be a past moment. */
export function replaySinceError(value, now = Date.now()) {
  const iso = localInputToIso(value);
  if (!iso) return "Choose the date and time to replay from.";
  return Date.parse(iso) > now ? "Choose a moment in the past." : null;
}

// ---------------- deliveries ----------------

/** The delivery log's query: the filters that are set, and the cursor of the page. */
export function deliveriesQuery(filters = {}, cursor = null) {
  const query = {};
  if (filters.status) query.status = filters.status;
  const type = String(filters.event_type || "").trim();
  if (type) query.event_type = type;
  if (cursor) query.before = cursor;
  return query;
}

/**
 * Cursor paging (`next` of a page = `before` of the following one): a stack of the cursors
 * seen, so "Newer" goes back without the server knowing previous cursors.
 */
export function createCursorPager() {
  const pager = {
    stack: [null],
    index: 0,
    get cursor() {
      return pager.stack[pager.index];
    },
    get page() {
      return pager.index + 1;
    },
    get hasNewer() {
      return pager.index > 0;
    },
    /** Go to the older page after this one (false when there is none). */
    older(next) {
      if (!next) return false;
      pager.stack = pager.stack.slice(0, pager.index + 1);
      pager.stack.push(next);
      pager.index += 1;
      return true;
    },
    newer() {
      if (!pager.index) return false;
      pager.index -= 1;
      return true;
    },
    reset() {
      pager.stack = [null];
      pager.index = 0;
    },
  };
  return pager;
}

/** {label, kind} of an attempt's HTTP status: 2xx green, anything else (or none) red. */
export function statusCodeBadge(code) {
  if (code === null || code === undefined || code === 0) return { label: "no response", kind: "danger" };
  return { label: String(code), kind: code >= 200 && code < 300 ? "ok" : "danger" };
}

export function latencyText(ms) {
  if (ms === null || ms === undefined || Number.isNaN(Number(ms))) return "—";
  const n = Number(ms);
  return n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(n < 10000 ? 2 : 1)} s`;
}

/** The start of a long text: {text, truncated, total} (objects are shown as JSON). */
export function excerpt(value, max = 2000) {
  if (value === null || value === undefined) return { text: "", truncated: false, total: 0 };
  const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  return text.length > max ? { text: text.slice(0, max), truncated: true, total: text.length } : { text, truncated: false, total: text.length };
}

/** Response headers ({name: value} or [[name, value]]) as "Name: value" lines. */
export function headerLines(headers) {
  if (!headers) return "";
  const pairs = Array.isArray(headers) ? headers : Object.entries(headers);
  return pairs.map(([name, value]) => `${name}: ${value}`).join("\n");
}

/** A payload pretty-printed (a JSON string is parsed first). */
export function prettyJson(value) {
  if (typeof value === "string") {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value ?? null, null, 2);
}
