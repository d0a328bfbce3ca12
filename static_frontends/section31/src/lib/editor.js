// The admin panel's editor form, shared by the content and IAM screens: a card form with its
// errors, fields, an optional JSON document (policy, imported course) checked before sending
// and shown with server errors on their lines, and Save / Cancel.
import m from "mithril";
import { checkJson, locateJsonErrors, submitEditor } from "../../../shared/forms.js";
import { notify } from "../../../shared/ui/notices.js";
import { FormErrors, Submit } from "../../../shared/ui/forms.js";

/**
 * JSON editor: a textarea with line numbers; syntax errors and server validation errors
 * (keyed by JSON pointer) are shown next to the line they belong to.
 */
export const JsonEditor = {
  view: ({ attrs }) => {
    const { id, label, value, oninput, errors, hint } = attrs;
    const text = value || "";
    const lines = text.split("\n").length;
    const syntax = checkJson(text);
    const located = syntax.ok ? locateJsonErrors(text, errors || {}) : [];
    const bad = new Set(located.map((e) => e.line));
    if (!syntax.ok && syntax.line) bad.add(syntax.line);
    const gutter = [];
    for (let i = 1; i <= lines; i++) gutter.push(m("div", bad.has(i) ? m("span.bad", { title: "error on this line" }, i) : i));
    const errId = `${id}-errors`;
    return m(".field", { class: bad.size ? "has-error" : "" }, [
      m("label", { for: id }, label),
      hint ? m(".hint", hint) : null,
      m(".editor", [
        m(".gutter", { "aria-hidden": "true", id: `${id}-gutter` }, gutter),
        m("textarea.code", {
          id, value: text, spellcheck: false, rows: Math.max(14, lines + 1),
          "aria-invalid": bad.size ? "true" : undefined,
          "aria-describedby": bad.size || !syntax.ok ? errId : undefined,
          oninput: (e) => oninput(e.target.value),
          onscroll: (e) => {
            const g = document.getElementById(`${id}-gutter`);
            if (g) g.scrollTop = e.target.scrollTop;
          },
          onkeydown: (e) => {
            if (e.key === "Tab" && !e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey && attrs.tabIndent) {
              e.preventDefault();
              const t = e.target;
              const s = t.selectionStart;
              t.setRangeText("  ", s, t.selectionEnd, "end");
              oninput(t.value);
            }
          },
        }),
      ]),
      m("ul.json-errors", { id: errId, role: "alert", "data-testid": "json-errors" }, [
        !syntax.ok ? m("li", `Line ${syntax.line || "?"}: JSON syntax error — ${syntax.message}`) : null,
        located.map((e) => m("li", `Line ${e.line} (${e.pointer || "/"}): ${e.messages.join(" ")}`)),
      ]),
    ]);
  },
};

/** The JSON editor of a document field (`createDocumentField`), placed among the form's fields. */
export const DocumentEditor = {
  view: ({ attrs }) => {
    const { field, id, ...rest } = attrs;
    field.inputId = id;
    return m(JsonEditor, { ...rest, id, value: field.text, errors: field.errors, oninput: (text) => (field.text = text) });
  },
};

function focusLater(id) {
  setTimeout(() => document.getElementById(id)?.focus(), 0);
}

/**
 * EditorForm: the form of every admin editor.
 *   form       from useForm (with `allFields: true` when it edits a document)
 *   doc        optional createDocumentField, rendered by a DocumentEditor among the children
 *   save(values, docValue) -> Promise (the API call); onsaved(result); done: notice text or
 *              fn(result) -> text
 *   title, titleId, intro, submitLabel, busyLabel, oncancel, inline (one row, no heading),
 *   readOnly (no Save: a system-managed policy)
 * Children are the fields; errors go above them, Save (and Cancel) below.
 */
export const EditorForm = {
  view: ({ attrs, children }) => {
    const { form, doc = null, save, onsaved, done, title, titleId, intro, submitLabel = "Save", busyLabel, oncancel, inline = false, readOnly = false, testid } = attrs;
    const onsubmit = async (e) => {
      e.preventDefault();
      await submitEditor({
        form,
        document: doc,
        save,
        onInvalid: (where) => (where === "document" && doc && doc.inputId ? focusLater(doc.inputId) : null),
        onsaved: async (result) => {
          const text = typeof done === "function" ? done(result) : done;
          if (text) notify(text);
          if (onsaved) await onsaved(result);
        },
      });
    };
    const actions = readOnly ? [] : [m(Submit, { form, busyLabel }, submitLabel), oncancel ? m("button.btn", { type: "button", onclick: oncancel }, "Cancel") : null];
    if (inline) {
      return m("form.card.row.editor-inline", { novalidate: true, onsubmit, "data-testid": testid }, [children, m(".field", actions), m(FormErrors, { form })]);
    }
    return m("form.card", { novalidate: true, onsubmit, "aria-labelledby": title && titleId ? titleId : undefined, "data-testid": testid }, [
      title ? m("h2", { id: titleId }, title) : null,
      intro ? m("p.muted.small", intro) : null,
      m(FormErrors, { form }),
      children,
      actions.length ? m(".row", actions) : null,
    ]);
  },
};
