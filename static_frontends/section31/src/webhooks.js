// Webhooks: endpoints (list, create, edit with the event-type picker and custom headers),
// an endpoint's signing secret (shown once, rotation with overlap), test events, replay, and
// its delivery log with each attempt. The Webhooks system's admin interface: a lazily loaded
// bundle (see `routes`). The rules and form state are ./lib/webhooks_model.js (unit tested).
import m from "mithril";
import { act } from "../../shared/ui/actions.js";
import { api } from "../../shared/ui/client.js";
import { badge, formatDate } from "../../shared/ui/format.js";
import { Field, useForm } from "../../shared/ui/forms.js";
import { SearchBox } from "../../shared/ui/lists.js";
import { loader, view } from "../../shared/ui/loader.js";
import { notify } from "../../shared/ui/notices.js";
import { PageHeader } from "../../shared/ui/shell.js";
import { Empty, ErrorView } from "../../shared/ui/states.js";
import { EditorForm } from "./lib/editor.js";
import {
  canPickAll, createCursorPager, createEventPicker, DELIVERY_STATUSES, deliveriesQuery, deliveryKind, endpointChanges,
  endpointState, eventTypesText, excerpt, filterEndpoints, FORMATS, formatLabel, headerLines, headersToRows, latencyText,
  localInputToIso, MAX_OVERLAP_HOURS, overlapError, pickerError, pickerGroups, pickerValue, prettyJson, replaySinceError,
  rowsToHeaders, secretHintText, setSystem, statusCodeBadge, subscribesToAll, toggleAllEvents, toggleEvent, toLocalInput, WEBHOOKS, WH,
} from "./lib/webhooks_model.js";
import { session } from "./session.js";

/** Whether the person may do `<resource>:<verb>` of the webhooks system. */
export const can = (action) => session.can(`${WEBHOOKS}:${action}`);
const crumbs = () => m(m.route.Link, { href: "/webhooks" }, "Webhooks");
const endpointHref = (id) => `/webhooks/${encodeURIComponent(id)}`;
const deliveryHref = (endpointId, id) => `${endpointHref(endpointId)}/deliveries/${encodeURIComponent(id)}`;

function stateBadge(e) {
  const s = endpointState(e);
  return [
    badge(s.label, s.kind),
    s.reason ? m("div.muted.small", s.reason) : null,
    s.since ? m("div.muted.small", `Failing since ${formatDate(s.since)}`) : null,
  ];
}

function statsBadges(stats) {
  if (!stats) return "—";
  return m("span.row.tight", [
    badge(`${stats.succeeded || 0} succeeded`, "ok"),
    badge(`${stats.failed || 0} failed`, stats.failed ? "danger" : ""),
    stats.pending ? badge(`${stats.pending} pending`, "warn") : null,
  ]);
}

/** Copy to the clipboard; without clipboard access the text is selected for the person to copy. */
async function copyText(text, inputId) {
  try {
    await navigator.clipboard.writeText(text);
    notify("Secret copied to the clipboard.");
    return;
  } catch {
    // no clipboard API (plain http) or no permission: select it instead
  }
  const input = document.getElementById(inputId);
  if (input) {
    input.focus();
    input.select();
  }
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  }
  notify(copied ? "Secret copied to the clipboard." : "The secret is selected: copy it with Ctrl+C (⌘C).", copied ? "ok" : "warn");
}

/** The one-time reveal of a signing secret. attrs: secret, note, ondismiss, dismissLabel. */
export const SecretReveal = {
  view: ({ attrs }) =>
    m("section.banner.banner-warn.secret-reveal", { role: "alert", "data-testid": "webhook-secret" }, [
      m("p", m("strong", "Copy this signing secret now: you will not see it again.")),
      m("p.small", "Your receiver checks each delivery's signature with it. After you leave this page only its last characters are shown."),
      m("label.visually-hidden", { for: "webhook-secret-value" }, "Signing secret"),
      m(".row", [
        m("input.secret#webhook-secret-value", { type: "text", readonly: true, value: attrs.secret, spellcheck: false, autocomplete: "off", onfocus: (e) => e.target.select() }),
        m("button.btn.btn-small", { type: "button", "data-testid": "copy-secret", onclick: () => copyText(attrs.secret, "webhook-secret-value") }, "Copy"),
      ]),
      attrs.note ? m("p.small", attrs.note) : null,
      m("button.btn.btn-small", { type: "button", onclick: attrs.ondismiss }, attrs.dismissLabel || "I have stored it"),
    ]),
};

