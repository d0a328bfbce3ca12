// SDK API: how partners connect (access keys are created on a user's page).
// The SDK API system's admin interface: a lazily loaded bundle (see `routes`).
import m from "mithril";
import { PageHeader } from "../../shared/ui/shell.js";

export const Sdk = {
  view: () => {
    const origin = window.location.origin;
    return m("div", [
      m(PageHeader, { title: "SDK API" }),
      m("section.card", [
        m("h2", "Connecting"),
        m("p", ["Base URL on this host: ", m("code", `${origin}/sdk/v1/`), " (in production also ", m("code", "https://api.<domain>/v1/"), ")."]),
        m("p", ["Authenticate with ", m("code", "Authorization: Bearer <key_id>:<secret>"), ". The key acts with its owner's policies, narrowed by the key's session policy."]),
        m("p", ["Create and rotate access keys on a user's page under ", m(m.route.Link, { href: "/iam/users" }, "Users"), "; the secret is shown once."]),
        m("h2", "Try it"),
        m("pre", `curl -H "Authorization: Bearer KEY_ID:SECRET" ${origin}/sdk/v1/me`),
      ]),
    ]);
  },
};

export const routes = { "/sdk": Sdk };
