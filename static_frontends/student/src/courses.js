// My courses, course outline (continue where I left off), material viewer.
import m from "mithril";
import { api } from "../../shared/ui/client.js";
import { badge, formatDate, percent, Progress } from "../../shared/ui/format.js";
import { Pagination } from "../../shared/ui/lists.js";
import { loader, view } from "../../shared/ui/loader.js";
import { notify } from "../../shared/ui/notices.js";
import { PageHeader } from "../../shared/ui/shell.js";
import { Empty, ErrorView } from "../../shared/ui/states.js";
import { E } from "./endpoints.js";

export const MyCourses = {
  oninit: ({ state }) => {
    state.query = { page: 1, per_page: 24 };
    state.list = loader(() => api.get(E.myCourses, { query: state.query }));
  },
  view: ({ state }) =>
    m("div", [
      m(PageHeader, { title: "My courses" }),
      view(state.list, (items) => [
        m(".grid", { "data-testid": "my-courses" }, items.map((e) =>
          m("article.card.course-card", { key: e.course_id }, [
            m("h2", m(m.route.Link, { href: `/learn/${e.course_id}` }, e.title)),
            m(Progress, { value: e.percent, label: `Progress in ${e.title}` }),
            m("p.muted.small", `${e.completed} of ${e.required} required materials completed`),
            !e.current ? badge(e.status === "active" ? "expired" : e.status, "warn") : null,
            e.completed_at ? badge("Completed", "ok") : null,
            e.current ? m(m.route.Link, { href: `/learn/${e.course_id}`, class: "btn" }, Number(e.completed) > 0 ? "Continue" : "Start") : null,
          ]))),
        m(Pagination, { pagination: state.list.pagination, onpage: (p) => { state.query.page = p; state.list.reload(); } }),
      ],
      { empty: { title: "You are not enrolled in any course yet.", action: m(m.route.Link, { href: "/", class: "btn btn-primary" }, "Browse the catalogue") } }),
    ]),
};

function materialDone(mat) {
  return !!(mat.completed || mat.completed_at || (mat.progress && mat.progress.completed));
}
/** The material to continue with: the API's pointer, else the first incomplete one. */
export function continueTarget(outline) {
  // after the last material I completed (by time), the first one not done yet; else the first
  const flat = [];
  for (const ch of outline.chapters || []) for (const mat of ch.materials || []) flat.push(mat);
  let last = -1;
  let lastAt = "";
  flat.forEach((mat, i) => {
    if (mat.completed_at && mat.completed_at > lastAt) {
      lastAt = mat.completed_at;
      last = i;
    }
  });
  for (let i = last + 1; i < flat.length; i++) if (!materialDone(flat[i])) return flat[i].id;
  for (const ch of outline.chapters || []) for (const mat of ch.materials || []) if (!materialDone(mat)) return mat.id;
  return null;
}

export const Outline = {
  oninit: ({ attrs, state }) => {
    state.outline = loader(() => api.get(E.outline(attrs.id)));
  },
  view: ({ attrs, state }) =>
    view(state.outline, (o) => {
      const next = continueTarget(o);
      const total = (o.chapters || []).reduce((n, ch) => n + (ch.materials || []).length, 0);
      const done = (o.chapters || []).reduce((n, ch) => n + (ch.materials || []).filter(materialDone).length, 0);
      const pct = o.progress ? o.progress.percent : total ? (100 * done) / total : 0;
      if (o.enrollment && !o.enrollment.current) {
        return m("div", [m(PageHeader, { title: o.title }), m("p.banner.banner-warn", "Your access to this course has ended."), m(m.route.Link, { href: `/courses/${attrs.id}`, class: "btn" }, "Course page")]);
      }
      if (!o.enrollment) {
        return m("div", [m(PageHeader, { title: o.title }), m("p", "You are not enrolled in this course yet."), m(m.route.Link, { href: `/courses/${attrs.id}`, class: "btn btn-primary" }, "Enroll")]);
      }
      return m("div", [
        m(PageHeader, { title: o.title, crumbs: m(m.route.Link, { href: "/my-courses" }, "My courses") },
          next ? m(m.route.Link, { href: `/learn/${attrs.id}/materials/${next}`, class: "btn btn-primary", "data-testid": "continue" }, done ? "Continue where I left off" : "Start the course") : badge("Completed", "ok")),
        m(Progress, { value: pct, label: "Course progress" }),
        m("p.muted.small", `${done} of ${total} materials completed`),
        o.certificate ? m("p.banner.banner-ok", ["You earned a certificate for this course. ", m(m.route.Link, { href: "/certificates" }, "View certificates")]) : null,
        m("ol.outline", (o.chapters || []).map((ch) =>
          m("li", { key: ch.id }, [
            m("h2", ch.title),
            m("ol", (ch.materials || []).map((mat) =>
              m("li", { key: mat.id }, [
                m("span.check", { "aria-label": materialDone(mat) ? "completed" : "not completed" }, materialDone(mat) ? "✓" : "○"),
                m(m.route.Link, { href: `/learn/${attrs.id}/materials/${mat.id}` }, mat.title),
                " ", badge(mat.kind),
                mat.id === next ? badge("next", "info") : null,
              ]))),
          ]))),
      ]);
    }),
};