// ---------------- endpoints list ----------------

export const Endpoints = {
  oninit: ({ state }) => {
    state.endpoints = loader(() => api.get(WH.endpoints));
    state.filters = { search: "", state: "" };
  },
  view: ({ state }) => {
    const f = state.filters;
    const filtered = !!(f.search || f.state);
    return m("div", [
      m(PageHeader, { title: "Webhooks" },
        can("endpoints:create") ? m(m.route.Link, { href: "/webhooks/new", class: "btn btn-primary", "data-testid": "new-endpoint" }, "New endpoint") : null),
      m("p.muted", "Endpoints get a signed HTTP POST for every event they subscribe to. Failed deliveries are retried with backoff; an endpoint that keeps failing is disabled."),
      m(".toolbar", [
        m(SearchBox, { id: "wh-search", label: "Search endpoints by URL or description", value: f.search, onsearch: (v) => { f.search = v; m.redraw(); } }),
        m("label.visually-hidden", { for: "wh-state" }, "State"),
        m("select.inline.select-filter#wh-state", { value: f.state, onchange: (e) => (f.state = e.target.value) },
          [["", "All states"], ["enabled", "Enabled"], ["failing", "Failing"], ["disabled", "Disabled"]].map(([v, l]) => m("option", { value: v }, l))),
      ]),
      view(state.endpoints, (data) => {
        const rows = filterEndpoints(data.items, f);
        if (!rows.length) return m(Empty, { title: "No endpoint matches these filters." });
        return m(".table-wrap", m("table", [
          m("thead", m("tr", ["Endpoint", "Format", "State", "Event types", "Deliveries"].map((h) => m("th", { scope: "col" }, h)))),
          m("tbody", rows.map((e) => {
            const types = eventTypesText(e.event_types);
            return m("tr", { key: e.id }, [
              m("td", { "data-label": "Endpoint" }, [
                can("endpoints:read") ? m(m.route.Link, { href: endpointHref(e.id), class: "break" }, e.url) : m("span.break", e.url),
                e.description ? m("div.muted.small", e.description) : null,
              ]),
              m("td", { "data-label": "Format" }, formatLabel(e.format)),
              m("td", { "data-label": "State" }, stateBadge(e)),
              m("td", { "data-label": "Event types", title: types.title || undefined }, types.text),
              m("td", { "data-label": "Deliveries" }, statsBadges(e.stats)),
            ]);
          })),
        ]));
      }, {
        isEmpty: (d) => !filtered && !(d.items || []).length,
        empty: { title: "No webhook endpoints yet.", text: can("endpoints:create") ? "Add one to send events to another service." : null },
      }),
    ]);
  },
};

// ---------------- endpoint form ----------------

