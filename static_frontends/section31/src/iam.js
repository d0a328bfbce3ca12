// IAM screens: users, groups, roles, policies (JSON editor), access keys, simulator, audit log,
// account settings. The IAM system's admin interface: a lazily loaded bundle (see `routes`).
import m from "mithril";
import { createDocumentField, splitDocumentErrors } from "../../shared/forms.js";
import { act } from "../../shared/ui/actions.js";
import { api } from "../../shared/ui/client.js";
import { badge, formatDate } from "../../shared/ui/format.js";
import { Field, FormErrors, Submit, useForm } from "../../shared/ui/forms.js";
import { loader, view } from "../../shared/ui/loader.js";
import { notify } from "../../shared/ui/notices.js";
import { PageHeader } from "../../shared/ui/shell.js";
import { ErrorView } from "../../shared/ui/states.js";
import { AUDIT_FILTERS, auditExportUrl, OUTCOME_KIND, OUTCOMES, SYSTEMS } from "./lib/audit_filters.js";
import { ActionInput, CATALOGUE_ACTIONS, confirmDocumentWarnings, DocumentPickers, keyOptions, keyType, WarningsNote } from "./lib/action_picker.js";
import { actionsInDocument, insertAction, insertConditionKey, insertContextKey, warningLines } from "./lib/catalogue.js";
import { DocumentEditor, EditorForm, JsonEditor } from "./lib/editor.js";
import { ListTable, listState } from "./lib/lists.js";
import { chips, Picker } from "./lib/pickers.js";
import { Tabs } from "./lib/tabs.js";
import { E } from "./endpoints.js";
import { session } from "./session.js";

const IAM = "teacherseat:admin:iam";
const tabs = () =>
  m(Tabs, {
    label: "Identity and access",
    tabs: [
      { href: "/iam/users", label: "Users" },
      { href: "/iam/groups", label: "Groups" },
      { href: "/iam/roles", label: "Roles" },
      { href: "/iam/policies", label: "Policies" },
      { href: "/iam/simulator", label: "Simulator" },
      { href: "/iam/audit", label: "Audit log" },
      { href: "/iam/settings", label: "Settings" },
    ].filter((t) => session.can(`${IAM}:${{ "/iam/users": "users:list", "/iam/groups": "groups:list", "/iam/roles": "roles:list", "/iam/policies": "policies:list", "/iam/simulator": "policies:simulate", "/iam/audit": "audit:list", "/iam/settings": "settings:read" }[t.href]}`)),
  });

const statusBadge = (s) => badge(s, s === "active" ? "ok" : s === "suspended" ? "danger" : "warn");
export const EXAMPLE_POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Example", Effect: "Allow", Action: ["teacherseat:admin:content:courses:list"], Resource: "*" }] }, null, 2);

// ---------------- users ----------------

const UserCreate = {
  oninit: ({ state }) => {
    state.form = useForm({ email: "", name: "", password: "", admin_panel_access: false });
  },
  view: ({ attrs, state }) => {
    const form = state.form;
    return m(EditorForm, {
      form, title: "New user", titleId: "new-user", submitLabel: "Create user", oncancel: attrs.oncancel,
      intro: "Leave the password empty to invite: they will set one with the password-reset email.",
      save: (values) => api.post(E.users, { ...values, password: values.password || null }),
      done: (r) => `User ${r.data.email} created.`,
      onsaved: (r) => m.route.set(`/iam/users/${r.data.id}`),
    }, [
      m(Field, { form, name: "email", label: "Email", type: "email" }),
      m(Field, { form, name: "name", label: "Name" }),
      m(Field, { form, name: "password", label: "Initial password (optional)", type: "password", autocomplete: "new-password" }),
      m(Field, { form, name: "admin_panel_access", label: "Staff: may use the admin panel", type: "checkbox" }),
    ]);
  },
};

export const Users = {
  oninit: ({ state }) => {
    state.s = listState(E.users, { sort: "email", filters: { status: "" } });
    state.creating = false;
  },
  view: ({ state }) =>
    m("div", [
      m(PageHeader, { title: "Users" }, session.can(`${IAM}:users:create`) ? m("button.btn.btn-primary", { type: "button", onclick: () => (state.creating = true), "data-testid": "new-user" }, "New user") : null),
      tabs(),
      state.creating ? m(UserCreate, { oncancel: () => (state.creating = false) }) : null,
      m(ListTable, {
        state: state.s, searchLabel: "Search users by email or name",
        toolbar: [
          m("label.visually-hidden", { for: "status-filter" }, "Status"),
          m("select.inline#status-filter", { style: "max-width:180px", value: state.s.query.status, onchange: (e) => state.s.set({ status: e.target.value }) }, [
            m("option", { value: "" }, "All statuses"), m("option", { value: "active" }, "Active"), m("option", { value: "suspended" }, "Suspended"),
          ]),
        ],
        columns: [
          { label: "Email", sort: "email", render: (u) => m(m.route.Link, { href: `/iam/users/${u.id}` }, u.email) },
          { label: "Name", sort: "name", render: (u) => u.name || "—" },
          { label: "Status", sort: "status", render: (u) => [statusBadge(u.status), " ", u.admin_panel_access ? badge("staff", "info") : null, u.account_owner ? badge("owner", "info") : null] },
          { label: "MFA", render: (u) => (u.mfa_enabled ? badge("on", "ok") : badge("off")) },
          { label: "Last sign-in", sort: "last_sign_in", render: (u) => formatDate(u.last_sign_in) },
          { label: "Created", sort: "created_at", render: (u) => formatDate(u.created_at) },
        ],
      }),
    ]),
};

