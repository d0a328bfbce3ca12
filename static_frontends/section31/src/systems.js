// Systems management: list, register / deregister.
// The Systems Management system's admin interface: a lazily loaded bundle (see `routes`).
import m from "mithril";
import { act } from "../../shared/ui/actions.js";
import { api } from "../../shared/ui/client.js";
import { badge } from "../../shared/ui/format.js";
import { PageHeader } from "../../shared/ui/shell.js";
import { ListTable, listState } from "./lib/lists.js";
import { E } from "./endpoints.js";
import { session } from "./session.js";

export const Systems = {
  oninit: ({ state }) => {
    state.s = listState(E.systems, { sort: "name" });
  },
  view: ({ state }) =>
    m("div", [
      m(PageHeader, { title: "Systems" }),
      m("p.muted", "Installed systems. Deregistering a system hides its screens and answers 404 on its API; core systems cannot be deregistered."),
      m(ListTable, {
        state: state.s, rowKey: (r) => r.label, searchLabel: "Search systems",
        columns: [
          { label: "Name", sort: "name", render: (r) => [m("strong", r.name), m("div.muted.small", r.description)] },
          { label: "Identifier", sort: "identifier", render: (r) => m("code", r.identifier) },
          { label: "Version", render: (r) => r.version },
          { label: "Type", sort: "type", render: (r) => badge(r.type) },
          { label: "Status", render: (r) => (r.registered ? badge("registered", "ok") : badge("deregistered", "warn")) },
          {
            label: "Actions",
            render: (r) =>
              r.core
                ? m("span.muted.small", "core")
                : r.registered
                  ? m("button.btn.btn-small.btn-danger", {
                      type: "button", ...session.guard("teacherseat:admin:systems:systems:deregister"),
                      onclick: () => act(() => api.post(E.systemDeregister(r.label), {}), { confirm: `Deregister ${r.name}? Its screens and API will be unavailable until registered again.`, confirmLabel: "Deregister", done: `${r.name} deregistered.` }).then(() => state.s.list.reload()),
                    }, "Deregister")
                  : m("button.btn.btn-small", {
                      type: "button", ...session.guard("teacherseat:admin:systems:systems:register"),
                      onclick: () => act(() => api.post(E.systemRegister(r.label), {}), { done: `${r.name} registered.` }).then(() => state.s.list.reload()),
                    }, "Register"),
          },
        ],
      }),
    ]),
};

export const routes = { "/systems": Systems };
