// Sign up, sign in (+ MFA step), password reset, email verification.
import m from "mithril";
import { safeNext } from "../../shared/api.js";
import { act } from "../../shared/ui/actions.js";
import { api, queryParam } from "../../shared/ui/client.js";
import { Field, FormErrors, Submit, useForm } from "../../shared/ui/forms.js";
import { E } from "./endpoints.js";
import { session } from "./session.js";

function goNext() {
  const next = safeNext(queryParam("next"), "/student/");
  if (next.startsWith("/student/") || next === "/student") {
    m.route.set(next.slice("/student".length) || "/");
  } else {
    window.location.assign(next);
  }
}

const AuthCard = {
  view: ({ attrs, children }) =>
    m(".narrow", [m("h1", attrs.title), attrs.intro ? m("p.muted", attrs.intro) : null, m(".card", children), attrs.footer ? m("p", attrs.footer) : null]),
};

export const SignIn = {
  oninit: ({ state }) => {
    state.step = "password";
    state.useRecovery = false;
    state.form = useForm({ email: "", password: "" }, { inline: ["unauthenticated", "denied"] });
    state.mfa = useForm({ code: "", recovery_code: "" }, { inline: ["unauthenticated", "denied"] });
  },
  view: ({ state }) => {
    if (state.step === "mfa") {
      const form = state.mfa;
      return m(AuthCard, { title: "Two-step verification", intro: state.useRecovery ? "Enter one of your recovery codes." : "Enter the 6-digit code from your authenticator app." }, [
        m("form", {
          novalidate: true,
          onsubmit: async (e) => {
            e.preventDefault();
            const body = state.useRecovery ? { recovery_code: form.values.recovery_code } : { code: form.values.code };
            const ok = await form.submit(() => api.post(E.mfa, body));
            if (ok) {
              await session.load(true);
              goNext();
            } else if (form.error && form.error.code === "mfa_not_pending") {
              state.step = "password";
              state.form.formErrors = ["Your sign-in expired. Enter your password again."];
              form.error = null;
            }
          },
        }, [
          m(FormErrors, { form }),
          state.useRecovery
            ? m(Field, { form, name: "recovery_code", label: "Recovery code", autocomplete: "off", oncreate: (v) => v.dom.querySelector?.("input")?.focus() })
            : m(Field, { form, name: "code", label: "Authentication code", inputmode: "numeric", autocomplete: "one-time-code", pattern: "[0-9]*", maxlength: 8 }),
          m(".row", [
            m(Submit, { form }, "Verify"),
            m("button.btn-link", { type: "button", onclick: () => (state.useRecovery = !state.useRecovery) }, state.useRecovery ? "Use an authenticator code" : "Use a recovery code"),
          ]),
        ]),
      ]);
    }
    const form = state.form;
    return m(AuthCard, {
      title: "Sign in",
      footer: [m(m.route.Link, { href: "/password-reset" }, "Forgot your password?"), " · ", m(m.route.Link, { href: "/signup" }, "Create an account")],
    }, [
      m("form", {
        novalidate: true,
        onsubmit: async (e) => {
          e.preventDefault();
          const result = await form.submit(() => api.post(E.signin, form.values));
          if (!result) return;
          if (result.data && result.data.mfa_required) {
            state.step = "mfa";
            setTimeout(() => document.getElementById("f-code")?.focus(), 0);
            return;
          }
          await session.load(true);
          goNext();
        },
      }, [
        m(FormErrors, { form }),
        form.error && form.error.code === "email_not_verified"
          ? m("p", [
            state.resent
              ? "We sent a new confirmation link. Open it, then sign in again."
              : m("button.btn.btn-small", {
                type: "button",
                onclick: async () => {
                  await act(() => api.post(E.verifyEmailResend, { email: form.values.email }));
                  state.resent = true;
                },
              }, "Send me a new confirmation link"),
          ])
          : null,
        m(Field, { form, name: "email", label: "Email", type: "email", autocomplete: "username", required: true }),
        m(Field, { form, name: "password", label: "Password", type: "password", autocomplete: "current-password", required: true }),
        m(Submit, { form }, "Sign in"),
      ]),
    ]);
  },
};