/** Event types as checkboxes grouped by system, with "all events". attrs: picker, errors. */
export const EventPicker = {
  view: ({ attrs }) => {
    const { picker, errors = [] } = attrs;
    const allowedAll = canPickAll(picker);
    let n = 0;
    return m("fieldset.event-picker#f-event_types", { tabindex: "-1", "aria-describedby": errors.length ? "f-event_types-err" : undefined }, [
      m("legend", "Event types"),
      m(".field-check", [
        m("input#ev-all", { type: "checkbox", checked: picker.all, disabled: !picker.all && !allowedAll, onchange: (e) => toggleAllEvents(picker, e.target.checked) }),
        m("label", { for: "ev-all" }, "All events, including types added later"),
      ]),
      allowedAll ? null : m("p.hint", "All events needs permission to subscribe to every type below."),
      picker.types.length ? null : m("p.muted.small", "No event types are defined yet."),
      pickerGroups(picker).map((g) =>
        m(".event-group", { key: g.system }, [
          m(".row", [
            m("h3", g.system),
            g.key && !picker.all
              ? [
                  m("button.btn-link.small", { type: "button", onclick: () => setSystem(picker, g.key, true), "aria-label": `Select every ${g.system} event you may` }, "Select all"),
                  m("button.btn-link.small", { type: "button", onclick: () => setSystem(picker, g.key, false), "aria-label": `Clear the ${g.system} events` }, "Clear"),
                ]
              : null,
          ]),
          m("ul", g.items.map((t) => {
            const id = `ev-${++n}`;
            return m("li", { key: t.type }, [
              m("input", { id, type: "checkbox", checked: t.checked, disabled: t.disabled, "aria-describedby": t.hint ? `${id}-hint` : undefined, onchange: (e) => toggleEvent(picker, t.type, e.target.checked) }),
              m("label", { for: id, class: t.allowed ? "" : "off" }, [m("code", t.type), t.description ? m("span.muted.small", ` ${t.description}`) : null]),
              t.hint ? m(".hint", { id: `${id}-hint` }, t.hint) : null,
            ]);
          })),
        ])),
      errors.length ? m(".field-error", { id: "f-event_types-err", role: "alert" }, errors.join(" ")) : null,
    ]);
  },
};

let rowKey = 0;
const keyed = (rows) => rows.map((r) => ({ ...r, key: ++rowKey }));

/** Custom headers: name/value rows. attrs: rows (mutated), errors {index: message}, serverErrors. */
export const HeadersEditor = {
  view: ({ attrs }) => {
    const { rows, errors = {}, serverErrors = [] } = attrs;
    return m("fieldset.headers-editor#f-headers", { tabindex: "-1" }, [
      m("legend", "Custom headers"),
      m("p.hint", "Sent with every delivery, e.g. a token your receiver checks. The signature headers are added by TeacherSeat."),
      rows.map((row, i) =>
        m(".header-row", { key: row.key }, [
          m("label.visually-hidden", { for: `hdr-name-${i}` }, `Header ${i + 1} name`),
          m("input", { id: `hdr-name-${i}`, type: "text", placeholder: "Name", value: row.name, autocomplete: "off", spellcheck: false, "aria-invalid": errors[i] ? "true" : undefined, oninput: (e) => (row.name = e.target.value) }),
          m("label.visually-hidden", { for: `hdr-value-${i}` }, `Header ${i + 1} value`),
          m("input", { id: `hdr-value-${i}`, type: "text", placeholder: "Value", value: row.value, autocomplete: "off", spellcheck: false, oninput: (e) => (row.value = e.target.value) }),
          m("button.btn.btn-small", { type: "button", "aria-label": `Remove header ${row.name || i + 1}`, onclick: () => { rows.splice(i, 1); for (const k of Object.keys(errors)) delete errors[k]; } }, "Remove"),
          errors[i] ? m(".field-error", { role: "alert" }, errors[i]) : null,
        ])),
      m("button.btn.btn-small", { type: "button", onclick: () => rows.push(...keyed([{ name: "", value: "" }])) }, "Add header"),
      serverErrors.length ? m(".field-error", { role: "alert" }, serverErrors.join(" ")) : null,
    ]);
  },
};

/**
 * Create or edit an endpoint. attrs: endpoint (to edit; absent to create), onsaved(result),
 * oncancel. A create answers the endpoint with its `secret`; an edit PATCHes only what changed.
 */