const AccessKeys = {
  oninit: ({ attrs, state }) => {
    state.keys = loader(() => api.get(E.keys(attrs.userId)));
    state.form = useForm({ description: "" });
    state.secret = null;
  },
  view: ({ attrs, state }) => {
    const form = state.form;
    const reload = () => state.keys.reload();
    return m("section.card", { "aria-labelledby": "keys-title" }, [
      m("h2#keys-title", "Access keys"),
      state.secret
        ? m(".banner.banner-warn", { role: "alert", "data-testid": "key-secret" }, [
            m("p", m("strong", "Copy the secret now: it is shown only once.")),
            m("p", ["Key id: ", m("code", state.secret.key_id)]),
            m("p", ["Secret: ", m("code.secret", state.secret.secret)]),
            m("button.btn.btn-small", { type: "button", onclick: () => (state.secret = null) }, "I stored it"),
          ])
        : null,
      view(state.keys, (keys) =>
        m(".table-wrap", m("table", [
          m("thead", m("tr", ["Key id", "Description", "Status", "Last used", "Created", ""].map((h) => m("th", { scope: "col" }, h)))),
          m("tbody", keys.map((k) => m("tr", { key: k.key_id }, [
            m("td", m("code", k.key_id)), m("td", k.description || "—"), m("td", badge(k.status, k.status === "active" ? "ok" : "warn")),
            m("td", formatDate(k.last_used_at)), m("td", formatDate(k.created_at)),
            m("td.row", [
              m("button.btn.btn-small", { type: "button", ...session.guard(`${IAM}:access_keys:update`), onclick: () => act(() => api.patch(E.key(attrs.userId, k.key_id), { status: k.status === "active" ? "inactive" : "active" }), { done: "Key updated." }).then(reload) }, k.status === "active" ? "Deactivate" : "Activate"),
              m("button.btn.btn-small", { type: "button", ...session.guard(`${IAM}:access_keys:create`), onclick: async () => { const r = await act(() => api.post(E.keyRotate(attrs.userId, k.key_id), {}), { confirm: "Rotate this key? A new key is created and this one is deactivated.", confirmLabel: "Rotate", danger: false }); if (r) { state.secret = r.data; reload(); } } }, "Rotate"),
              m("button.btn.btn-small.btn-danger", { type: "button", ...session.guard(`${IAM}:access_keys:delete`), onclick: () => act(() => api.del(E.key(attrs.userId, k.key_id)), { confirm: `Delete access key ${k.key_id}? Clients using it stop working.`, confirmLabel: "Delete", done: "Key deleted." }).then(reload) }, "Delete"),
            ]),
          ]))),
        ])), { empty: { title: "No access keys." } }),
      m("form.row", {
        style: "margin-top:.75rem",
        onsubmit: async (e) => {
          e.preventDefault();
          const r = await form.submit(() => api.post(E.keys(attrs.userId), form.values));
          if (r) {
            state.secret = r.data;
            form.values.description = "";
            reload();
          }
        },
      }, [m(Field, { form, name: "description", label: "New key description" }), m(Submit, { form, extra: session.guard(`${IAM}:access_keys:create`) }, "Create access key")]),
      m(FormErrors, { form }),
    ]);
  },
};

