// Certificates list and the public verification page.
import m from "mithril";
import { api } from "../../shared/ui/client.js";
import { badge, formatDate } from "../../shared/ui/format.js";
import { loader, view } from "../../shared/ui/loader.js";
import { PageHeader } from "../../shared/ui/shell.js";
import { E } from "./endpoints.js";

const codeOf = (c) => c.code;

export const Certificates = {
  oninit: ({ state }) => {
    state.list = loader(() => api.get(E.certificates));
  },
  view: ({ state }) =>
    m("div", [
      m(PageHeader, { title: "My certificates" }),
      view(state.list, (items) =>
        m(".grid", { "data-testid": "certificates" }, items.map((c) =>
          m("article.card", { key: c.id || codeOf(c) }, [
            m("h2", c.course_title),
            m("p", ["Awarded to ", m("strong", c.holder_name)]),
            m("p.muted.small", `Issued ${formatDate(c.issued_at)}`),
            c.revoked_at ? badge("revoked", "danger") : null,
            m("p", ["Verification code: ", m("code", codeOf(c))]),
            m(m.route.Link, { href: `/verify/${encodeURIComponent(codeOf(c))}`, class: "btn" }, "Public verification page"),
          ]))),
      { empty: { title: "No certificates yet.", text: "Pass a course's practice exam to earn one." } }),
    ]),
};

export const VerifyCertificate = {
  oninit: ({ attrs, state }) => {
    state.code = attrs.code || "";
    state.result = attrs.code ? loader(() => api.get(E.verifyCertificate(attrs.code))) : null;
  },
  view: ({ state }) =>
    m(".narrow", [
      m("h1", "Certificate verification"),
      m("form.card", {
        onsubmit: (e) => {
          e.preventDefault();
          if (state.code) m.route.set(`/verify/${encodeURIComponent(state.code.trim())}`);
        },
      }, [
        m(".field", [m("label", { for: "cert-code" }, "Certificate code"), m("input#cert-code", { value: state.code, oninput: (e) => (state.code = e.target.value) })]),
        m("button.btn.btn-primary", { type: "submit" }, "Verify"),
      ]),
      state.result
        ? view(state.result, (c) =>
            m("section.card", { "data-testid": "certificate-verified" }, [
              c.valid === false ? m("p.banner.banner-warn", "This certificate is not valid (revoked).") : m("p.banner.banner-ok", "✓ This certificate is valid."),
              m("dl", [
                m("dt", "Awarded to"), m("dd", c.holder || "—"),
                m("dt", "Course"), m("dd", c.course || "—"),
                m("dt", "Issued"), m("dd", formatDate(c.issued_at)),
                m("dt", "Code"), m("dd", m("code", codeOf(c) || state.code)),
              ]),
            ]))
        : null,
    ]),
};
