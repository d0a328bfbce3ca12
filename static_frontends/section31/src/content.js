// Content screens: courses, course builder (chapters/materials with drag and keyboard reorder),
// material editors, topics, question bank, question sets, import/export, analytics.
// The Content system's admin interface: a lazily loaded bundle (see `routes`).
import m from "mithril";
import { createDocumentField } from "../../shared/forms.js";
import { act } from "../../shared/ui/actions.js";
import { api } from "../../shared/ui/client.js";
import { badge, formatDate, percent } from "../../shared/ui/format.js";
import { Field, FormErrors, Submit, useForm } from "../../shared/ui/forms.js";
import { loader, view } from "../../shared/ui/loader.js";
import { notify } from "../../shared/ui/notices.js";
import { PageHeader } from "../../shared/ui/shell.js";
import { Empty } from "../../shared/ui/states.js";
import { DocumentEditor, EditorForm } from "./lib/editor.js";
import { ListTable, listState } from "./lib/lists.js";
import { courseTabs } from "./lib/tabs.js";
import { E } from "./endpoints.js";
import { session } from "./session.js";

const CONTENT = "teacherseat:admin:content";
const statusBadge = (s) => badge(s, s === "published" ? "ok" : s === "archived" ? "warn" : "");
const KINDS = [
  { value: "article", label: "Article" },
  { value: "video", label: "Video" },
  { value: "file", label: "File" },
  { value: "quiz", label: "Quiz / practice exam" },
];

function slugify(text) {
  return text.toLowerCase().normalize("NFKD").replace(/[^\w\s-]/g, "").trim().replace(/[\s_]+/g, "-").replace(/-+/g, "-").slice(0, 100);
}