export const UserDetail = {
  oninit: ({ attrs, state }) => {
    state.user = loader(() => api.get(E.user(attrs.id)));
  },
  view: ({ attrs, state }) =>
    view(state.user, (u) => {
      const reload = () => state.user.reload();
      const can = (a) => session.can(`${IAM}:${a}`);
      return m("div", [
        m(PageHeader, { title: u.name || u.email, crumbs: m(m.route.Link, { href: "/iam/users" }, "Users") }, [
          u.status === "suspended"
            ? m("button.btn", { type: "button", ...session.guard(`${IAM}:users:suspend`), onclick: () => act(() => api.post(E.userUnsuspend(u.id), {}), { done: "User reactivated." }).then(reload) }, "Reactivate")
            : m("button.btn.btn-danger", { type: "button", ...session.guard(`${IAM}:users:suspend`), onclick: () => act(() => api.post(E.userSuspend(u.id), {}), { confirm: `Suspend ${u.email}? They are signed out and cannot sign in.`, confirmLabel: "Suspend", done: "User suspended." }).then(reload) }, "Suspend"),
          u.mfa_enabled ? m("button.btn", { type: "button", ...session.guard(`${IAM}:users:reset_mfa`), onclick: () => act(() => api.post(E.userResetMfa(u.id), {}), { confirm: "Reset two-step verification? The user signs in with the password only until they set it up again.", confirmLabel: "Reset MFA", done: "MFA reset." }).then(reload) }, "Reset MFA") : null,
          m("button.btn.btn-danger", { type: "button", ...session.guard(`${IAM}:users:delete`), onclick: async () => { if (await act(() => api.del(E.user(u.id)), { confirm: `Delete ${u.email} permanently?`, confirmLabel: "Delete", done: "User deleted." }) !== undefined) m.route.set("/iam/users"); } }, "Delete"),
        ]),
        m("section.card", [
          m("dl.row", { style: "gap:1.5rem" }, [
            m("div", [m("dt.muted.small", "Email"), m("dd", { style: "margin:0" }, u.email)]),
            m("div", [m("dt.muted.small", "Status"), m("dd", { style: "margin:0" }, statusBadge(u.status))]),
            m("div", [m("dt.muted.small", "MFA"), m("dd", { style: "margin:0" }, u.mfa_enabled ? badge("on", "ok") : badge("off"))]),
            m("div", [m("dt.muted.small", "Email verified"), m("dd", { style: "margin:0" }, u.email_verified ? "yes" : "no")]),
            m("div", [m("dt.muted.small", "Last sign-in"), m("dd", { style: "margin:0" }, formatDate(u.last_sign_in))]),
          ]),
          m(".field.field-check", [
            m("input#f-admin", { type: "checkbox", checked: !!u.admin_panel_access, disabled: u.account_owner || !can("users:update"), title: can("users:update") ? undefined : `You need ${IAM}:users:update`, onchange: (e) => act(() => api.patch(E.user(u.id), { admin_panel_access: e.target.checked }), { done: "Saved." }).then(reload) }),
            m("label", { for: "f-admin" }, "Staff: may use the admin panel"),
          ]),
        ]),
        m("section.card", [
          m("h2", "Groups"),
          chips(u.groups, { href: (g) => `/iam/groups/${g.id}`, onremove: can("groups:update") ? (g) => act(() => api.del(E.groupMember(g.id, u.id)), { confirm: `Remove from group ${g.name}?`, confirmLabel: "Remove" }).then(reload) : undefined }),
          // Pickers list groups/roles/policies: shown only to people who may list and change them.
          !(can("groups:update") && can("groups:list")) ? null : m(Picker, { name: "group", url: E.groups, label: "Add to group", exclude: (u.groups || []).map((g) => g.id), onpick: (id) => act(() => api.put(E.groupMember(id, u.id), {}), { done: "Added to group." }).then(reload) }),
        ]),
        m("section.card", [
          m("h2", "Roles"),
          chips(u.roles, { href: (r) => `/iam/roles/${r.id}`, onremove: can("roles:update") ? (r) => act(() => api.del(E.roleUser(r.id, u.id)), { confirm: `Remove role ${r.name}?`, confirmLabel: "Remove" }).then(reload) : undefined }),
          !(can("roles:update") && can("roles:list")) ? null : m(Picker, { name: "role", url: E.roles, label: "Assign role", exclude: (u.roles || []).map((r) => r.id), onpick: (id) => act(() => api.put(E.roleUser(id, u.id), {}), { done: "Role assigned." }).then(reload) }),
        ]),
        m("section.card", [
          m("h2", "Attached policies"),
          chips(u.attached_policies, { href: (p) => `/iam/policies/${p.id}`, onremove: can("policies:attach") ? (p) => act(() => api.del(E.userPolicy(u.id, p.id)), { confirm: `Detach policy ${p.name}?`, confirmLabel: "Detach" }).then(reload) : undefined }),
          !(can("policies:attach") && can("policies:list")) ? null : m(Picker, { name: "policy", url: E.policies, label: "Attach policy", button: "Attach", exclude: (u.attached_policies || []).map((p) => p.id), onpick: (id) => act(() => api.put(E.userPolicy(u.id, id), {}), { done: "Policy attached." }).then(reload) }),
          (u.inline_policies || []).length ? [m("h3", "Inline policies"), u.inline_policies.map((p) => m("details", [m("summary", p.name), m("pre", JSON.stringify(p.document, null, 2))]))] : null,
          m("h3", "Permissions boundary"),
          u.permissions_boundary
            ? m(".row", [m(m.route.Link, { href: `/iam/policies/${u.permissions_boundary.id}` }, u.permissions_boundary.name), m("button.btn.btn-small", { type: "button", onclick: () => act(() => api.del(E.userBoundary(u.id)), { confirm: "Remove the permissions boundary?", confirmLabel: "Remove" }).then(reload) }, "Remove")])
            : !(can("users:put_boundary") && can("policies:list")) ? m("p.muted", "None.") : m(Picker, { name: "boundary", url: E.policies, label: "Set boundary", button: "Set boundary", onpick: (id) => act(() => api.put(E.userBoundary(u.id), { policy_id: Number(id) }), { done: "Boundary set." }).then(reload) }),
        ]),
        can("access_keys:list") ? m(AccessKeys, { userId: u.id }) : null,
      ]);
    }),
};

