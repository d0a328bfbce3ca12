// The confirm dialog: one at a time, focus trapped, Escape cancels, focus returns to the opener.
import m from "mithril";

let dialog = null;

/** confirmAction(message, {title, confirmLabel, cancelLabel, danger}) -> Promise<boolean> */
export function confirmAction(message, options = {}) {
  return new Promise((resolve) => {
    dialog = { message, resolve, opener: document.activeElement, ...options };
    m.redraw();
  });
}

function closeDialog(answer) {
  if (!dialog) return;
  const { resolve, opener } = dialog;
  dialog = null;
  resolve(answer);
  m.redraw();
  if (opener && opener.focus) setTimeout(() => opener.focus(), 0);
}

export const DialogHost = {
  view: () =>
    dialog
      ? m(".dialog-backdrop", { onclick: (e) => e.target === e.currentTarget && closeDialog(false) },
          m(".dialog", {
            role: "alertdialog", "aria-modal": "true", "aria-labelledby": "dialog-title", "aria-describedby": "dialog-msg",
            onkeydown: (e) => {
              if (e.key === "Escape") closeDialog(false);
              if (e.key === "Tab") {
                const buttons = e.currentTarget.querySelectorAll("button");
                const first = buttons[0];
                const last = buttons[buttons.length - 1];
                if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
                else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
              }
            },
          }, [
            m("h2#dialog-title", dialog.title || "Are you sure?"),
            m("p#dialog-msg", dialog.message),
            m(".dialog-actions", [
              m("button.btn", { type: "button", oncreate: (v) => v.dom.focus(), onclick: () => closeDialog(false) }, dialog.cancelLabel || "Cancel"),
              m(`button.btn.${dialog.danger === false ? "btn-primary" : "btn-danger"}`, { type: "button", "data-testid": "confirm", onclick: () => closeDialog(true) }, dialog.confirmLabel || "Confirm"),
            ]),
          ]))
      : null,
};
