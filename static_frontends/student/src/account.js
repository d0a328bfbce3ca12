// Account settings: password and two-step verification (MFA).
import m from "mithril";
import { api } from "../../shared/ui/client.js";
import { confirmAction } from "../../shared/ui/dialog.js";
import { Field, FormErrors, Submit, useForm } from "../../shared/ui/forms.js";
import { notify } from "../../shared/ui/notices.js";
import { PageHeader } from "../../shared/ui/shell.js";
import { E } from "./endpoints.js";
import { session } from "./session.js";

const PasswordCard = {
  oninit: ({ state }) => {
    state.form = useForm({ current_password: "", new_password: "" });
  },
  view: ({ state }) => {
    const form = state.form;
    return m("section.card", { "aria-labelledby": "pw-title" }, [
      m("h2#pw-title", "Change password"),
      m("form", {
        novalidate: true,
        onsubmit: async (e) => {
          e.preventDefault();
          const ok = await form.submit(() => api.post(E.password, form.values));
          if (ok) {
            form.values = { current_password: "", new_password: "" };
            notify("Password changed.");
          }
        },
      }, [
        m(FormErrors, { form }),
        m(Field, { form, name: "current_password", label: "Current password", type: "password", autocomplete: "current-password" }),
        m(Field, { form, name: "new_password", label: "New password", type: "password", autocomplete: "new-password" }),
        m(Submit, { form }, "Change password"),
      ]),
    ]);
  },
};

const MfaCard = {
  oninit: ({ state }) => {
    state.enrollment = null;
    state.codes = null;
    state.enroll = useForm({});
    state.confirm = useForm({ code: "" });
    state.disable = useForm({ code: "", password: "" });
  },
  view: ({ state }) => {
    const enabled = session.user && session.user.mfa_enabled;
    const body = [];
    if (state.codes) {
      body.push(
        m("p.banner.banner-ok", "Two-step verification is on."),
        m("h3", "Recovery codes"),
        m("p", "Save these codes somewhere safe. Each works once if you lose your authenticator. They are shown only now."),
        m("ul.codes", { "data-testid": "recovery-codes" }, state.codes.map((c) => m("li", m("code", c)))),
        m("button.btn", { type: "button", onclick: () => (state.codes = null) }, "I saved them"),
      );
    } else if (enabled) {
      const form = state.disable;
      body.push(
        m("p", [m("span.badge.badge-ok", "On"), " Your account asks for a code from your authenticator app when you sign in."]),
        m("form", {
          novalidate: true,
          onsubmit: async (e) => {
            e.preventDefault();
            if (!(await confirmAction("Turn off two-step verification? Your account will be protected by your password only.", { confirmLabel: "Turn off" }))) return;
            if (await form.submit(() => api.post(E.mfaDisable, form.values))) {
              await session.load(true);
              notify("Two-step verification is off.");
            }
          },
        }, [
          m(FormErrors, { form }),
          m("p.muted", "To turn it off, enter a current code or your password."),
          m(Field, { form, name: "code", label: "Authentication code", inputmode: "numeric", autocomplete: "one-time-code" }),
          m(Field, { form, name: "password", label: "or password", type: "password", autocomplete: "current-password" }),
          m("button.btn.btn-danger", { type: "submit", disabled: form.busy }, "Turn off two-step verification"),
        ]),
      );
    } else if (state.enrollment) {
      const form = state.confirm;
      body.push(
        m("ol", [
          m("li", ["Add this account to your authenticator app with the setup link or the secret key:",
            m("p.secret", { "data-testid": "otpauth-uri" }, state.enrollment.otpauth_uri),
            m("p", ["Secret key: ", m("code.secret", { "data-testid": "mfa-secret" }, state.enrollment.secret)]),
          ]),
          m("li", "Enter the 6-digit code the app shows."),
        ]),
        m("form", {
          novalidate: true,
          onsubmit: async (e) => {
            e.preventDefault();
            const r = await form.submit(() => api.post(E.mfaConfirm, form.values));
            if (r) {
              state.codes = r.data.recovery_codes || [];
              state.enrollment = null;
              await session.load(true);
            }
          },
        }, [
          m(FormErrors, { form }),
          m(Field, { form, name: "code", label: "Authentication code", inputmode: "numeric", autocomplete: "one-time-code" }),
          m(".row", [m(Submit, { form }, "Turn on"), m("button.btn", { type: "button", onclick: () => (state.enrollment = null) }, "Cancel")]),
        ]),
      );
    } else {
      const form = state.enroll;
      body.push(
        m("p", [m("span.badge", "Off"), " Protect your account with a code from an authenticator app when you sign in."]),
        m(FormErrors, { form }),
        m("button.btn.btn-primary", {
          type: "button", disabled: form.busy,
          onclick: async () => {
            const r = await form.submit(() => api.post(E.mfaEnroll, {}));
            if (r) {
              state.enrollment = r.data;
              setTimeout(() => document.getElementById("f-code")?.focus(), 0);
            }
          },
        }, "Set up two-step verification"),
      );
    }
    return m("section.card", { "aria-labelledby": "mfa-title" }, [m("h2#mfa-title", "Two-step verification"), body]);
  },
};

export const Account = {
  view: () =>
    m("div", [
      m(PageHeader, { title: "Account settings" }),
      session.user ? m("p.muted", ["Signed in as ", m("strong", session.user.email), session.user.email_verified === false ? [" ", m("span.badge.badge-warn", "email not verified"), " ", m(m.route.Link, { href: "/verify-email" }, "Verify now")] : null]) : null,
      m(PasswordCard),
      m(MfaCard),
    ]),
};