// ---------------- groups and roles ----------------

function namedList({ title, url, detail, kind, countLabel, countKey, createAction }) {
  return {
    oninit: ({ state }) => {
      state.s = listState(url, { sort: "name" });
      state.form = useForm({ name: "", description: "" });
      state.creating = false;
    },
    view: ({ state }) => {
      const form = state.form;
      return m("div", [
        m(PageHeader, { title }, session.can(createAction) ? m("button.btn.btn-primary", { type: "button", onclick: () => (state.creating = true) }, `New ${kind}`) : null),
        tabs(),
        state.creating
          ? m(EditorForm, {
              form, title: `New ${kind}`, submitLabel: "Create", oncancel: () => (state.creating = false),
              save: (values) => api.post(url, values),
              onsaved: (r) => m.route.set(detail(r.data.id)),
            }, [m(Field, { form, name: "name", label: "Name" }), m(Field, { form, name: "description", label: "Description" })])
          : null,
        m(ListTable, {
          state: state.s, searchLabel: `Search ${title.toLowerCase()}`,
          columns: [
            { label: "Name", sort: "name", render: (g) => m(m.route.Link, { href: detail(g.id) }, g.name) },
            { label: "Description", render: (g) => g.description || "—" },
            { label: countLabel, render: (g) => g[countKey] },
            { label: "Created", render: (g) => formatDate(g.created_at) },
          ],
        }),
      ]);
    },
  };
}

export const Groups = namedList({ title: "Groups", url: E.groups, detail: (id) => `/iam/groups/${id}`, kind: "group", countLabel: "Members", countKey: "members", createAction: `${IAM}:groups:create` });
export const Roles = namedList({ title: "Roles", url: E.roles, detail: (id) => `/iam/roles/${id}`, kind: "role", countLabel: "Users", countKey: "users", createAction: `${IAM}:roles:create` });

function principalDetail({ kind, get, del, back, members, memberUrl, policyUrl, membersLabel }) {
  return {
    oninit: ({ attrs, state }) => {
      state.doc = loader(() => api.get(get(attrs.id)));
    },
    view: ({ state }) =>
      view(state.doc, (g) => {
        const reload = () => state.doc.reload();
        return m("div", [
          m(PageHeader, { title: g.name, crumbs: m(m.route.Link, { href: back }, kind === "group" ? "Groups" : "Roles") },
            m("button.btn.btn-danger", { type: "button", ...session.guard(`${IAM}:${kind}s:delete`), onclick: async () => { if (await act(() => api.del(del(g.id)), { confirm: `Delete ${kind} ${g.name}?`, confirmLabel: "Delete", done: `${kind} deleted.` }) !== undefined) m.route.set(back); } }, `Delete ${kind}`)),
          g.description ? m("p", g.description) : null,
          m("section.card", [
            m("h2", membersLabel),
            chips(g[members], { label: (u) => u.email, href: (u) => `/iam/users/${u.id}`, onremove: (u) => act(() => api.del(memberUrl(g.id, u.id)), { confirm: `Remove ${u.email}?`, confirmLabel: "Remove" }).then(reload) }),
            m(Picker, { name: "user", url: E.users, label: "Add user", display: (u) => u.email, exclude: (g[members] || []).map((u) => u.id), onpick: (id) => act(() => api.put(memberUrl(g.id, id), {}), { done: "Added." }).then(reload) }),
          ]),
          m("section.card", [
            m("h2", "Attached policies"),
            chips(g.attached_policies, { href: (p) => `/iam/policies/${p.id}`, onremove: (p) => act(() => api.del(policyUrl(g.id, p.id)), { confirm: `Detach ${p.name}?`, confirmLabel: "Detach" }).then(reload) }),
            m(Picker, { name: "policy", url: E.policies, label: "Attach policy", button: "Attach", exclude: (g.attached_policies || []).map((p) => p.id), onpick: (id) => act(() => api.put(policyUrl(g.id, id), {}), { done: "Policy attached." }).then(reload) }),
            (g.inline_policies || []).length ? [m("h3", "Inline policies"), g.inline_policies.map((p) => m("details", [m("summary", p.name), m("pre", JSON.stringify(p.document, null, 2))]))] : null,
          ]),
        ]);
      }),
  };
}