export const EndpointForm = {
  oninit: ({ attrs, state }) => {
    const e = attrs.endpoint || {};
    state.form = useForm({
      url: e.url || "", description: e.description || "", event_types: null,
      format: e.format || "standard", headers: null, enabled: attrs.endpoint ? !!e.enabled : true,
    });
    state.types = loader(() => api.get(WH.eventTypes));
    state.picker = null;
    state.rows = keyed(headersToRows(e.headers));
    state.rowErrors = {};
  },
  view: ({ attrs, state }) => {
    const { form } = state;
    const editing = !!attrs.endpoint;
    if (!state.picker && state.types.data) state.picker = createEventPicker(state.types.data.items, editing ? attrs.endpoint.event_types : []);
    const save = async (values) => {
      const { headers, errors } = rowsToHeaders(state.rows);
      state.rowErrors = errors;
      const typesError = state.picker ? pickerError(state.picker) : "The event types could not be loaded: retry above.";
      if (typesError) form.fieldErrors.event_types = [typesError];
      if (typesError || Object.keys(errors).length) {
        const first = document.getElementById(typesError ? "f-event_types" : `hdr-name-${Object.keys(errors)[0]}`);
        if (first) setTimeout(() => first.focus(), 0);
        return undefined;
      }
      const body = { url: values.url.trim(), description: values.description.trim(), event_types: pickerValue(state.picker), format: values.format, headers, enabled: !!values.enabled };
      if (!editing) {
        if (!body.description) delete body.description;
        return api.post(WH.endpoints, body);
      }
      const changes = endpointChanges(attrs.endpoint, body);
      return Object.keys(changes).length ? api.patch(WH.endpoint(attrs.endpoint.id), changes) : { unchanged: true };
    };
    return m(EditorForm, {
      form, save, oncancel: attrs.oncancel, testid: "endpoint-form",
      submitLabel: editing ? "Save endpoint" : "Create endpoint",
      done: (r) => (r.unchanged ? "Nothing changed." : editing ? "Endpoint saved." : "Endpoint created."),
      onsaved: attrs.onsaved,
    }, [
      m(Field, { form, name: "url", label: "Endpoint URL", type: "url", hint: "An https:// address on the public internet; events are POSTed there as JSON.", autocomplete: "off", spellcheck: false }),
      m(Field, { form, name: "description", label: "Description (optional)" }),
      m(Field, { form, name: "format", label: "Format", type: "select", options: FORMATS, hint: "Standard sends the signed event; Teams and Slack send a message their incoming webhooks accept." }),
      state.types.error
        ? m("fieldset.event-picker", [m("legend", "Event types"), m(ErrorView, { error: state.types.error, retry: state.types.reload })])
        : state.picker
          ? m(EventPicker, { picker: state.picker, errors: form.errorsFor("event_types") })
          : m("p.muted", "Loading event types…"),
      m(HeadersEditor, { rows: state.rows, errors: state.rowErrors, serverErrors: form.errorsFor("headers") }),
      m(Field, { form, name: "enabled", label: "Enabled: send events to this endpoint", type: "checkbox" }),
    ]);
  },
};

export const EndpointNew = {
  oninit: ({ state }) => {
    state.created = null;
  },
  view: ({ state }) => {
    const c = state.created;
    const next = c && can("endpoints:read") ? endpointHref(c.id) : "/webhooks";
    return m("div", [
      m(PageHeader, { title: "New webhook endpoint", crumbs: crumbs() }),
      c
        ? [
            m("p", ["Endpoint created for ", m("code.break", c.url), "."]),
            m(SecretReveal, { secret: c.secret, ondismiss: () => m.route.set(next), dismissLabel: "I have stored it, continue" }),
          ]
        : m(EndpointForm, { onsaved: (r) => (state.created = r.data), oncancel: () => m.route.set("/webhooks") }),
    ]);
  },
};

export const EndpointEdit = {
  oninit: ({ attrs, state }) => {
    state.endpoint = loader(() => api.get(WH.endpoint(attrs.id)));
  },
  view: ({ attrs, state }) =>
    m("div", [
      m(PageHeader, { title: "Edit webhook endpoint", crumbs: [crumbs(), " › ", m(m.route.Link, { href: endpointHref(attrs.id) }, "Endpoint")] }),
      view(state.endpoint, (e) => m(EndpointForm, { endpoint: e, onsaved: () => m.route.set(endpointHref(e.id)), oncancel: () => m.route.set(endpointHref(e.id)) })),
    ]),
};

