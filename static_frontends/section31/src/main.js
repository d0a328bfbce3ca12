// Admin panel (section31) entry: routes under /section31 (pathname routing).
import m from "mithril";
import "../../shared/style.css";
import { ErrorView, Loading, NotFound } from "../../shared/ui.js";
import { page } from "./common.js";
import { CourseAnalytics, CourseBuilder, CourseList, CourseQuestions, CourseQuestionSets, CourseTopics, MaterialEditor, CourseSettings, CourseImport } from "./content.js";
import { Dashboard } from "./dashboard.js";
import { Audit, GroupDetail, Groups, PolicyDetail, PolicyNew, Policies, RoleDetail, Roles, Simulator, UserDetail, Users } from "./iam.js";
import { session } from "./session.js";
import { CourseStudents, Students } from "./students.js";
import { Sdk } from "./sdk.js";
import { Systems } from "./systems.js";

const root = document.getElementById("app");

const NoAccess = {
  view: () =>
    m("main.narrow", { id: "main" }, [
      m("h1", "No admin access"),
      m("p", "Your account does not have access to the admin panel. Ask an account owner to grant it."),
      m("a.btn.btn-primary", { href: "/student/" }, "Go to the student panel"),
    ]),
};

const Booting = {
  view: () =>
    session.error
      ? m("main.narrow", { id: "main" }, [m("h1", "TeacherSeat Admin"), m(ErrorView, { error: session.error, retry: () => { session.error = null; session.boot(); } })])
      : m("main.narrow", { id: "main" }, m(Loading, { label: "Loading the admin panel…" })),
};

m.route.prefix = "/section31";
m.mount(root, Booting);
session.boot().then(() => {
  if (!session.ready) return;
  if (!session.me.admin_panel_access) {
    m.mount(root, NoAccess);
    return;
  }
  m.mount(root, null);
  m.route(root, "/", {
    "/": page(Dashboard),
    "/iam/users": page(Users),
    "/iam/users/:id": page(UserDetail),
    "/iam/groups": page(Groups),
    "/iam/groups/:id": page(GroupDetail),
    "/iam/roles": page(Roles),
    "/iam/roles/:id": page(RoleDetail),
    "/iam/policies": page(Policies),
    "/iam/policies/new": page(PolicyNew),
    "/iam/policies/:id": page(PolicyDetail),
    "/iam/simulator": page(Simulator),
    "/iam/audit": page(Audit),
    "/content/courses": page(CourseList),
    "/content/courses/import": page(CourseImport),
    "/content/courses/:id": page(CourseBuilder),
    "/content/courses/:id/settings": page(CourseSettings),
    "/content/courses/:id/materials/:mid": page(MaterialEditor),
    "/content/courses/:id/topics": page(CourseTopics),
    "/content/courses/:id/questions": page(CourseQuestions),
    "/content/courses/:id/question-sets": page(CourseQuestionSets),
    "/content/courses/:id/students": page(CourseStudents),
    "/content/courses/:id/analytics": page(CourseAnalytics),
    "/students": page(Students),
    "/systems": page(Systems),
    "/sdk": page(Sdk),
    "/:rest...": page(NotFound),
  });
});