export const GroupDetail = principalDetail({ kind: "group", get: E.group, del: E.group, back: "/iam/groups", members: "members", memberUrl: E.groupMember, policyUrl: E.groupPolicy, membersLabel: "Members" });
export const RoleDetail = principalDetail({ kind: "role", get: E.role, del: E.role, back: "/iam/roles", members: "users", memberUrl: E.roleUser, policyUrl: E.rolePolicy, membersLabel: "Assigned users" });

// ---------------- policies ----------------

export const Policies = {
  oninit: ({ state }) => {
    state.s = listState(E.policies, { sort: "name", filters: { managed: "" } });
  },
  view: ({ state }) =>
    m("div", [
      m(PageHeader, { title: "Policies" }, session.can(`${IAM}:policies:create`) ? m(m.route.Link, { href: "/iam/policies/new", class: "btn btn-primary", "data-testid": "new-policy" }, "New policy") : null),
      tabs(),
      m(ListTable, {
        state: state.s, searchLabel: "Search policies",
        toolbar: [
          m("label.visually-hidden", { for: "managed-filter" }, "Kind"),
          m("select.inline#managed-filter", { style: "max-width:200px", value: state.s.query.managed, onchange: (e) => state.s.set({ managed: e.target.value }) }, [
            m("option", { value: "" }, "All policies"), m("option", { value: "true" }, "System managed"), m("option", { value: "false" }, "Custom"),
          ]),
        ],
        columns: [
          { label: "Name", sort: "name", render: (p) => m(m.route.Link, { href: `/iam/policies/${p.id}` }, p.name) },
          { label: "Description", render: (p) => p.description || "—" },
          { label: "Type", render: (p) => (p.system_managed ? badge("managed", "info") : badge("custom")) },
          { label: "Attachments", render: (p) => p.attachments },
          { label: "Updated", sort: "updated_at", render: (p) => formatDate(p.updated_at) },
        ],
      }),
    ]),
};

// Warnings of a just-created policy, shown on its page (the create answer carries them).
const createdWarnings = new Map();

/** The action and condition-key pickers under a policy document editor. */
function documentPickers(field) {
  if (!CATALOGUE_ACTIONS.some((a) => session.can(a))) return null;
  return m(DocumentPickers, {
    id: "policy",
    insertAction: (action) => insertAction(field.text, action),
    insertKey: (key, type) => insertConditionKey(field.text, key, type),
    settext: (text) => (field.text = text),
    actions: () => actionsInDocument(field.text),
  });
}

const savedText = (what, warnings) =>
  warnings && warnings.length ? `${what} with ${warnings.length} warning(s): ${warningLines(warnings).join("; ")}` : `${what}.`;

export const PolicyNew = {
  oninit: ({ state }) => {
    state.form = useForm({ name: "", description: "" }, { allFields: true });
    state.doc = createDocumentField(EXAMPLE_POLICY);
  },
  view: ({ state }) => {
    const form = state.form;
    return m("div", [
      m(PageHeader, { title: "New policy", crumbs: m(m.route.Link, { href: "/iam/policies" }, "Policies") }),
      m(EditorForm, {
        form, doc: state.doc, submitLabel: "Create policy",
        save: async (values, document) => ((await confirmDocumentWarnings(document)) ? api.post(E.policies, { ...values, document }) : undefined),
        done: (r) => savedText(`Policy ${r.data.name} created`, r.data.warnings),
        onsaved: (r) => {
          if ((r.data.warnings || []).length) createdWarnings.set(String(r.data.id), r.data.warnings);
          m.route.set(`/iam/policies/${r.data.id}`);
        },
      }, [
        m(Field, { form, name: "name", label: "Name", hint: "Letters, digits and +=,.@_- (up to 128)." }),
        m(Field, { form, name: "description", label: "Description" }),
        m(DocumentEditor, { field: state.doc, id: "policy-document", label: "Policy document (JSON)", tabIndent: true, hint: "Effect, Action/NotAction, Resource/NotResource and Condition, AWS style." }),
        documentPickers(state.doc),
      ]),
    ]);
  },
};