// ---------------- endpoint detail ----------------

/** The delivery log of an endpoint: filters, cursor pages, reload. */
export function deliveryLog(endpointId) {
  const log = {
    filters: { status: "", event_type: "" },
    pager: createCursorPager(),
    set(changes) {
      Object.assign(log.filters, changes);
      log.pager.reset();
      return log.list.reload();
    },
    older() {
      return log.list.data && log.pager.older(log.list.data.next) ? log.list.reload() : undefined;
    },
    newer() {
      return log.pager.newer() ? log.list.reload() : undefined;
    },
  };
  log.list = loader(() => api.get(WH.deliveries(endpointId), { query: deliveriesQuery(log.filters, log.pager.cursor) }));
  return log;
}

const EventTypeFilter = {
  // applied on change (Enter or leaving the field); the draft survives redraws while typing
  view: ({ attrs: { log, options }, state }) =>
    m("div.search", [
      m("label.visually-hidden", { for: "dl-event-type" }, "Event type"),
      m("input#dl-event-type", {
        type: "search", placeholder: "Event type", list: "dl-event-types", value: state.draft ?? log.filters.event_type,
        oninput: (e) => (state.draft = e.target.value),
        onchange: (e) => { state.draft = undefined; log.set({ event_type: e.target.value.trim() }); },
      }),
      m("datalist#dl-event-types", options.map((t) => m("option", { key: t, value: t }))),
    ]),
};

const DeliveryLog = {
  view: ({ attrs: { log, endpointId, typeOptions } }) => {
    const filtered = !!(log.filters.status || log.filters.event_type);
    const data = log.list.data;
    return m("section.card", { "aria-labelledby": "deliveries-title", "data-testid": "deliveries" }, [
      m("h2#deliveries-title", "Deliveries"),
      m(".toolbar", [
        m("label.visually-hidden", { for: "dl-status" }, "Status"),
        m("select.inline.select-filter#dl-status", { value: log.filters.status, onchange: (e) => log.set({ status: e.target.value }) },
          [m("option", { value: "" }, "All statuses"), DELIVERY_STATUSES.map((s) => m("option", { value: s }, s))]),
        m(EventTypeFilter, { log, options: typeOptions }),
        filtered ? m("button.btn.btn-small", { type: "button", onclick: () => log.set({ status: "", event_type: "" }) }, "Clear filters") : null,
        m("button.btn.btn-small", { type: "button", disabled: log.list.loading, onclick: () => log.list.reload() }, "Refresh"),
      ]),
      view(log.list, (d) =>
        m(".table-wrap", m("table", [
          m("thead", m("tr", ["Status", "Event", "Attempts", "Last response", "Created", "Delivered / next try", ""].map((h) => m("th", { scope: "col" }, h)))),
          m("tbody", d.items.map((x) => {
            const code = statusCodeBadge(x.last_status_code);
            return m("tr", { key: x.id }, [
              m("td", { "data-label": "Status" }, badge(x.status, deliveryKind(x.status))),
              m("td", { "data-label": "Event" }, [m("code", x.event_type), m("div.muted.small", x.event_id)]),
              m("td", { "data-label": "Attempts" }, x.attempts),
              m("td", { "data-label": "Last response" }, x.attempts ? badge(code.label, code.kind) : "—"),
              m("td", { "data-label": "Created" }, formatDate(x.created_at)),
              m("td", { "data-label": "Delivered / next try" }, x.delivered_at ? formatDate(x.delivered_at) : x.next_attempt_at ? `next try ${formatDate(x.next_attempt_at)}` : "—"),
              m("td", can("deliveries:read") ? m(m.route.Link, { href: deliveryHref(endpointId, x.id), class: "btn btn-small", "aria-label": `Details of delivery ${x.id}` }, "Details") : null),
            ]);
          })),
        ])), {
        isEmpty: (x) => !(x.items || []).length,
        empty: { title: filtered ? "No delivery matches these filters." : log.pager.hasNewer ? "No older deliveries." : "No deliveries yet." },
      }),
      data && (log.pager.hasNewer || data.next)
        ? m("nav.pagination", { "aria-label": "Delivery pages" }, [
            m("button.btn.btn-small", { type: "button", disabled: !log.pager.hasNewer || log.list.loading, onclick: () => log.newer() }, "‹ Newer"),
            m("span", `Page ${log.pager.page}`),
            m("button.btn.btn-small", { type: "button", disabled: !data.next || log.list.loading, onclick: () => log.older() }, "Older ›"),
          ])
        : null,
    ]);
  },
};

