// The Learning system's student interface: my courses, outline, materials, practice exams,
// results and certificates, as a lazily loaded bundle (see `routes`).
import { Certificates, VerifyCertificate } from "./certificates.js";
import { Material, MyCourses, Outline } from "./courses.js";
import { Exam, Result } from "./exam.js";

const signedIn = (component) => ({ component, access: "user" });

/** Screens by route; `access: "user"` ones send visitors to sign in first. */
export const routes = {
  "/my-courses": signedIn(MyCourses),
  "/learn/:id": signedIn(Outline),
  "/learn/:id/materials/:mid": signedIn(Material),
  "/exam/:id": signedIn(Exam),
  "/exam/:id/result": signedIn(Result),
  "/certificates": signedIn(Certificates),
  "/verify": VerifyCertificate,
  "/verify/:code": VerifyCertificate,
};