export const PolicyDetail = {
  oninit: ({ attrs, state }) => {
    state.doc = createDocumentField("");
    state.policy = loader(async () => {
      const r = await api.get(E.policy(attrs.id));
      state.doc.text = JSON.stringify(r.data.document, null, 2);
      return r;
    });
    state.form = useForm({ set_default: true }, { allFields: true });
    state.warnings = createdWarnings.get(String(attrs.id)) || null;
    createdWarnings.delete(String(attrs.id));
  },
  view: ({ state }) =>
    view(state.policy, (p) => {
      const form = state.form;
      const reload = () => state.policy.reload();
      const canUpdate = session.can(`${IAM}:policies:update`);
      return m("div", [
        m(PageHeader, { title: p.name, crumbs: m(m.route.Link, { href: "/iam/policies" }, "Policies") },
          !p.system_managed ? m("button.btn.btn-danger", { type: "button", ...session.guard(`${IAM}:policies:delete`), onclick: async () => { if (await act(() => api.del(E.policy(p.id)), { confirm: `Delete policy ${p.name}? It must not be attached anywhere.`, confirmLabel: "Delete", done: "Policy deleted." }) !== undefined) m.route.set("/iam/policies"); } }, "Delete policy") : null),
        p.description ? m("p", p.description) : null,
        p.system_managed ? m("p.banner.banner-info", "This policy is managed by the system and cannot be edited.") : null,
        WarningsNote(state.warnings),
        !p.system_managed && !canUpdate ? m("p.banner.banner-info", `You can read this policy; saving a version needs ${IAM}:policies:update.`) : null,
        m(EditorForm, {
          form, doc: state.doc, submitLabel: "Save as new version", readOnly: p.system_managed || !canUpdate,
          save: async (values, document) => ((await confirmDocumentWarnings(document)) ? api.post(E.policyVersions(p.id), { document, set_default: !!values.set_default }) : undefined),
          done: (r) => savedText(`Version ${r.data.number} saved`, r.data.warnings),
          onsaved: (r) => {
            state.warnings = r.data.warnings;
            reload();
          },
        }, [
          m(DocumentEditor, { field: state.doc, id: "policy-document", label: `Document (default version v${p.default_version})`, tabIndent: true }),
          !p.system_managed && canUpdate ? documentPickers(state.doc) : null,
          !p.system_managed && canUpdate ? m(Field, { form, name: "set_default", label: "Make the new version the default", type: "checkbox" }) : null,
        ]),
        m("section.card", [
          m("h2", "Versions"),
          m("ul", (p.versions || []).map((v) => m("li.row", { key: v.number }, [
            m("span", `v${v.number} — ${formatDate(v.created_at)}`),
            v.is_default ? badge("default", "ok") : [
              m("button.btn.btn-small", { type: "button", ...session.guard(`${IAM}:policies:update`), onclick: () => act(() => api.post(E.policyDefault(p.id, v.number), {}), { done: `v${v.number} is now the default.` }).then(reload) }, "Make default"),
              m("button.btn.btn-small.btn-danger", { type: "button", ...session.guard(`${IAM}:policies:update`), onclick: () => act(() => api.del(E.policyVersion(p.id, v.number)), { confirm: `Delete version ${v.number}?`, confirmLabel: "Delete" }).then(reload) }, "Delete"),
            ],
          ]))),
        ]),
        m("section.card", [
          m("h2", "Attached to"),
          (p.attached_to || []).length
            ? m("ul", p.attached_to.map((a) => m("li", { key: `${a.kind}${a.id}` }, [badge(a.kind), " ", m(m.route.Link, { href: `/iam/${a.kind}s/${a.id}` }, a.name)])))
            : m("p.muted", "Not attached. Attach it from a user, group or role page."),
        ]),
      ]);
    }),
};

// ---------------- simulator ----------------

