// Pickers for policy authors: an action (and a condition key) typed with autocomplete from the
// action catalogue, inserted into a policy document or the simulator's fields; and the
// warnings pre-check before a document is saved. The matching itself is ./catalogue.js.
import m from "mithril";
import { api } from "../../../shared/ui/client.js";
import { confirmAction } from "../../../shared/ui/dialog.js";
import { notify } from "../../../shared/ui/notices.js";
import { E } from "../endpoints.js";
import { session } from "../session.js";
import { documentWarnings, flattenCatalogue, keysForActions, matchActions, matchKeys, warningLines } from "./catalogue.js";

export const CATALOGUE_ACTIONS = ["teacherseat:admin:iam:policies:read", "teacherseat:admin:iam:policies:simulate"];

// One catalogue per page load: {data, error, promise}.
const cache = { data: null, error: null, promise: null };

/** The flattened catalogue (loaded once); null while loading, when it failed or is not allowed. */
export function catalogue() {
  if (!cache.promise && CATALOGUE_ACTIONS.some((a) => session.can(a))) {
    cache.promise = api.get(E.actions).then(
      (r) => {
        cache.data = flattenCatalogue(r.data);
        m.redraw();
        return cache.data;
      },
      (err) => {
        cache.error = err;
        m.redraw();
        return null;
      },
    );
  }
  return cache.data;
}

/** The catalogue, waiting for it when it is still loading (null when unavailable). */
export async function catalogueReady() {
  catalogue();
  return cache.promise ? cache.promise : null;
}

/**
 * Before saving a document: check it against the catalogue and, when it names actions or
 * condition keys no system defines, ask whether to save anyway. Resolves true to go on.
 */
export async function confirmDocumentWarnings(document) {
  const known = await catalogueReady();
  const warnings = documentWarnings(document, known);
  if (!warnings.length) return true;
  const lines = warningLines(warnings);
  return confirmAction(
    [
      `This document names ${warnings.length === 1 ? "something" : `${warnings.length} things`} no installed system defines; requests never match ${warnings.length === 1 ? "it" : "them"}:`,
      lines.map((l) => [m("br"), `• ${l}`]),
    ],
    { title: "Save with warnings?", confirmLabel: "Save anyway", danger: false },
  );
}

/** Tell the author about the server's warnings after a save (they are never dropped). */
export function notifyWarnings(warnings, what = "Saved") {
  if (!warnings || !warnings.length) return;
  notify(`${what} with ${warnings.length} warning(s): ${warningLines(warnings).join("; ")}`, "warn");
}

/** The server's warnings, shown above an editor until the next save. */
export function WarningsNote(warnings) {
  return warnings && warnings.length
    ? m(".banner.banner-warn", { role: "status", "data-testid": "policy-warnings" }, [
        m("strong", "Warnings: "),
        m("ul", warningLines(warnings).map((line) => m("li", line))),
      ])
    : null;
}

/**
 * A text input with a <datalist> of matching entries and an optional button.
 *   id, label, value, oninput(text), items(query) -> [{value, label}], button, onpick(value),
 *   hint, testid
 */
const Suggest = {
  view: ({ attrs }) => {
    const listId = `${attrs.id}-options`;
    const options = attrs.items(attrs.value || "");
    // reads the input itself: a key pressed before the redraw after typing sees stale attrs
    const pick = () => {
      const input = document.getElementById(attrs.id);
      const value = ((input && input.value) || attrs.value || "").trim();
      if (value) attrs.onpick(value);
    };
    return m(".field.picker", [
      m("label", { for: attrs.id }, attrs.label),
      attrs.hint ? m(".hint", { id: `${attrs.id}-hint` }, attrs.hint) : null,
      m(".row", [
        m("input.inline", {
          id: attrs.id, type: "text", list: listId, value: attrs.value || "", autocomplete: "off", spellcheck: false,
          "aria-describedby": attrs.hint ? `${attrs.id}-hint` : undefined, "data-testid": attrs.testid,
          oninput: (e) => attrs.oninput(e.target.value),
          onkeydown: (e) => {
            if (e.key === "Enter" && attrs.onpick) {
              e.preventDefault();
              pick();
            }
          },
        }),
        attrs.button ? m("button.btn", { type: "button", disabled: !(attrs.value || "").trim(), onclick: pick }, attrs.button) : null,
      ]),
      m("datalist", { id: listId }, options.map((o) => m("option", { key: o.value, value: o.value }, o.label))),
    ]);
  },
};

const actionOptions = (query) => {
  const known = catalogue();
  return known ? matchActions(known.actions, query, 40).map((a) => ({ value: a.action, label: `${a.description}${a.registered ? "" : " (system not registered)"}` })) : [];
};

const keyOptions = (query, actions) => {
  const known = catalogue();
  if (!known) return [];
  const keys = actions && actions.length ? keysForActions(known, actions) : known.keys;
  return matchKeys(keys, query, 40).map((k) => ({ value: k.key, label: `${k.type} — ${k.description}` }));
};

/** A key's declared type, for its operator and placeholder. */
export function keyType(key) {
  const known = catalogue();
  const found = known && known.keys.find((k) => k.key.toLowerCase() === key.toLowerCase());
  return found ? found.type : "String";
}

/**
 * The action field of a form (the simulator): a text input with the catalogue's matching
 * actions as suggestions. attrs: id, label, value, oninput, hint.
 */
export const ActionInput = {
  view: ({ attrs }) => m(Suggest, { ...attrs, items: actionOptions }),
};

/**
 * Under a policy document editor: add an action, or a condition on a key, to its last
 * statement. attrs: id (prefix), text() -> current document text, settext(text),
 * actions() -> the actions of the document (to suggest their condition keys).
 */
export const DocumentPickers = {
  oninit: ({ state }) => {
    state.action = "";
    state.key = "";
  },
  view: ({ attrs, state }) => {
    const known = catalogue();
    const apply = (text, what) => {
      if (text === null) {
        notify(`Fix the document's JSON first, then add the ${what}.`, "error");
        return false;
      }
      attrs.settext(text);
      return true;
    };
    return m(".card.pickers", { "data-testid": `${attrs.id}-pickers` }, [
      m("p.muted.small", known ? "Type to search the actions of every system; the pick goes into the document's last statement." : cache.error ? "The action catalogue could not be loaded; type the names yourself." : "Loading the action catalogue…"),
      m(Suggest, {
        id: `${attrs.id}-action`, label: "Add an action", value: state.action, button: "Add action", testid: "action-picker",
        hint: "Words of the action or its description, or a pattern such as teacherseat:admin:content:*",
        items: actionOptions,
        oninput: (v) => (state.action = v),
        onpick: (v) => {
          if (apply(attrs.insertAction(v), "action")) state.action = "";
        },
      }),
      m(Suggest, {
        id: `${attrs.id}-key`, label: "Add a condition on a key", value: state.key, button: "Add condition", testid: "key-picker",
        hint: "Keys of the document's actions and the request-wide ts: keys",
        items: (q) => keyOptions(q, attrs.actions()),
        oninput: (v) => (state.key = v),
        onpick: (v) => {
          if (apply(attrs.insertKey(v, keyType(v)), "condition")) state.key = "";
        },
      }),
    ]);
  },
};

export { keyOptions };
