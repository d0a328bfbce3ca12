// Student panel entry: routes under /student (pathname routing).
import m from "mithril";
import "../../shared/style.css";
import { Account } from "./account.js";
import { PasswordReset, PasswordResetConfirm, SignIn, SignUp, VerifyEmail } from "./auth.js";
import { Certificates, VerifyCertificate } from "./certificates.js";
import { Catalogue, CoursePage, Material, MyCourses, Outline } from "./courses.js";
import { Exam, Result } from "./exam.js";
import { page } from "./layout.js";
import { requireUser, session } from "./session.js";
import { safeNext } from "../../shared/api.js";
import { NotFound, queryParam } from "../../shared/ui.js";

function open(component) {
  const wrapped = page(component);
  return {
    onmatch: () => session.load().then(() => wrapped, () => wrapped),
  };
}
function guarded(component) {
  const wrapped = page(component);
  const guard = requireUser(wrapped);
  return guard;
}

/** Pages for guests only: a signed-in user goes to the catalogue (or ?next). */
function guestOnly(component) {
  const wrapped = page(component);
  return {
    onmatch: async () => {
      const me = await session.load().catch(() => null);
      if (me) {
        const next = safeNext(queryParam("next"), "/student/");
        if (next.startsWith("/student/") || next === "/student") m.route.set(next.slice("/student".length) || "/", null, { replace: true });
        else window.location.replace(next);
        return new Promise(() => {});
      }
      return wrapped;
    },
  };
}

m.route.prefix = "/student";
m.route(document.getElementById("app"), "/", {
  "/": open(Catalogue),
  "/signin": guestOnly(SignIn),
  "/signup": guestOnly(SignUp),
  "/password-reset": open(PasswordReset),
  "/password-reset/confirm": open(PasswordResetConfirm),
  "/verify-email": open(VerifyEmail),
  "/verify": open(VerifyCertificate),
  "/verify/:code": open(VerifyCertificate),
  "/courses/:id": open(CoursePage),
  "/my-courses": guarded(MyCourses),
  "/learn/:id": guarded(Outline),
  "/learn/:id/materials/:mid": guarded(Material),
  "/exam/:id": guarded(Exam),
  "/exam/:id/result": guarded(Result),
  "/certificates": guarded(Certificates),
  "/account": guarded(Account),
  "/:rest...": open(NotFound),
});