export const Simulator = {
  oninit: ({ state }) => {
    state.form = useForm({ mode: "user", user_id: "", action: "teacherseat:admin:content:courses:delete", resource: "*" }, { allFields: true });
    state.policies = `[\n${EXAMPLE_POLICY}\n]`;
    state.context = "{}";
    state.docErrors = {};
    state.result = null;
  },
  view: ({ state }) => {
    const form = state.form;
    const v = form.values;
    return m("div", [
      m(PageHeader, { title: "Policy simulator" }),
      tabs(),
      m("form.card", {
        novalidate: true,
        onsubmit: async (e) => {
          e.preventDefault();
          state.result = null;
          const body = { action: v.action, resource: v.resource || "*" };
          try {
            body.context = JSON.parse(state.context || "{}");
            if (v.mode === "user") body.user_id = Number(v.user_id);
            else body.policies = JSON.parse(state.policies);
          } catch {
            form.formErrors = ["Fix the JSON syntax first."];
            return;
          }
          state.docErrors = {};
          const r = await form.submit(() => api.post(E.simulate, body));
          const { doc, rest } = splitDocumentErrors(form.fieldErrors, "policies");
          state.docErrors = doc;
          form.fieldErrors = rest;
          if (r) state.result = r.data;
        },
      }, [
        m(FormErrors, { form }),
        m("fieldset", { style: "border:0;padding:0;margin:0 0 1rem" }, [
          m("legend", { style: "font-weight:600" }, "Simulate for"),
          m("label.row", [m("input", { type: "radio", name: "mode", checked: v.mode === "user", onchange: () => form.set("mode", "user") }), "an existing user (their groups, roles, policies and boundary)"]),
          m("label.row", [m("input", { type: "radio", name: "mode", checked: v.mode === "policies", onchange: () => form.set("mode", "policies") }), "a list of policy documents"]),
        ]),
        v.mode === "user"
          ? m(".field", [m("label", { for: "pick-sim-user" }, "User"), m(UserSelect, { id: "pick-sim-user", value: v.user_id, onchange: (id) => form.set("user_id", id) }), form.errorsFor("user_id").length ? m(".field-error", form.errorsFor("user_id").join(" ")) : null])
          : m(JsonEditor, { id: "sim-policies", label: "Policies (JSON array of documents)", value: state.policies, errors: state.docErrors, tabIndent: true, oninput: (t) => (state.policies = t) }),
        m(ActionInput, { id: "f-action", label: "Action", value: v.action, oninput: (t) => form.set("action", t), hint: "Type words of the action or its description, e.g. courses delete" }),
        form.errorsFor("action").length ? m(".field-error", { role: "alert" }, form.errorsFor("action").join(" ")) : null,
        m(Field, { form, name: "resource", label: "Resource", hint: "trn:teacherseat:<tenant>:<system>:<type>/<id>, or *" }),
        m(".field", [m("label", { for: "sim-context" }, "Context keys (JSON object, optional)"), m("textarea.code#sim-context", { rows: 3, value: state.context, oninput: (e) => (state.context = e.target.value) })]),
        m(ContextKeyPicker, { context: () => state.context, setcontext: (t) => (state.context = t), action: () => v.action }),
        m(Submit, { form }, "Simulate"),
      ]),
      state.result
        ? m("section.card", { "aria-live": "polite", "data-testid": "sim-result" }, [
            m("h2", ["Decision: ", badge(state.result.decision, /allow/i.test(state.result.decision) ? "ok" : "danger")]),
            m("p", state.result.reason),
            (state.result.statements || []).length
              ? m(".table-wrap", m("table", [
                  m("thead", m("tr", ["Policy", "Statement", "Effect", "Source"].map((h) => m("th", { scope: "col" }, h)))),
                  m("tbody", state.result.statements.map((s, i) => m("tr", { key: i }, [m("td", s.policy), m("td", s.sid || "—"), m("td", badge(s.effect, s.effect === "Allow" ? "ok" : "danger")), m("td", s.source)]))),
                ]))
              : m("p.muted", "No statement matched (implicit deny)."),
          ])
        : null,
    ]);
  },
};

/** Simulator: add a condition key (of the chosen action, or request-wide) to the context. */
const ContextKeyPicker = {
  oninit: ({ state }) => {
    state.key = "";
  },
  view: ({ attrs, state }) => {
    const listId = "sim-context-key-options";
    const pick = () => {
      const key = state.key.trim();
      if (!key) return;
      const text = insertContextKey(attrs.context(), key, keyType(key));
      if (text === null) {
        notify("Fix the context's JSON first (an object), then add the key.", "error");
        return;
      }
      attrs.setcontext(text);
      state.key = "";
    };
    return m(".field.picker", [
      m("label", { for: "sim-context-key" }, "Add a context key"),
      m(".row", [
        m("input.inline#sim-context-key", {
          type: "text", list: listId, value: state.key, autocomplete: "off", spellcheck: false, "data-testid": "context-key-picker",
          oninput: (e) => (state.key = e.target.value),
          onkeydown: (e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              pick();
            }
          },
        }),
        m("button.btn", { type: "button", disabled: !state.key.trim(), onclick: pick }, "Add key"),
      ]),
      m("datalist", { id: listId }, keyOptions(state.key, attrs.action() ? [attrs.action()] : []).map((o) => m("option", { key: o.value, value: o.value }, o.label))),
    ]);
  },
};

const UserSelect = {
  oninit: ({ state }) => {
    state.users = loader(() => api.get(E.users, { query: { per_page: 100, sort: "email" } }));
  },
  view: ({ attrs, state }) =>
    state.users.error
      ? m(ErrorView, { error: state.users.error, retry: state.users.reload })
      : m("select.inline", { id: attrs.id, value: attrs.value, onchange: (e) => attrs.onchange(e.target.value) }, [
          m("option", { value: "" }, state.users.data ? "Choose a user…" : "Loading…"),
          (state.users.data || []).map((u) => m("option", { value: u.id }, u.email)),
        ]),
};

// ---------------- audit ----------------