const fact = (label, value) => m("div", [m("dt.muted.small", label), m("dd", value)]);

export const EndpointDetail = {
  oninit: ({ attrs, state }) => {
    state.endpoint = loader(() => api.get(WH.endpoint(attrs.id)));
    state.secret = null;
    state.overlap = "24";
    state.since = toLocalInput(Date.now() - 24 * 3600 * 1000);
    state.testType = "";
    state.lastTest = null;
    state.types = null;
    state.log = can("deliveries:list") ? deliveryLog(attrs.id) : null;
  },
  view: ({ state }) =>
    view(state.endpoint, (e) => {
      const reload = () => state.endpoint.reload();
      const all = subscribesToAll(e.event_types);
      if (all && !state.types && (can("endpoints:test") || state.log)) state.types = loader(() => api.get(WH.eventTypes));
      const typeOptions = all ? ((state.types && state.types.data && state.types.data.items) || []).map((t) => t.type) : e.event_types || [];
      const headerNames = Object.keys(e.headers || {});
      const off = !e.enabled; // the server refuses tests and replays until it is enabled
      const hint = secretHintText(e.secret_hint);
      const rotate = async () => {
        const problem = overlapError(state.overlap);
        if (problem) return notify(problem, "error");
        const hours = Number(state.overlap);
        const r = await act(() => api.post(WH.rotate(e.id), { overlap_hours: hours }), {
          confirm: hours ? `Rotate the signing secret? The current one keeps working for ${hours} hour(s) so you can update your receiver.` : "Rotate the signing secret? The current one stops working at once.",
          confirmLabel: "Rotate", danger: !hours,
        });
        if (r) {
          state.secret = r.data;
          reload();
        }
        return undefined;
      };
      const sendTest = async () => {
        const r = await act(() => api.post(WH.test(e.id), state.testType ? { event_type: state.testType } : {}), { done: "Test event queued." });
        if (r) {
          state.lastTest = r.data && r.data.delivery_id;
          reload();
          if (state.log) state.log.set({});
        }
      };
      const replay = async () => {
        const problem = replaySinceError(state.since);
        if (problem) return notify(problem, "error");
        const since = localInputToIso(state.since);
        const r = await act(() => api.post(WH.replay(e.id), { since }), {
          confirm: `Send every subscribed event since ${formatDate(since)} to this endpoint again? Receivers should ignore events they already have (same event id).`,
          confirmLabel: "Replay", danger: false,
        });
        if (r) {
          notify(`${r.data.queued} event(s) queued for delivery.`);
          reload();
          if (state.log) state.log.set({});
        }
        return undefined;
      };
      return m("div", [
        m(PageHeader, { title: e.description || "Webhook endpoint", crumbs: crumbs() }, [
          can("endpoints:update") ? m(m.route.Link, { href: `${endpointHref(e.id)}/edit`, class: "btn", "data-testid": "edit-endpoint" }, "Edit") : null,
          can("endpoints:update")
            ? e.enabled
              ? m("button.btn", { type: "button", onclick: () => act(() => api.patch(WH.endpoint(e.id), { enabled: false }), { confirm: "Disable this endpoint? No events are sent to it until it is enabled again.", confirmLabel: "Disable", done: "Endpoint disabled." }).then(reload) }, "Disable")
              : m("button.btn", { type: "button", onclick: () => act(() => api.patch(WH.endpoint(e.id), { enabled: true }), { done: "Endpoint enabled." }).then(reload) }, "Enable")
            : null,
          can("endpoints:delete")
            ? m("button.btn.btn-danger", { type: "button", "data-testid": "delete-endpoint", onclick: async () => { if (await act(() => api.del(WH.endpoint(e.id)), { confirm: `Delete the endpoint ${e.url}? It stops receiving events at once; this cannot be undone.`, confirmLabel: "Delete", done: "Endpoint deleted." }) !== undefined) m.route.set("/webhooks"); } }, "Delete")
            : null,
        ]),
        m("section.card", [
          m("dl.facts", [
            fact("URL", m("code.break", e.url)),
            fact("State", stateBadge(e)),
            fact("Format", formatLabel(e.format)),
            fact("Deliveries", statsBadges(e.stats)),
            fact("Custom headers", headerNames.length ? headerNames.join(", ") : "none"),
            fact("Created", formatDate(e.created_at)),
            fact("Updated", formatDate(e.updated_at)),
          ]),
          m("h3", "Event types"),
          all ? m("p", "All events, including types added later.") : m("ul.event-list", (e.event_types || []).map((t) => m("li", { key: t }, m("code", t)))),
        ]),
        m("section.card", { "aria-labelledby": "secret-title" }, [
          m("h2#secret-title", "Signing secret"),
          hint ? m("p", [hint.lead, m("code", hint.value)]) : m("p.muted", "The current secret is hidden."),
          e.previous_expires_at && Date.parse(e.previous_expires_at) > Date.now() && !state.secret
            ? m("p.small", `The previous secret also works until ${formatDate(e.previous_expires_at)}.`)
            : null,
          state.secret
            ? m(SecretReveal, {
                secret: state.secret.secret,
                note: state.secret.previous_expires_at ? `The previous secret keeps working until ${formatDate(state.secret.previous_expires_at)}.` : "The previous secret no longer works.",
                ondismiss: () => (state.secret = null),
              })
            : null,
          can("endpoints:rotate_secret")
            ? m(".row.align-end", [
                m(".field", [
                  m("label", { for: "wh-overlap" }, "Keep the current secret working for (hours)"),
                  m("input#wh-overlap", { type: "number", min: 0, max: MAX_OVERLAP_HOURS, step: 1, value: state.overlap, oninput: (ev) => (state.overlap = ev.target.value) }),
                ]),
                m(".field", m("button.btn", { type: "button", "data-testid": "rotate-secret", onclick: rotate }, "Rotate secret")),
              ])
            : null,
        ]),
        can("endpoints:test") || can("endpoints:replay")
          ? m("section.card", { "aria-labelledby": "tools-title" }, [
              m("h2#tools-title", "Test and replay"),
              off ? m("p.hint", { "data-testid": "disabled-hint" }, "The endpoint is disabled: enable it to send a test event or replay events.") : null,
              can("endpoints:test")
                ? m(".row.align-end", [
                    m(".field", [
                      m("label", { for: "wh-test-type" }, "Send a test event"),
                      m("select#wh-test-type", { value: state.testType, onchange: (ev) => (state.testType = ev.target.value) },
                        [m("option", { value: "" }, "A sample event"), typeOptions.map((t) => m("option", { value: t }, t))]),
                    ]),
                    m(".field", m("button.btn", { type: "button", "data-testid": "send-test", disabled: off, onclick: sendTest }, "Send test event")),
                    state.lastTest && state.log && can("deliveries:read")
                      ? m(".field", m(m.route.Link, { href: deliveryHref(e.id, state.lastTest) }, "View the test delivery"))
                      : null,
                  ])
                : null,
              can("endpoints:replay")
                ? m(".row.align-end", [
                    m(".field", [
                      m("label", { for: "wh-since" }, "Replay events since"),
                      m("input#wh-since", { type: "datetime-local", value: state.since, max: toLocalInput(Date.now()), oninput: (ev) => (state.since = ev.target.value) }),
                    ]),
                    m(".field", m("button.btn", { type: "button", "data-testid": "replay", disabled: off, onclick: replay }, "Replay")),
                  ])
                : null,
            ])
          : null,
        state.log ? m(DeliveryLog, { log: state.log, endpointId: e.id, typeOptions }) : null,
      ]);
    }),
};