/** Provider URL -> embeddable URL (only known providers are framed). */
export function embedUrl(mat) {
  const video = mat.video || {};
  const url = video.url || "";
  const ref = video.ref || "";
  const provider = (video.provider || "").toLowerCase();
  if (provider === "youtube" && ref) return `https://www.youtube-nocookie.com/embed/${encodeURIComponent(ref)}`;
  if (provider === "vimeo" && ref) return `https://player.vimeo.com/video/${encodeURIComponent(ref)}`;
  if (provider === "wistia" && ref) return `https://fast.wistia.net/embed/iframe/${encodeURIComponent(ref)}`;
  let m1 = /youtube\.com\/watch\?v=([\w-]+)/.exec(url) || /youtu\.be\/([\w-]+)/.exec(url);
  if (m1) return `https://www.youtube-nocookie.com/embed/${m1[1]}`;
  m1 = /vimeo\.com\/(\d+)/.exec(url);
  if (m1) return `https://player.vimeo.com/video/${m1[1]}`;
  return url.startsWith("https://") ? url : null;
}

const MaterialBody = {
  view: ({ attrs }) => {
    const mat = attrs.material;
    switch (mat.kind) {
      case "video": {
        const src = embedUrl(mat);
        return src
          ? /\.(mp4|webm|ogg)(\?|$)/.test(src)
            ? m(".video", m("video", {
                src, controls: true, title: mat.title, preload: "metadata",
                // resume where they stopped; report the position every 15 s of playback
                onloadedmetadata: (e) => {
                  const at = (mat.progress && mat.progress.position_seconds) || 0;
                  if (at > 0 && at < e.target.duration - 5) e.target.currentTime = at;
                },
                ontimeupdate: (e) => {
                  e.redraw = false;
                  const now = Math.floor(e.target.currentTime);
                  if (Math.abs(now - (mat.lastSavedPosition || 0)) >= 15) {
                    mat.lastSavedPosition = now;
                    api.put(E.materialPosition(mat.id), { position_seconds: now }).catch(() => {});
                  }
                },
              }))
            : m(".video", m("iframe", { src, title: mat.title, allow: "fullscreen; picture-in-picture; encrypted-media", allowfullscreen: true, loading: "lazy", referrerpolicy: "strict-origin-when-cross-origin" }))
          : m(Empty, { title: "This video is not available." });
      }
      case "article":
        // body_html is sanitised server-side
        return m(".material-body", { "data-testid": "article" }, m.trust(mat.body_html || ""));
      case "file": {
        const file = mat.file;
        if (!file) return m(Empty, { title: "The file is not available yet." });
        return m(".card", [
          m("p", ["File: ", m("strong", file.name || mat.title), file.size ? m("span.muted", ` (${Math.ceil(file.size / 1024)} KB)`) : null]),
          m("a.btn.btn-primary", { href: file.download_url, download: file.name || true }, "Download"),
        ]);
      }
      case "quiz":
        return m(QuizIntro, { material: mat, courseId: attrs.courseId });
      default:
        return m("p", "Unsupported material.");
    }
  },
};

