// Form components bound to the DOM; the form state itself is ../forms.js (framework-free).
import m from "mithril";
import { createForm } from "../forms.js";
import { ErrorView } from "./states.js";

export function fieldId(name) {
  return `f-${String(name).replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}

/** A form bound to the DOM: focuses the first invalid field after a validation error. */
export function useForm(initial, options = {}) {
  return createForm(initial, {
    ...options,
    redraw: m.redraw,
    focus: (name) =>
      setTimeout(() => {
        const el = document.getElementById(fieldId(name));
        if (el) el.focus();
      }, 0),
  });
}

/** Labelled input with its errors (aria-invalid + aria-describedby). */
export const Field = {
  view: ({ attrs }) => {
    const { form, name, label, type = "text", hint, options, rows, id: customId, ...rest } = attrs;
    const id = customId || fieldId(name);
    const errors = form.errorsFor(name);
    const describedBy = [hint ? `${id}-hint` : null, errors.length ? `${id}-err` : null].filter(Boolean).join(" ") || undefined;
    const common = {
      id, name,
      "aria-invalid": errors.length ? "true" : undefined,
      "aria-describedby": describedBy,
      ...rest,
    };
    let control;
    if (type === "textarea") {
      control = m("textarea", { rows: rows || 4, oninput: (e) => form.set(name, e.target.value), ...common, value: form.values[name] ?? "" });
    } else if (type === "select") {
      control = m("select", { onchange: (e) => form.set(name, e.target.value), ...common, value: form.values[name] ?? "" },
        options.map((o) => (typeof o === "string" ? m("option", { value: o }, o) : m("option", { value: o.value }, o.label))));
    } else if (type === "checkbox") {
      return m(".field.field-check", [
        m("input", { ...common, type: "checkbox", checked: !!form.values[name], onchange: (e) => form.set(name, e.target.checked) }),
        m("label", { for: id }, label),
        errors.length ? m(".field-error", { id: `${id}-err` }, errors.join(" ")) : null,
      ]);
    } else {
      control = m("input", { oninput: (e) => form.set(name, e.target.value), ...common, type, value: form.values[name] ?? "" });
    }
    return m(".field", { class: errors.length ? "has-error" : "" }, [
      m("label", { for: id }, label),
      hint ? m(".hint", { id: `${id}-hint` }, hint) : null,
      control,
      errors.length ? m(".field-error", { id: `${id}-err`, role: "alert" }, errors.join(" ")) : null,
    ]);
  },
};

/** Form-level messages and non-validation errors for a form. */
export const FormErrors = {
  view: ({ attrs }) => {
    const { form, retry } = attrs;
    return [
      form.formErrors.length ? m(".form-errors", { role: "alert" }, form.formErrors.map((e) => m("p", e))) : null,
      form.error ? m(ErrorView, { error: form.error, retry }) : null,
    ];
  },
};

export const Submit = {
  view: ({ attrs, children }) =>
    m("button.btn.btn-primary", { type: "submit", disabled: attrs.form.busy, "aria-busy": attrs.form.busy ? "true" : undefined, ...(attrs.extra || {}) },
      attrs.form.busy ? attrs.busyLabel || "Working…" : children),
};