// ---------------- delivery detail ----------------

const Attempt = {
  view: ({ attrs: { attempt: a, n } }) => {
    const code = statusCodeBadge(a.status_code);
    const body = excerpt(a.response_body);
    const headers = headerLines(a.response_headers);
    return m("li.attempt", [
      m("h3", [`Attempt ${n} `, badge(code.label, code.kind)]),
      m("dl.facts", [fact("Started", formatDate(a.started_at)), fact("Latency", latencyText(a.latency_ms))]),
      a.error ? m("p.field-error", ["Error: ", a.error]) : null,
      headers ? m("details", [m("summary", "Response headers"), m("pre", headers)]) : null,
      body.text
        ? m("details", [m("summary", body.truncated ? `Response body (first ${body.text.length} of ${body.total} characters)` : "Response body"), m("pre", body.text)])
        : m("p.muted.small", "No response body."),
    ]);
  },
};

export const DeliveryDetail = {
  oninit: ({ attrs, state }) => {
    state.delivery = loader(() => api.get(WH.delivery(attrs.delivery)));
  },
  view: ({ attrs, state }) =>
    view(state.delivery, (d) => {
      const reload = () => state.delivery.reload();
      const attempts = Array.isArray(d.attempts) ? d.attempts : [];
      return m("div", [
        m(PageHeader, { title: `Delivery of ${d.event_type}`, crumbs: [crumbs(), " › ", m(m.route.Link, { href: endpointHref(attrs.id) }, "Endpoint")] }, [
          m("button.btn", { type: "button", disabled: state.delivery.loading, onclick: reload }, "Refresh"),
          can("deliveries:redeliver")
            ? m("button.btn.btn-primary", { type: "button", "data-testid": "redeliver", onclick: () => act(() => api.post(WH.redeliver(d.id), {}), { confirm: "Send this event to the endpoint again? Receivers should ignore an event id they already have.", confirmLabel: "Redeliver", danger: false, done: "Redelivery queued." }).then(reload) }, "Redeliver")
            : null,
        ]),
        m("section.card", m("dl.facts", [
          fact("Status", badge(d.status, deliveryKind(d.status))),
          fact("Event", m("code", d.event_type)),
          fact("Event id", m("code", d.event_id)),
          fact("Attempts", attempts.length),
          fact("Created", formatDate(d.created_at)),
          fact("Delivered", formatDate(d.delivered_at)),
          d.next_attempt_at ? fact("Next try", formatDate(d.next_attempt_at)) : null,
        ])),
        m("section.card", [
          m("h2", "Payload"),
          m("pre", { "data-testid": "delivery-payload" }, prettyJson(d.payload)),
        ]),
        m("section.card", [
          m("h2", "Attempts"),
          attempts.length ? m("ol.attempts", attempts.map((a, i) => m(Attempt, { key: i, attempt: a, n: i + 1 }))) : m("p.muted", "Not attempted yet."),
        ]),
      ]);
    }),
};

/** The Webhooks interface: its screens by route (the shell loads this bundle on the first visit). */
export const routes = {
  "/webhooks": Endpoints,
  "/webhooks/new": EndpointNew,
  "/webhooks/:id": EndpointDetail,
  "/webhooks/:id/edit": EndpointEdit,
  "/webhooks/:id/deliveries/:delivery": DeliveryDetail,
};