const QuizIntro = {
  oninit: ({ attrs, state }) => {
    state.error = null;
    state.busy = false;
    const quiz = attrs.material.quiz;
    state.attempts = quiz ? loader(() => api.get(E.setAttempts(quiz.id))) : null;
  },
  view: ({ attrs, state }) => {
    const quiz = attrs.material.quiz;
    if (!quiz) return m(Empty, { title: "This quiz has no questions yet." });
    const start = async () => {
      state.busy = true;
      state.error = null;
      try {
        const r = await api.post(E.setAttempts(quiz.id), {});
        m.route.set(`/exam/${r.data.id}`);
      } catch (err) {
        state.error = err;
      } finally {
        state.busy = false;
      }
    };
    const attempts = (state.attempts && state.attempts.data) || [];
    const open = attempts.find((a) => a.status === "open");
    const left = quiz.attempts_allowed ? quiz.attempts_allowed - quiz.attempts_used : null;
    return m(".card", [
      m("h2", quiz.title || "Practice exam"),
      m("ul", [
        quiz.time_limit_seconds ? m("li", `Time limit: ${Math.round(quiz.time_limit_seconds / 60)} minutes`) : m("li", "No time limit"),
        quiz.pass_mark != null ? m("li", `Pass mark: ${quiz.pass_mark}%`) : null,
        left !== null ? m("li", `Attempts left: ${Math.max(0, left)}`) : null,
        quiz.best_score != null ? m("li", `Best score so far: ${percent(quiz.best_score)}`) : null,
      ]),
      state.error ? m(ErrorView, { error: state.error, retry: start }) : null,
      open
        ? m(m.route.Link, { href: `/exam/${open.id}`, class: "btn btn-primary", "data-testid": "resume-exam" }, "Resume the exam")
        : m("button.btn.btn-primary", { type: "button", onclick: start, disabled: state.busy || left === 0, "data-testid": "start-exam" }, state.busy ? "Starting…" : "Start the practice exam"),
      attempts.filter((a) => a.status !== "open").length
        ? [m("h3", "Previous attempts"), m("ul", attempts.filter((a) => a.status !== "open").map((a) =>
            m("li", { key: a.id }, [m(m.route.Link, { href: `/exam/${a.id}/result` }, `${formatDate(a.submitted_at)}: ${percent(a.score_percent)}`), " ", a.passed ? badge("passed", "ok") : badge("not passed", "danger")])))]
        : null,
    ]);
  },
};

export const Material = {
  oninit: ({ attrs, state }) => {
    state.key = `${attrs.id}/${attrs.mid}`;
    state.material = loader(() => api.get(E.material(attrs.mid)));
    state.outline = loader(() => api.get(E.outline(attrs.id)).catch(() => ({ data: { chapters: [] } })));
    state.completing = false;
    state.error = null;
  },
  onbeforeupdate: ({ attrs, state }) => {
    if (state.key !== `${attrs.id}/${attrs.mid}`) {
      state.key = `${attrs.id}/${attrs.mid}`;
      state.material.data = null;
      state.material.reload();
      state.outline.reload();
    }
  },
  view: ({ attrs, state }) =>
    view(state.material, (mat) => {
      const flat = [];
      for (const ch of (state.outline.data && state.outline.data.chapters) || []) for (const x of ch.materials || []) flat.push(x);
      const i = flat.findIndex((x) => String(x.id) === String(attrs.mid));
      const prev = i > 0 ? flat[i - 1] : null;
      const next = i >= 0 && i < flat.length - 1 ? flat[i + 1] : null;
      const done = materialDone(mat) || (i >= 0 && materialDone(flat[i]));
      const complete = async () => {
        state.completing = true;
        state.error = null;
        try {
          await api.post(E.materialComplete(attrs.mid), {});
          mat.progress = { ...(mat.progress || {}), completed: true };
          notify("Marked as complete.");
          await state.outline.reload();
        } catch (err) {
          state.error = err;
        } finally {
          state.completing = false;
        }
      };
      return m("div", [
        m(PageHeader, { title: mat.title, crumbs: m(m.route.Link, { href: `/learn/${attrs.id}` }, "Course outline") }),
        m(MaterialBody, { material: mat, courseId: attrs.id }),
        state.error ? m(ErrorView, { error: state.error, retry: complete }) : null,
        m(".row", { style: "margin-top:1rem" }, [
          mat.kind !== "quiz"
            ? done
              ? m("span.badge.badge-ok", { "data-testid": "completed" }, "✓ Completed")
              : m("button.btn.btn-primary", { type: "button", onclick: complete, disabled: state.completing, "data-testid": "mark-complete" }, state.completing ? "Saving…" : "Mark as complete")
            : null,
          m(".spacer"),
          prev ? m(m.route.Link, { href: `/learn/${attrs.id}/materials/${prev.id}`, class: "btn" }, "‹ Previous") : null,
          next ? m(m.route.Link, { href: `/learn/${attrs.id}/materials/${next.id}`, class: "btn" }, "Next ›") : null,
        ]),
      ]);
    }),
};