function downloadJson(name, data) {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ---------------- course list ----------------

const CourseCreate = {
  oninit: ({ state }) => {
    state.form = useForm({ title: "", slug: "", summary: "" });
    state.slugEdited = false;
  },
  view: ({ attrs, state }) => {
    const form = state.form;
    return m(EditorForm, {
      form, title: "New course", submitLabel: "Create course", oncancel: attrs.oncancel,
      save: (values) => api.post(E.courses, values),
      done: "Course created.",
      onsaved: (r) => m.route.set(`/content/courses/${r.data.id}`),
    }, [
      m(Field, { form, name: "title", label: "Title", oninput: (e) => { form.set("title", e.target.value); if (!state.slugEdited) form.set("slug", slugify(e.target.value)); } }),
      m(Field, { form, name: "slug", label: "Slug (URL name)", oninput: (e) => { state.slugEdited = true; form.set("slug", e.target.value); } }),
      m(Field, { form, name: "summary", label: "Summary", type: "textarea", rows: 2 }),
    ]);
  },
};

export const CourseList = {
  oninit: ({ state }) => {
    state.s = listState(E.courses, { sort: "title", filters: { status: "" } });
    state.creating = false;
  },
  view: ({ state }) =>
    m("div", [
      m(PageHeader, { title: "Courses" }, [
        session.can(`${CONTENT}:courses:import`) ? m(m.route.Link, { href: "/content/courses/import", class: "btn" }, "Import") : null,
        session.can(`${CONTENT}:courses:create`) ? m("button.btn.btn-primary", { type: "button", onclick: () => (state.creating = true), "data-testid": "new-course" }, "New course") : null,
      ]),
      state.creating ? m(CourseCreate, { oncancel: () => (state.creating = false) }) : null,
      m(ListTable, {
        state: state.s, searchLabel: "Search courses",
        toolbar: [
          m("label.visually-hidden", { for: "course-status" }, "Status"),
          m("select.inline#course-status", { style: "max-width:180px", value: state.s.query.status, onchange: (e) => state.s.set({ status: e.target.value }) },
            [["", "All statuses"], ["draft", "Draft"], ["published", "Published"], ["archived", "Archived"]].map(([v, l]) => m("option", { value: v }, l))),
        ],
        empty: { title: "No courses yet.", text: "Create your first course or import one." },
        columns: [
          { label: "Title", sort: "title", render: (c) => [m(m.route.Link, { href: `/content/courses/${c.id}` }, c.title), m("div.muted.small", c.slug)] },
          { label: "Status", sort: "status", render: (c) => statusBadge(c.status) },
          { label: "Content", render: (c) => `${c.chapter_count ?? 0} chapters · ${c.material_count ?? 0} materials` },
          { label: "Updated", sort: "updated_at", render: (c) => formatDate(c.updated_at) },
          {
            label: "Actions",
            render: (c) => m(".row", [
              m("button.btn.btn-small", { type: "button", ...session.guard(`${CONTENT}:courses:duplicate`), onclick: async () => { const r = await act(() => api.post(E.courseDuplicate(c.id), {}), { done: "Course duplicated." }); if (r) m.route.set(`/content/courses/${r.data.id}`); } }, "Duplicate"),
              m("button.btn.btn-small.btn-danger", {
                type: "button", "data-testid": `delete-course-${c.id}`, "aria-label": `Delete ${c.title}`, ...session.guard(`${CONTENT}:courses:delete`),
                onclick: () => act(() => api.del(E.course(c.id)), { confirm: `Delete the course "${c.title}" and all its content? This cannot be undone.`, confirmLabel: "Delete course", done: "Course deleted." }).then(() => state.s.list.reload()),
              }, "Delete"),
            ]),
          },
        ],
      }),
    ]),
};

// ---------------- course builder ----------------

/** Reorderable list: drag and drop, plus move up/down buttons for keyboard users. */
function reorderControls({ index, count, label, onmove }) {
  return m(".row", { style: "gap:.25rem" }, [
    m("button.btn.btn-small", { type: "button", disabled: index === 0, "aria-label": `Move ${label} up`, onclick: () => onmove(index - 1) }, "↑"),
    m("button.btn.btn-small", { type: "button", disabled: index === count - 1, "aria-label": `Move ${label} down`, onclick: () => onmove(index + 1) }, "↓"),
  ]);
}

function dragProps(state, item, kind, onDrop) {
  return {
    draggable: true,
    class: [state.dragging && state.dragging.id === item.id && state.dragging.kind === kind ? "dragging" : "", state.over === `${kind}-${item.id}` ? "drop-target" : ""].join(" "),
    ondragstart: (e) => {
      e.stopPropagation();
      state.dragging = { kind, id: item.id };
      e.dataTransfer.effectAllowed = "move";
      e.dataTransfer.setData("text/plain", `${kind}:${item.id}`);
    },
    ondragover: (e) => {
      if (!state.dragging || state.dragging.kind !== kind) return;
      e.preventDefault();
      e.stopPropagation();
      state.over = `${kind}-${item.id}`;
    },
    ondragleave: () => {
      if (state.over === `${kind}-${item.id}`) state.over = null;
    },
    ondrop: (e) => {
      if (!state.dragging || state.dragging.kind !== kind) return;
      e.preventDefault();
      e.stopPropagation();
      const from = state.dragging.id;
      state.dragging = null;
      state.over = null;
      if (from !== item.id) onDrop(from, item);
    },
    ondragend: () => {
      state.dragging = null;
      state.over = null;
    },
  };
}

/** Add a material: kind-specific fields are needed up front (an article needs its body…). */
const AddMaterial = {
  oninit: ({ state }) => {
    state.form = useForm({ kind: "article", title: "", body: "", video_url: "", question_set_id: "" });
  },
  view: ({ attrs, state }) => {
    const form = state.form;
    const v = form.values;
    const cid = attrs.chapter.id;
    const sets = attrs.questionSets || [];
    return m("details.add-material", { open: state.open, ontoggle: (e) => (state.open = e.target.open) }, m("summary.btn.btn-small", "+ Add a material"), m("form", {
      style: "margin-top:.75rem",
      novalidate: true,
      onsubmit: async (e) => {
        e.preventDefault();
        const body = { kind: v.kind, title: v.title };
        if (v.kind === "article") body.body = v.body;
        if (v.kind === "video") body.video_url = v.video_url;
        if (v.kind === "quiz") body.question_set_id = v.question_set_id === "" ? null : Number(v.question_set_id);
        const r = await form.submit(() => api.post(E.materials(attrs.courseId, cid), body));
        if (r) {
          form.values = { kind: v.kind, title: "", body: "", video_url: "", question_set_id: "" };
          notify("Material added.");
          attrs.onadded(r.data);
        }
      },
    }, [
      m(FormErrors, { form }),
      m(".row", { style: "align-items:flex-start" }, [
        m(Field, { form, name: "kind", label: "Kind", type: "select", options: KINDS, id: `f-kind-${cid}` }),
        m("div", { style: "flex:1;min-width:200px" }, m(Field, { form, name: "title", label: "New material title", id: `f-title-${cid}` })),
      ]),
      v.kind === "article" ? m(Field, { form, name: "body", label: "Article (Markdown)", type: "textarea", rows: 4, id: `f-body-${cid}` }) : null,
      v.kind === "video" ? m(Field, { form, name: "video_url", label: "Video URL", hint: "A YouTube, Vimeo or Wistia link, or an https video file.", id: `f-video-${cid}` }) : null,
      v.kind === "quiz"
        ? sets.length
          ? m(Field, { form, name: "question_set_id", label: "Question set", type: "select", id: `f-qs-${cid}`, options: [{ value: "", label: "Choose…" }, ...sets.map((x) => ({ value: x.id, label: x.title }))] })
          : m("p.banner.banner-warn", ["Create a question set first: ", m(m.route.Link, { href: `/content/courses/${attrs.courseId}/question-sets` }, "Question sets")])
        : null,
      v.kind === "file" ? m("p.muted.small", "Upload the file on the material's page after adding it.") : null,
      m(Submit, { form }, "Add material"),
    ]));
  },
};

export const CourseBuilder = {
  oninit: ({ attrs, state }) => {
    state.course = loader(() => api.get(E.course(attrs.id)));
    state.chapterForm = useForm({ title: "" });
    state.renaming = null;
  },
  view: ({ attrs, state }) =>
    view(state.course, (c) => {
      const reload = () => state.course.reload();
      const chapters = c.chapters || [];
      const moveChapter = (ch, to) => act(() => api.post(E.chapterMove(c.id, ch.id), { position: to + 1 })).then(reload);
      const moveMaterial = (mat, to, chapterId) => act(() => api.post(E.materialMove(c.id, mat.id), { position: to + 1, ...(chapterId ? { chapter_id: chapterId } : {}) })).then(reload);
      const form = state.chapterForm;
      return m("div", [
        m(PageHeader, { title: c.title, crumbs: m(m.route.Link, { href: "/content/courses" }, "Courses") }, [
          statusBadge(c.status),
          c.status === "published"
            ? m("button.btn", { type: "button", ...session.guard(`${CONTENT}:courses:publish`), onclick: () => act(() => api.post(E.courseUnpublish(c.id), {}), { confirm: "Unpublish? Students can no longer open it.", confirmLabel: "Unpublish", done: "Course unpublished." }).then(reload) }, "Unpublish")
            : m("button.btn.btn-primary", { type: "button", "data-testid": "publish", ...session.guard(`${CONTENT}:courses:publish`), onclick: () => act(() => api.post(E.coursePublish(c.id), {}), { done: "Course published." }).then(reload) }, "Publish"),
          c.status !== "archived" ? m("button.btn", { type: "button", ...session.guard(`${CONTENT}:courses:publish`), onclick: () => act(() => api.post(E.courseArchive(c.id), {}), { confirm: "Archive this course?", confirmLabel: "Archive", done: "Course archived." }).then(reload) }, "Archive") : null,
          m("button.btn", { type: "button", ...session.guard(`${CONTENT}:courses:export`), onclick: async () => { const r = await act(() => api.get(E.courseExport(c.id))); if (r) downloadJson(`${c.slug}.json`, r.data); } }, "Export"),
          m("button.btn.btn-danger", { type: "button", "data-testid": "delete-course", ...session.guard(`${CONTENT}:courses:delete`), onclick: async () => { if (await act(() => api.del(E.course(c.id)), { confirm: `Delete "${c.title}" and all its content? This cannot be undone.`, confirmLabel: "Delete course", done: "Course deleted." }) !== undefined) m.route.set("/content/courses"); } }, "Delete"),
        ]),
        courseTabs(c.id),
        m("p.muted.small", "Reorder chapters and materials by dragging them, or with the ↑ ↓ buttons (keyboard friendly)."),
        chapters.length ? null : m(Empty, { title: "No chapters yet.", text: "Add the first chapter below." }),
        m("ol.outline", chapters.map((ch, ci) =>
          m("li", { key: ch.id, ...dragProps(state, ch, "chapter", (fromId) => {
            const from = chapters.find((x) => x.id === fromId);
            moveChapter(from, ci);
          }) }, [
            m(".card", [
              m(".row", [
                m("span.drag-handle", { "aria-hidden": "true", title: "Drag to reorder" }, "⋮⋮"),
                state.renaming === ch.id
                  ? m("form.row", {
                      onsubmit: (e) => {
                        e.preventDefault();
                        const title = e.target.querySelector("input").value;
                        state.renaming = null;
                        act(() => api.patch(E.chapter(c.id, ch.id), { title }), { done: "Chapter renamed." }).then(reload);
                      },
                    }, [m("label.visually-hidden", { for: `rename-${ch.id}` }, "Chapter title"), m("input.inline", { id: `rename-${ch.id}`, value: ch.title, oncreate: (v) => v.dom.focus() }), m("button.btn.btn-small", { type: "submit" }, "Save")])
                  : m("h2", { style: "margin:0;flex:1" }, `${ci + 1}. ${ch.title}`),
                reorderControls({ index: ci, count: chapters.length, label: `chapter ${ch.title}`, onmove: (to) => moveChapter(ch, to) }),
                m("button.btn.btn-small", { type: "button", onclick: () => (state.renaming = ch.id) }, "Rename"),
                m("button.btn.btn-small.btn-danger", { type: "button", ...session.guard(`${CONTENT}:chapters:delete`), onclick: () => act(() => api.del(E.chapter(c.id, ch.id)), { confirm: `Delete chapter "${ch.title}" and its materials?`, confirmLabel: "Delete chapter", done: "Chapter deleted." }).then(reload) }, "Delete"),
              ]),
              (ch.materials || []).length
                ? m("ol", (ch.materials || []).map((mat, mi) =>
                    m("li", { key: mat.id, ...dragProps(state, mat, "material", (fromId) => {
                      let from = null;
                      for (const x of chapters) for (const y of x.materials || []) if (y.id === fromId) from = y;
                      moveMaterial(from, mi, from.chapter_id !== ch.id ? ch.id : null);
                    }) }, [
                      m("span.drag-handle", { "aria-hidden": "true" }, "⋮⋮"),
                      badge(mat.kind),
                      m(m.route.Link, { href: `/content/courses/${c.id}/materials/${mat.id}`, style: "flex:1" }, mat.title),
                      mat.required ? null : badge("optional"),
                      reorderControls({ index: mi, count: ch.materials.length, label: `material ${mat.title}`, onmove: (to) => moveMaterial(mat, to) }),
                      ci < chapters.length - 1 ? m("button.btn.btn-small", { type: "button", "aria-label": `Move ${mat.title} to the next chapter`, onclick: () => moveMaterial(mat, 0, chapters[ci + 1].id) }, "→ Next chapter") : null,
                      m("button.btn.btn-small.btn-danger", { type: "button", "aria-label": `Delete ${mat.title}`, ...session.guard(`${CONTENT}:materials:delete`), onclick: () => act(() => api.del(E.material(c.id, mat.id)), { confirm: `Delete material "${mat.title}"?`, confirmLabel: "Delete", done: "Material deleted." }).then(reload) }, "✕"),
                    ])))
                : m("p.muted.small", "No materials in this chapter yet."),
              m(AddMaterial, { courseId: c.id, chapter: ch, questionSets: c.question_sets, onadded: (mat) => (mat.kind === "file" ? m.route.set(`/content/courses/${c.id}/materials/${mat.id}`) : reload()) }),
            ]),
          ]))),
        m(EditorForm, {
          form, inline: true, submitLabel: "Add chapter",
          save: (values) => api.post(E.chapters(c.id), values),
          done: "Chapter added.",
          onsaved: () => {
            form.values.title = "";
            reload();
          },
        }, m(Field, { form, name: "title", label: "New chapter title", id: "f-chapter-title" })),
      ]);
    }),
};

// ---------------- course settings ----------------

export const CourseSettings = {
  oninit: ({ attrs, state }) => {
    state.course = loader(async () => {
      const r = await api.get(E.course(attrs.id));
      const c = r.data;
      state.form = useForm({ title: c.title, slug: c.slug, summary: c.summary || "", description: c.description || "", tags: (c.tags || []).join(", "), estimated_minutes: c.estimated_minutes ?? "" });
      return r;
    });
  },
  view: ({ state }) =>
    view(state.course, (c) => {
      const form = state.form;
      return m("div", [
        m(PageHeader, { title: c.title, crumbs: m(m.route.Link, { href: "/content/courses" }, "Courses") }, statusBadge(c.status)),
        courseTabs(c.id),
        m(EditorForm, {
          form,
          save: (v) => api.patch(E.course(c.id), { ...v, tags: v.tags.split(",").map((t) => t.trim()).filter(Boolean), estimated_minutes: v.estimated_minutes === "" ? null : Number(v.estimated_minutes) }),
          done: "Course saved.",
          onsaved: () => state.course.reload(),
        }, [
          m(Field, { form, name: "title", label: "Title" }),
          m(Field, { form, name: "slug", label: "Slug" }),
          m(Field, { form, name: "summary", label: "Summary", type: "textarea", rows: 2 }),
          m(Field, { form, name: "description", label: "Description (Markdown)", type: "textarea", rows: 8 }),
          m(Field, { form, name: "tags", label: "Tags", hint: "Comma separated." }),
          m(Field, { form, name: "estimated_minutes", label: "Estimated minutes", type: "number", min: 0 }),
        ]),
      ]);
    }),
};

// ---------------- material editor ----------------

export const MaterialEditor = {
  oninit: ({ attrs, state }) => {
    state.material = loader(async () => {
      const [mat, sets] = await Promise.all([api.get(E.material(attrs.id, attrs.mid)), api.get(E.questionSets(attrs.id)).catch(() => ({ data: [] }))]);
      const d = mat.data;
      state.sets = sets.data || [];
      state.form = useForm({
        title: d.title, required: d.required, video_provider: d.video_provider || "", video_ref: d.video_ref || "", video_url: d.video_url || "",
        duration_seconds: d.duration_seconds ?? "", body: d.body || "", question_set_id: d.question_set_id ?? "",
      });
      return mat;
    });
    state.upload = { busy: false, error: null };
  },
  view: ({ attrs, state }) =>
    view(state.material, (d) => {
      const form = state.form;
      const fields = [m(Field, { form, name: "title", label: "Title" }), m(Field, { form, name: "required", label: "Required for completion", type: "checkbox" })];
      if (d.kind === "video") {
        fields.push(
          m(Field, { form, name: "video_url", label: "Video URL", hint: "A YouTube, Vimeo or Wistia link, or an https URL of a video file." }),
          m(Field, { form, name: "video_provider", label: "Provider (optional)", type: "select", options: [{ value: "", label: "Detect from URL" }, "youtube", "vimeo", "wistia"] }),
          m(Field, { form, name: "video_ref", label: "Provider video id (optional)" }),
          m(Field, { form, name: "duration_seconds", label: "Duration (seconds)", type: "number", min: 0 }),
        );
      } else if (d.kind === "article") {
        fields.push(m(Field, { form, name: "body", label: "Article (Markdown)", type: "textarea", rows: 16, hint: "Rendered and sanitised by the server." }));
      } else if (d.kind === "quiz") {
        fields.push(
          state.sets.length
            ? m(Field, { form, name: "question_set_id", label: "Question set", type: "select", options: [{ value: "", label: "Choose a question set…" }, ...state.sets.map((s) => ({ value: s.id, label: s.title }))] })
            : m("p.banner.banner-warn", ["No question sets yet. ", m(m.route.Link, { href: `/content/courses/${attrs.id}/question-sets` }, "Create one"), " first."]),
        );
      }
      return m("div", [
        m(PageHeader, { title: d.title, crumbs: m(m.route.Link, { href: `/content/courses/${attrs.id}` }, "Course builder") }, badge(d.kind)),
        m(EditorForm, {
          form, submitLabel: "Save material",
          save: (v) => {
            const body = { title: v.title, required: !!v.required };
            if (d.kind === "video") Object.assign(body, { video_url: v.video_url, video_provider: v.video_provider, video_ref: v.video_ref, duration_seconds: v.duration_seconds === "" ? null : Number(v.duration_seconds) });
            if (d.kind === "article") body.body = v.body;
            if (d.kind === "quiz") body.question_set_id = v.question_set_id === "" ? null : Number(v.question_set_id);
            return api.patch(E.material(attrs.id, d.id), body);
          },
          done: "Material saved.",
          onsaved: () => state.material.reload(),
        }, fields),
        d.kind === "article" && d.body_html ? m("section", [m("h2", "Preview"), m(".material-body", m.trust(d.body_html))]) : null,
        d.kind === "file"
          ? m("section.card", [
              m("h2", "File"),
              d.file_name ? m("p", [m("strong", d.file_name), d.file_size ? ` (${Math.ceil(d.file_size / 1024)} KB)` : ""]) : m("p.muted", "No file uploaded yet."),
              m("form", {
                onsubmit: async (e) => {
                  e.preventDefault();
                  const input = e.target.querySelector("input[type=file]");
                  if (!input.files.length) return;
                  const body = new FormData();
                  body.append("file", input.files[0]);
                  state.upload.busy = true;
                  const r = await act(() => api.post(E.materialFile(attrs.id, d.id), body), { done: "File uploaded." });
                  state.upload.busy = false;
                  if (r) state.material.reload();
                },
              }, [m(".field", [m("label", { for: "file-upload" }, "Upload a file"), m("input#file-upload", { type: "file" })]), m("button.btn.btn-primary", { type: "submit", disabled: state.upload.busy }, state.upload.busy ? "Uploading…" : "Upload")]),
            ])
          : null,
      ]);
    }),
};

// ---------------- topics ----------------

export const CourseTopics = {
  oninit: ({ attrs, state }) => {
    state.topics = loader(() => api.get(E.topics(attrs.id)));
    state.form = useForm({ name: "", weight: 1 });
    state.editing = null;
  },
  view: ({ attrs, state }) => {
    const form = state.form;
    const reload = () => state.topics.reload();
    return m("div", [
      m(PageHeader, { title: "Topics", crumbs: m(m.route.Link, { href: `/content/courses/${attrs.id}` }, "Course builder") }),
      courseTabs(attrs.id),
      m("p.muted", "Topics group questions; results and analytics are broken down per topic. The weight steers how many questions a pool draws from each topic."),
      view(state.topics, (topics) =>
        m(".table-wrap", m("table", [
          m("thead", m("tr", ["Name", "Weight", ""].map((h) => m("th", { scope: "col" }, h)))),
          m("tbody", topics.map((t) => m("tr", { key: t.id },
            state.editing === t.id
              ? [
                  m("td", [m("label.visually-hidden", { for: `tn-${t.id}` }, "Name"), m("input.inline", { id: `tn-${t.id}`, value: t.name, oninput: (e) => (t.name = e.target.value) })]),
                  m("td", [m("label.visually-hidden", { for: `tw-${t.id}` }, "Weight"), m("input.inline", { id: `tw-${t.id}`, type: "number", min: 0, value: t.weight, oninput: (e) => (t.weight = Number(e.target.value)) })]),
                  m("td.row", [m("button.btn.btn-small.btn-primary", { type: "button", onclick: () => { state.editing = null; act(() => api.patch(E.topic(attrs.id, t.id), { name: t.name, weight: t.weight }), { done: "Topic saved." }).then(reload); } }, "Save"), m("button.btn.btn-small", { type: "button", onclick: () => { state.editing = null; reload(); } }, "Cancel")]),
                ]
              : [
                  m("td", t.name), m("td", t.weight),
                  m("td.row", [
                    m("button.btn.btn-small", { type: "button", onclick: () => (state.editing = t.id) }, "Edit"),
                    m("button.btn.btn-small.btn-danger", { type: "button", ...session.guard(`${CONTENT}:topics:delete`), onclick: () => act(() => api.del(E.topic(attrs.id, t.id)), { confirm: `Delete topic "${t.name}"? Its questions keep existing without a topic.`, confirmLabel: "Delete", done: "Topic deleted." }).then(reload) }, "Delete"),
                  ]),
                ]))),
        ])), { empty: { title: "No topics yet." } }),
      m(EditorForm, {
        form, inline: true, submitLabel: "Add topic",
        save: (values) => api.post(E.topics(attrs.id), { name: values.name, weight: Number(values.weight) || 1 }),
        onsaved: () => {
          form.values.name = "";
          reload();
        },
      }, [m(Field, { form, name: "name", label: "New topic" }), m(Field, { form, name: "weight", label: "Weight", type: "number", min: 0 })]),
    ]);
  },
};

// ---------------- question bank ----------------

function blankQuestion() {
  return { kind: "single", stem: "", scenario: "", explanation: "", difficulty: 3, topic_id: "", choices: [{ text: "", correct: true }, { text: "", correct: false }], sub_questions: [] };
}

const ChoicesEditor = {
  view: ({ attrs }) => {
    const { q, prefix, errors } = attrs;
    return m("fieldset.card", { style: "background:#f9fafb" }, [
      m("legend", { style: "font-weight:600" }, q.kind === "multiple" ? "Choices (tick every correct one)" : "Choices (tick the correct one)"),
      q.choices.map((c, i) =>
        m(".row", { key: i, style: "margin-bottom:.4rem" }, [
          m("input", {
            type: q.kind === "multiple" ? "checkbox" : "radio", name: `${prefix}-correct`, checked: !!c.correct, "aria-label": `Choice ${i + 1} is correct`,
            onchange: (e) => {
              if (q.kind !== "multiple") q.choices.forEach((x) => (x.correct = false));
              c.correct = e.target.checked;
            },
          }),
          m("label.visually-hidden", { for: `${prefix}-c${i}` }, `Choice ${i + 1}`),
          m("input.inline", { id: `${prefix}-c${i}`, style: "flex:1", value: c.text, placeholder: `Choice ${i + 1}`, oninput: (e) => (c.text = e.target.value) }),
          m("button.btn.btn-small", { type: "button", "aria-label": `Remove choice ${i + 1}`, disabled: q.choices.length <= 2, onclick: () => q.choices.splice(i, 1) }, "✕"),
        ])),
      m("button.btn.btn-small", { type: "button", onclick: () => q.choices.push({ text: "", correct: false }) }, "+ Add choice"),
      errors && errors.length ? m(".field-error", { role: "alert" }, errors.join(" ")) : null,
    ]);
  },
};

const QuestionForm = {
  oninit: ({ attrs, state }) => {
    const q = attrs.question ? JSON.parse(JSON.stringify(attrs.question)) : blankQuestion();
    q.topic_id = q.topic_id ?? "";
    q.scenario = q.scenario || "";
    q.explanation = q.explanation || "";
    q.sub_questions = q.sub_questions || [];
    state.q = q;
    state.form = useForm({}, { fields: ["kind", "stem", "scenario", "choices", "explanation"], allFields: true });
  },
  view: ({ attrs, state }) => {
    const q = state.q;
    const form = state.form;
    const choiceErrors = Object.entries(form.fieldErrors).filter(([k]) => k.startsWith("choices") || k.startsWith("/choices")).flatMap(([k, v]) => v.map((x) => `${k}: ${x}`));
    const input = (name, label, type = "text", extra = {}) => {
      const id = `q-${name}`;
      const errs = form.errorsFor(name);
      return m(".field", { class: errs.length ? "has-error" : "" }, [
        m("label", { for: id }, label),
        type === "textarea"
          ? m("textarea", { id, rows: extra.rows || 3, value: q[name], oninput: (e) => (q[name] = e.target.value) })
          : type === "select"
            ? m("select", { id, value: q[name], onchange: (e) => (q[name] = e.target.value) }, extra.options.map((o) => m("option", { value: o.value }, o.label)))
            : m("input", { id, type, value: q[name], oninput: (e) => (q[name] = e.target.value), ...extra }),
        errs.length ? m(".field-error", { role: "alert" }, errs.join(" ")) : null,
      ]);
    };
    return m(EditorForm, {
      form, title: attrs.question ? `Edit question #${attrs.question.id}` : "New question", submitLabel: "Save question", oncancel: attrs.oncancel,
      save: () => {
        const body = {
          kind: q.kind, stem: q.stem, scenario: q.scenario, explanation: q.explanation, difficulty: Number(q.difficulty) || 3,
          topic_id: q.topic_id === "" ? null : Number(q.topic_id),
        };
        if (q.kind === "case_study") body.sub_questions = q.sub_questions.map((s) => ({ kind: s.kind, stem: s.stem, explanation: s.explanation || "", choices: s.choices.map((c) => ({ ...(c.id ? { id: c.id } : {}), text: c.text, correct: !!c.correct })) }));
        else body.choices = q.choices.map((c) => ({ ...(c.id ? { id: c.id } : {}), text: c.text, correct: !!c.correct }));
        return attrs.question ? api.patch(E.question(attrs.courseId, attrs.question.id), body) : api.post(E.questions(attrs.courseId), body);
      },
      done: attrs.question ? "Question saved." : "Question added.",
      onsaved: () => attrs.onsaved(),
    }, [
      input("kind", "Kind", "select", { options: [{ value: "single", label: "Multiple choice (one answer)" }, { value: "multiple", label: "Multiple select" }, { value: "case_study", label: "Case study" }] }),
      q.kind === "case_study" ? input("scenario", "Scenario", "textarea", { rows: 5 }) : null,
      input("stem", "Question", "textarea"),
      m(".row", [
        input("topic_id", "Topic", "select", { options: [{ value: "", label: "No topic" }, ...attrs.topics.map((t) => ({ value: t.id, label: t.name }))] }),
        input("difficulty", "Difficulty (1–5)", "number", { min: 1, max: 5 }),
      ]),
      q.kind === "case_study"
        ? [
            q.sub_questions.map((s, i) => m(".card", { key: i }, [
              m("h3", `Sub-question ${i + 1}`),
              m(".field", [m("label", { for: `sq-${i}-kind` }, "Kind"), m("select", { id: `sq-${i}-kind`, value: s.kind, onchange: (e) => (s.kind = e.target.value) }, [m("option", { value: "single" }, "One answer"), m("option", { value: "multiple" }, "Multiple select")])]),
              m(".field", [m("label", { for: `sq-${i}-stem` }, "Question"), m("textarea", { id: `sq-${i}-stem`, rows: 2, value: s.stem, oninput: (e) => (s.stem = e.target.value) })]),
              m(ChoicesEditor, { q: s, prefix: `sq-${i}` }),
              m("button.btn.btn-small.btn-danger", { type: "button", onclick: () => q.sub_questions.splice(i, 1) }, "Remove sub-question"),
            ])),
            m("button.btn", { type: "button", onclick: () => q.sub_questions.push({ kind: "single", stem: "", choices: [{ text: "", correct: true }, { text: "", correct: false }] }) }, "+ Add sub-question"),
            choiceErrors.length ? m(".field-error", choiceErrors.join(" ")) : null,
          ]
        : m(ChoicesEditor, { q, prefix: "q", errors: choiceErrors }),
      input("explanation", "Explanation (shown after submission)", "textarea"),
    ]);
  },
};

export const CourseQuestions = {
  oninit: ({ attrs, state }) => {
    state.s = listState(() => E.questions(attrs.id), { sort: "id", filters: { topic_id: "" } });
    state.topics = loader(() => api.get(E.topics(attrs.id)));
    state.editing = null; // null | "new" | question
  },
  view: ({ attrs, state }) => {
    const topics = state.topics.data || [];
    const done = () => {
      state.editing = null;
      state.s.list.reload();
    };
    return m("div", [
      m(PageHeader, { title: "Question bank", crumbs: m(m.route.Link, { href: `/content/courses/${attrs.id}` }, "Course builder") },
        m("button.btn.btn-primary", { type: "button", onclick: () => (state.editing = "new"), "data-testid": "new-question" }, "New question")),
      courseTabs(attrs.id),
      state.editing ? [m(QuestionForm, { key: state.editing === "new" ? "new" : state.editing.id, courseId: attrs.id, topics, question: state.editing === "new" ? null : state.editing, onsaved: done, oncancel: () => (state.editing = null) })] : null,
      m(ListTable, {
        state: state.s, searchLabel: "Search questions",
        toolbar: [
          m("label.visually-hidden", { for: "topic-filter" }, "Topic"),
          m("select.inline#topic-filter", { style: "max-width:220px", value: state.s.query.topic_id, onchange: (e) => state.s.set({ topic_id: e.target.value }) }, [m("option", { value: "" }, "All topics"), topics.map((t) => m("option", { value: t.id }, t.name))]),
        ],
        empty: { title: "No questions match." },
        columns: [
          { label: "#", sort: "id", render: (q) => q.id },
          { label: "Question", render: (q) => [m("div", q.stem.length > 140 ? `${q.stem.slice(0, 140)}…` : q.stem), q.sub_questions && q.sub_questions.length ? m("div.muted.small", `${q.sub_questions.length} sub-questions`) : null] },
          { label: "Kind", render: (q) => badge(q.kind) },
          { label: "Topic", render: (q) => q.topic_name || "—" },
          { label: "Difficulty", sort: "difficulty", render: (q) => q.difficulty },
          { label: "", render: (q) => m(".row", [
            m("button.btn.btn-small", { type: "button", onclick: () => { state.editing = q; window.scrollTo(0, 0); } }, "Edit"),
            m("button.btn.btn-small.btn-danger", { type: "button", ...session.guard(`${CONTENT}:questions:delete`), onclick: () => act(() => api.del(E.question(attrs.id, q.id)), { confirm: "Delete this question?", confirmLabel: "Delete", done: "Question deleted." }).then(() => state.s.list.reload()) }, "Delete"),
          ]) },
        ],
      }),
    ]);
  },
};

// ---------------- question sets ----------------

const SetForm = {
  oninit: ({ attrs, state }) => {
    const s = attrs.set || {};
    state.form = useForm({
      title: s.title || "", mode: s.mode || "fixed", draw_count: s.draw_count ?? "", draw_by_topic_weight: !!s.draw_by_topic_weight,
      time_limit_minutes: s.time_limit_seconds ? Math.round(s.time_limit_seconds / 60) : "", pass_mark: s.pass_mark ?? 70, shuffle: !!s.shuffle,
      attempts_allowed: s.attempts_allowed ?? "", partial_credit: !!s.partial_credit,
    });
    state.selected = new Set((s.question_ids || []).map(Number));
    state.questions = loader(() => api.get(E.questions(attrs.courseId), { query: { per_page: 100 } }));
  },
  view: ({ attrs, state }) => {
    const form = state.form;
    const v = form.values;
    return m(EditorForm, {
      form, title: attrs.set ? `Edit "${attrs.set.title}"` : "New question set", submitLabel: "Save question set", oncancel: attrs.oncancel,
      save: (v) => {
        const num = (x) => (x === "" || x === null ? null : Number(x));
        const body = {
          title: v.title, mode: v.mode, draw_count: num(v.draw_count), draw_by_topic_weight: !!v.draw_by_topic_weight,
          time_limit_seconds: v.time_limit_minutes === "" ? null : Number(v.time_limit_minutes) * 60,
          pass_mark: Number(v.pass_mark), shuffle: !!v.shuffle, attempts_allowed: num(v.attempts_allowed), partial_credit: !!v.partial_credit,
          question_ids: [...state.selected],
        };
        return attrs.set ? api.patch(E.questionSet(attrs.courseId, attrs.set.id), body) : api.post(E.questionSets(attrs.courseId), body);
      },
      done: "Question set saved.",
      onsaved: () => attrs.onsaved(),
    }, [
      m(Field, { form, name: "title", label: "Title" }),
      m(Field, { form, name: "mode", label: "Mode", type: "select", options: [{ value: "fixed", label: "Fixed list of questions" }, { value: "pool", label: "Random draw from a pool" }] }),
      v.mode === "pool" ? [m(Field, { form, name: "draw_count", label: "Questions to draw", type: "number", min: 1 }), m(Field, { form, name: "draw_by_topic_weight", label: "Draw by topic weight", type: "checkbox" })] : null,
      m(".row", [
        m(Field, { form, name: "time_limit_minutes", label: "Time limit (minutes, empty = none)", type: "number", min: 1 }),
        m(Field, { form, name: "pass_mark", label: "Pass mark (%)", type: "number", min: 0, max: 100 }),
        m(Field, { form, name: "attempts_allowed", label: "Attempts allowed (empty = unlimited)", type: "number", min: 1 }),
      ]),
      m(Field, { form, name: "shuffle", label: "Shuffle questions", type: "checkbox" }),
      m(Field, { form, name: "partial_credit", label: "Partial credit for multiple select", type: "checkbox" }),
      m("fieldset", { style: "border:0;padding:0" }, [
        m("legend", { style: "font-weight:600" }, `Questions (${state.selected.size} selected)`),
        form.errorsFor("question_ids").length ? m(".field-error", form.errorsFor("question_ids").join(" ")) : null,
        view(state.questions, (qs) =>
          m("ul", { style: "list-style:none;padding:0;max-height:300px;overflow:auto;border:1px solid var(--border);border-radius:6px" }, qs.map((q) =>
            m("li", { key: q.id, style: "padding:.35rem .6rem;border-bottom:1px solid #eee" }, m("label.row", [
              m("input", { type: "checkbox", checked: state.selected.has(q.id), onchange: (e) => (e.target.checked ? state.selected.add(q.id) : state.selected.delete(q.id)) }),
              m("span", [`#${q.id} `, q.stem.slice(0, 100), q.topic_name ? [" ", badge(q.topic_name)] : null]),
            ])))), { empty: { title: "The question bank is empty." } }),
      ]),
    ]);
  },
};

export const CourseQuestionSets = {
  oninit: ({ attrs, state }) => {
    state.sets = loader(() => api.get(E.questionSets(attrs.id)));
    state.editing = null;
  },
  view: ({ attrs, state }) => {
    const done = () => {
      state.editing = null;
      state.sets.reload();
    };
    const edit = async (s) => {
      const r = await act(() => api.get(E.questionSet(attrs.id, s.id)));
      if (r) state.editing = r.data;
    };
    return m("div", [
      m(PageHeader, { title: "Question sets and practice exams", crumbs: m(m.route.Link, { href: `/content/courses/${attrs.id}` }, "Course builder") },
        m("button.btn.btn-primary", { type: "button", onclick: () => (state.editing = "new"), "data-testid": "new-question-set" }, "New question set")),
      courseTabs(attrs.id),
      state.editing ? [m(SetForm, { key: state.editing === "new" ? "new" : state.editing.id, courseId: attrs.id, set: state.editing === "new" ? null : state.editing, onsaved: done, oncancel: () => (state.editing = null) })] : null,
      view(state.sets, (sets) =>
        m(".table-wrap", m("table", [
          m("thead", m("tr", ["Title", "Mode", "Questions", "Time limit", "Pass mark", ""].map((h) => m("th", { scope: "col" }, h)))),
          m("tbody", sets.map((s) => m("tr", { key: s.id }, [
            m("td", s.title), m("td", badge(s.mode)),
            m("td", s.mode === "pool" ? `draw ${s.draw_count ?? "all"} of ${(s.question_ids || []).length}` : (s.question_ids || []).length),
            m("td", s.time_limit_seconds ? `${Math.round(s.time_limit_seconds / 60)} min` : "none"),
            m("td", s.pass_mark != null ? `${s.pass_mark}%` : "—"),
            m("td.row", [
              m("button.btn.btn-small", { type: "button", onclick: () => edit(s) }, "Edit"),
              m("button.btn.btn-small.btn-danger", { type: "button", ...session.guard(`${CONTENT}:question_sets:delete`), onclick: () => act(() => api.del(E.questionSet(attrs.id, s.id)), { confirm: `Delete "${s.title}"?`, confirmLabel: "Delete", done: "Question set deleted." }).then(() => state.sets.reload()) }, "Delete"),
            ]),
          ]))),
        ])), { empty: { title: "No question sets yet.", text: "A question set becomes a practice exam when a quiz material uses it." } }),
    ]);
  },
};

// ---------------- import ----------------

export const CourseImport = {
  oninit: ({ state }) => {
    state.form = useForm({ slug: "", title: "" }, { allFields: true });
    state.doc = createDocumentField("");
  },
  view: ({ state }) => {
    const form = state.form;
    return m("div", [
      m(PageHeader, { title: "Import a course", crumbs: m(m.route.Link, { href: "/content/courses" }, "Courses") }),
      m(EditorForm, {
        form, doc: state.doc, submitLabel: "Import",
        save: (values, document) => {
          const body = { document };
          if (values.slug) body.slug = values.slug;
          if (values.title) body.title = values.title;
          return api.post(E.courseImport, body);
        },
        done: "Course imported as a draft.",
        onsaved: (r) => m.route.set(`/content/courses/${r.data.id}`),
      }, [
        m(".field", [m("label", { for: "import-file" }, "Course file (.json, from Export)"), m("input#import-file", { type: "file", accept: "application/json,.json", onchange: async (e) => { const f = e.target.files[0]; if (f) { state.doc.text = await f.text(); m.redraw(); } } })]),
        m(DocumentEditor, { field: state.doc, id: "import-document", label: "…or paste the document" }),
        m(Field, { form, name: "slug", label: "New slug (optional)" }),
        m(Field, { form, name: "title", label: "New title (optional)" }),
      ]),
    ]);
  },
};

// ---------------- analytics ----------------

export const CourseAnalytics = {
  oninit: ({ attrs, state }) => {
    state.a = loader(() => api.get(E.analytics(attrs.id)));
  },
  view: ({ attrs, state }) =>
    m("div", [
      m(PageHeader, { title: "Analytics", crumbs: m(m.route.Link, { href: `/content/courses/${attrs.id}` }, "Course builder") }),
      courseTabs(attrs.id),
      view(state.a, (a) => [
        m("h2", a.title),
        m(".stats", [
          m(".stat", [m(".value", a.enrolled), m(".label", "Enrolled")]),
          m(".stat", [m(".value", a.active_7d), m(".label", "Active in the last 7 days")]),
          m(".stat", [m(".value", percent(a.completion_rate)), m(".label", "Completion rate")]),
          m(".stat", [m(".value", a.submitted_attempts), m(".label", "Exam attempts")]),
          m(".stat", [m(".value", a.average_score == null ? "—" : percent(a.average_score)), m(".label", "Average exam score")]),
        ]),
        m("h2", "Score by topic"),
        (a.topics || []).length
          ? m(".table-wrap", m("table", [
              m("thead", m("tr", ["Topic", "Answers", "Average score"].map((h) => m("th", { scope: "col" }, h)))),
              m("tbody", a.topics.map((t) => m("tr", { key: `${t.topic_id}` }, [m("td", t.topic_name || "No topic"), m("td", t.answers), m("td", percent(t.average_score))]))),
            ]))
          : m(Empty, { title: "No submitted exam attempts yet." }),
      ]),
    ]),
};

/** The Content interface: its screens by route (the shell loads this bundle on the first visit). */
export const routes = {
  "/content/courses": CourseList,
  "/content/courses/import": CourseImport,
  "/content/courses/:id": CourseBuilder,
  "/content/courses/:id/settings": CourseSettings,
  "/content/courses/:id/materials/:mid": MaterialEditor,
  "/content/courses/:id/topics": CourseTopics,
  "/content/courses/:id/questions": CourseQuestions,
  "/content/courses/:id/question-sets": CourseQuestionSets,
  "/content/courses/:id/analytics": CourseAnalytics,
};
