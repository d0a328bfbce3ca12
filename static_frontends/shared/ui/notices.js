// Short-lived notices ("Course saved.") in a polite live region.
import m from "mithril";

const notices = [];

export function notify(text, kind = "ok") {
  const item = { text, kind, id: Math.random() };
  notices.push(item);
  setTimeout(() => {
    const i = notices.indexOf(item);
    if (i >= 0) notices.splice(i, 1);
    m.redraw();
  }, 5000);
  m.redraw();
}

export const Notices = {
  view: () =>
    m(".notices", { role: "status", "aria-live": "polite" },
      notices.slice(-3).map((n) => m(`.notice.notice-${n.kind}`, { key: n.id }, n.text))),
};
