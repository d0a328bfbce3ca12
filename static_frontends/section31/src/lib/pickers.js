// Pick an item from a list endpoint (attach a policy, add to a group); chips with remove buttons.
import m from "mithril";
import { api } from "../../../shared/ui/client.js";
import { loader } from "../../../shared/ui/loader.js";
import { ErrorView } from "../../../shared/ui/states.js";

/** A select of items loaded from a list endpoint, with an action button. */
export const Picker = {
  oninit: ({ attrs, state }) => {
    state.items = loader(() => api.get(attrs.url, { query: { per_page: 100, ...(attrs.query || {}) } }));
    state.value = "";
  },
  view: ({ attrs, state }) => {
    if (state.items.error) return m(ErrorView, { error: state.items.error, retry: state.items.reload });
    const exclude = new Set((attrs.exclude || []).map(String));
    const items = (state.items.data || []).filter((x) => !exclude.has(String(x.id)));
    const id = `pick-${attrs.name}`;
    return m("form.row", {
      onsubmit: async (e) => {
        e.preventDefault();
        if (!state.value) return;
        await attrs.onpick(state.value);
        state.value = "";
      },
    }, [
      m("label.visually-hidden", { for: id }, attrs.label),
      m("select.inline", { id, style: "max-width:320px", value: state.value, onchange: (e) => (state.value = e.target.value) }, [
        m("option", { value: "" }, state.items.data ? `${attrs.label}…` : "Loading…"),
        items.map((x) => m("option", { value: x.id }, attrs.display ? attrs.display(x) : x.name || x.email || x.title)),
      ]),
      m("button.btn", { type: "submit", disabled: !state.value }, attrs.button || "Add"),
    ]);
  },
};

/** Chips list with remove buttons. */
export function chips(items, { onremove, label = (x) => x.name, href }) {
  if (!items || !items.length) return m("p.muted.small", "None.");
  return m("ul.row", { style: "list-style:none;padding:0;margin:0" }, items.map((x) =>
    m("li.badge", { key: x.id ?? x.name, style: "display:inline-flex;gap:.35rem;align-items:center;padding:.25rem .6rem;font-size:.85rem" }, [
      href ? m(m.route.Link, { href: href(x) }, label(x)) : label(x),
      onremove ? m("button.btn-link", { type: "button", "aria-label": `Remove ${label(x)}`, onclick: () => onremove(x) }, "✕") : null,
    ])));
}
