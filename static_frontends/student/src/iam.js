// The IAM system's student interface: sign-in, sign-up, password reset, email confirmation and
// account settings, as a lazily loaded bundle (see `routes`).
import { Account } from "./account.js";
import { PasswordReset, PasswordResetConfirm, SignIn, SignUp, VerifyEmail } from "./auth.js";

/** Screens by route; `access` says who may open them ("guest": signed-out visitors only). */
export const routes = {
  "/signin": { component: SignIn, access: "guest" },
  "/signup": { component: SignUp, access: "guest" },
  "/password-reset": PasswordReset,
  "/password-reset/confirm": PasswordResetConfirm,
  "/verify-email": VerifyEmail,
  "/account": { component: Account, access: "user" },
};