export const SignUp = {
  oninit: ({ state }) => {
    state.form = useForm({ name: "", email: "", password: "" });
    state.done = false;
  },
  view: ({ state }) => {
    const form = state.form;
    if (state.done) {
      return m(AuthCard, { title: "Check your email" }, [
        m("p", ["We sent a verification code to ", m("strong", form.values.email), ". Open the link or paste the code on the verification page."]),
        m(".row", [m(m.route.Link, { href: "/verify-email", class: "btn btn-primary" }, "Enter verification code"), m(m.route.Link, { href: "/signin", class: "btn" }, "Sign in")]),
      ]);
    }
    return m(AuthCard, { title: "Create your account", footer: ["Already have an account? ", m(m.route.Link, { href: "/signin" }, "Sign in")] }, [
      m("form", {
        novalidate: true,
        onsubmit: async (e) => {
          e.preventDefault();
          if (await form.submit(() => api.post(E.signup, form.values))) state.done = true;
        },
      }, [
        m(FormErrors, { form }),
        m(Field, { form, name: "name", label: "Full name", autocomplete: "name" }),
        m(Field, { form, name: "email", label: "Email", type: "email", autocomplete: "email", required: true }),
        m(Field, { form, name: "password", label: "Password", type: "password", autocomplete: "new-password", required: true, hint: "At least 10 characters; avoid common passwords." }),
        m(Submit, { form }, "Sign up"),
      ]),
    ]);
  },
};

export const PasswordReset = {
  oninit: ({ state }) => {
    state.form = useForm({ email: "" });
    state.sent = false;
  },
  view: ({ state }) => {
    const form = state.form;
    if (state.sent) {
      return m(AuthCard, { title: "Check your email" }, [
        m("p", "If an account exists for that address, we sent a password reset code. It is valid for one hour."),
        m(m.route.Link, { href: "/password-reset/confirm", class: "btn btn-primary" }, "Enter the reset code"),
      ]);
    }
    return m(AuthCard, { title: "Reset your password", intro: "We will email you a code to choose a new password." }, [
      m("form", {
        novalidate: true,
        onsubmit: async (e) => {
          e.preventDefault();
          if (await form.submit(() => api.post(E.passwordReset, form.values))) state.sent = true;
        },
      }, [m(FormErrors, { form }), m(Field, { form, name: "email", label: "Email", type: "email", autocomplete: "email" }), m(Submit, { form }, "Send reset code")]),
    ]);
  },
};

export const PasswordResetConfirm = {
  oninit: ({ state }) => {
    state.form = useForm({ token: queryParam("token") || "", password: "" });
    state.done = false;
  },
  view: ({ state }) => {
    const form = state.form;
    if (state.done) {
      return m(AuthCard, { title: "Password changed" }, [m("p", "You can now sign in with your new password."), m(m.route.Link, { href: "/signin", class: "btn btn-primary" }, "Sign in")]);
    }
    return m(AuthCard, { title: "Choose a new password" }, [
      m("form", {
        novalidate: true,
        onsubmit: async (e) => {
          e.preventDefault();
          if (await form.submit(() => api.post(E.passwordResetConfirm, form.values))) state.done = true;
        },
      }, [
        m(FormErrors, { form }),
        m(Field, { form, name: "token", label: "Reset code", autocomplete: "off" }),
        m(Field, { form, name: "password", label: "New password", type: "password", autocomplete: "new-password" }),
        m(Submit, { form }, "Change password"),
      ]),
    ]);
  },
};

/** Email verification landing: /verify-email?token=... verifies at once; else a form. */
export const VerifyEmail = {
  oninit: ({ state }) => {
    state.form = useForm({ token: queryParam("token") || "" });
    state.done = false;
    state.verify = async () => {
      if (await state.form.submit(() => api.post(E.verifyEmail, state.form.values))) {
        state.done = true;
        session.load(true);
      }
    };
    if (state.form.values.token) state.verify();
  },
  view: ({ state }) => {
    const form = state.form;
    if (state.done) {
      return m(AuthCard, { title: "Email verified" }, [
        m("p.banner.banner-ok", "Thank you, your email address is verified."),
        m(m.route.Link, { href: session.me ? "/" : "/signin", class: "btn btn-primary" }, session.me ? "Browse courses" : "Sign in"),
      ]);
    }
    return m(AuthCard, { title: "Verify your email", intro: "Paste the verification code from the email we sent you." }, [
      m("form", { novalidate: true, onsubmit: (e) => { e.preventDefault(); state.verify(); } }, [
        m(FormErrors, { form }),
        m(Field, { form, name: "token", label: "Verification code", autocomplete: "off" }),
        m(Submit, { form, busyLabel: "Verifying…" }, "Verify email"),
      ]),
    ]);
  },
};