const AuditText = {
  // Applied on change (Enter or leaving the field); the draft survives redraws while typing.
  view: ({ attrs: { s, name, label }, state }) =>
    m("div.search", [
      m("label.visually-hidden", { for: `audit-${name}` }, label),
      m(`input#audit-${name}`, {
        type: "search", placeholder: label, value: state.draft ?? s.query[name],
        oninput: (e) => (state.draft = e.target.value),
        onchange: (e) => { state.draft = undefined; s.set({ [name]: e.target.value.trim() }); },
      }),
    ]),
};
const AuditSelect = {
  view: ({ attrs: { s, name, label, all, options } }) =>
    m("div.search", [
      m("label.visually-hidden", { for: `audit-${name}` }, label),
      m(`select.inline#audit-${name}`, { value: s.query[name], onchange: (e) => s.set({ [name]: e.target.value }) },
        [m("option", { value: "" }, all), ...options.map((o) => m("option", { value: o }, o))]),
    ]),
};
const AuditDate = {
  view: ({ attrs: { s, name, label } }) =>
    m("div", [
      m("label.small.muted", { for: `audit-${name}` }, `${label} `),
      m(`input#audit-${name}`, { type: "date", value: s.query[name], onchange: (e) => s.set({ [name]: e.target.value }) }),
    ]),
};

export const Audit = {
  oninit: ({ state }) => {
    state.s = listState(E.audit, { sort: "-at", per_page: 50, filters: { ...AUDIT_FILTERS } });
  },
  view: ({ state }) => {
    const s = state.s;
    const filtered = Object.keys(AUDIT_FILTERS).some((k) => s.query[k]);
    return m("div", [
      m(PageHeader, { title: "IAM audit log" },
        m("a.btn", { href: auditExportUrl(E.auditExport, s.query), download: "audit-log.csv", "data-testid": "audit-export" }, "Export CSV")),
      m("p.hint", "Entries cannot be edited or deleted; they are kept for the academy's retention period."),
      tabs(),
      m(ListTable, {
        state: s, searchLabel: "Search the audit log",
        toolbar: [
          m(AuditText, { s, name: "actor", label: "Actor email" }),
          m(AuditText, { s, name: "action", label: "Action prefix" }),
          m(AuditSelect, { s, name: "outcome", label: "Outcome", all: "All outcomes", options: OUTCOMES }),
          m(AuditSelect, { s, name: "system", label: "System", all: "All systems", options: SYSTEMS }),
          m(AuditDate, { s, name: "since", label: "Since" }),
          m(AuditDate, { s, name: "until", label: "Until" }),
          filtered ? m("button.btn.btn-small", { type: "button", onclick: () => s.set({ ...AUDIT_FILTERS }) }, "Clear filters") : null,
        ],
        empty: { title: s.query.search || filtered ? "No entries match these filters." : "No audit entries yet." },
        columns: [
          { label: "When", sort: "at", render: (e) => formatDate(e.at) },
          { label: "Who", render: (e) => (e.actor && e.actor.email) || m("span.muted", "system") },
          { label: "Action", sort: "action", render: (e) => m("code", e.action) },
          { label: "Outcome", render: (e) => (e.outcome ? badge(e.outcome, OUTCOME_KIND[e.outcome] || "") : "—") },
          { label: "Target", render: (e) => e.target || "—" },
          { label: "Details", render: (e) => (e.details && Object.keys(e.details).length ? m("details", [m("summary", "details"), m("pre", JSON.stringify(e.details, null, 2))]) : "—") },
          { label: "Request ID", render: (e) => (e.request_id ? m("code.small", e.request_id) : "—") },
          { label: "IP", render: (e) => e.ip || "—" },
        ],
      }),
    ]);
  },
};


// ---------------- account settings ----------------

export const AccountSettings = {
  oninit: ({ state }) => {
    state.settings = loader(() => api.get(E.accountSettings));
  },
  view: ({ state }) =>
    m("div", [
      m(PageHeader, { title: "Account settings" }),
      tabs(),
      view(state.settings, (s) => {
        const canEdit = session.can(`${IAM}:settings:update`);
        return m("section.card", [
          m("h2", "Sign-in"),
          m("label", [
            m("input[type=checkbox]#f-require-verified", {
              checked: s.signin_requires_verified_email,
              disabled: !canEdit,
              title: canEdit ? "" : "You are not allowed to change account settings.",
              onchange: (e) =>
                act(async () => {
                  const saved = await api.patch(E.accountSettings, { signin_requires_verified_email: e.target.checked });
                  state.settings.data = saved.data;
                }, { done: "Settings saved." }),
            }),
            " Require a confirmed email address before people can sign in",
          ]),
          m("p.muted.small", "When this is off, new accounts can sign in at once and confirm their email later. When it is on, sign-in asks them to open the link we emailed (they can ask for a new one)."),
        ]);
      }),
    ]),
};

/** The IAM interface: its screens by route (the shell loads this bundle on the first visit). */
export const routes = {
  "/iam/users": Users,
  "/iam/users/:id": UserDetail,
  "/iam/groups": Groups,
  "/iam/groups/:id": GroupDetail,
  "/iam/roles": Roles,
  "/iam/roles/:id": RoleDetail,
  "/iam/policies": Policies,
  "/iam/policies/new": PolicyNew,
  "/iam/policies/:id": PolicyDetail,
  "/iam/simulator": Simulator,
  "/iam/audit": Audit,
  "/iam/settings": AccountSettings,
};
