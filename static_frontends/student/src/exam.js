// Practice exam: timer, navigator, flags, answers saved as you go (offline queue), results.
import m from "mithril";
import { createAnswerQueue, memoryStorage } from "../../shared/queue.js";
import { api } from "../../shared/ui/client.js";
import { confirmAction } from "../../shared/ui/dialog.js";
import { badge, percent } from "../../shared/ui/format.js";
import { loader, view } from "../../shared/ui/loader.js";
import { PageHeader } from "../../shared/ui/shell.js";
import { ErrorView } from "../../shared/ui/states.js";
import { E } from "./endpoints.js";

function storage() {
  try {
    const s = window.localStorage;
    s.setItem("ts-probe", "1");
    s.removeItem("ts-probe");
    return s;
  } catch {
    return memoryStorage();
  }
}

function selected(item) {
  return item.selected_choice_ids || [];
}
function isAnswered(item) {
  return selected(item).length > 0;
}

export function formatClock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export const Exam = {
  oninit: ({ attrs, state }) => {
    state.index = Number(m.route.param("q") || 1) - 1;
    state.submitting = false;
    state.submitError = null;
    state.queue = createAnswerQueue({
      storage: storage(),
      key: `ts-answers-${attrs.id}`,
      // keys are "<position>:answer" / "<position>:flag" so a flag never overwrites an answer
      send: (key, body) => {
        const [position, what] = key.split(":");
        return what === "flag" ? api.put(E.flag(attrs.id, position), body) : api.put(E.answer(attrs.id, position), body);
      },
      onChange: () => m.redraw(),
    });
    state.attempt = loader(async () => {
      const r = await api.get(E.attempt(attrs.id));
      const attempt = r.data;
      if (attempt.status && attempt.status !== "open") {
        m.route.set(`/exam/${attrs.id}/result`, null, { replace: true });
        return attempt;
      }
      // answers not yet acknowledged by the server (reload while offline) win over its copy
      const pending = state.queue.pending();
      for (const item of attempt.items || []) {
        const answer = pending[`${item.position}:answer`];
        const flag = pending[`${item.position}:flag`];
        if (answer) item.selected_choice_ids = answer.answer.choice_ids;
        if (flag) item.flagged = flag.answer.flagged;
      }
      state.queue.flush();
      return attempt;
    });
    state.tick = setInterval(() => {
      const a = state.attempt.data;
      if (!a || !a.deadline_at || state.submitting) return;
      if (Date.parse(a.deadline_at) - Date.now() <= 0 && !state.autoSubmitted) {
        state.autoSubmitted = true;
        state.doSubmit(true);
      }
      m.redraw();
    }, 1000);
    state.doSubmit = async (auto = false) => {
      state.submitting = true;
      state.submitError = null;
      try {
        await state.queue.flush();
        await api.post(E.submit(attrs.id), {});
        state.queue.clear();
        m.route.set(`/exam/${attrs.id}/result`, auto ? { auto: 1 } : null);
      } catch (err) {
        if (err.status === 409) {
          state.queue.clear();
          m.route.set(`/exam/${attrs.id}/result`);
        } else state.submitError = err;
      } finally {
        state.submitting = false;
      }
    };
    state.onKey = (e) => {
      if (e.target && /INPUT|TEXTAREA|SELECT/.test(e.target.tagName) && e.target.type !== "radio" && e.target.type !== "checkbox") return;
    };
  },
  onremove: ({ state }) => clearInterval(state.tick),
  view: ({ attrs, state }) =>
    view(state.attempt, (a) => {
      const items = a.items || [];
      if (!items.length) return m("p", "This exam has no questions.");
      const index = Math.min(Math.max(state.index, 0), items.length - 1);
      const item = items[index];
      const go = (i) => {
        state.index = i;
        m.route.set(`/exam/${attrs.id}`, { q: i + 1 }, { replace: true });
        setTimeout(() => document.getElementById("question-stem")?.focus(), 0);
      };
      const saveAnswer = (ids) => {
        item.selected_choice_ids = ids;
        state.queue.enqueue(`${item.position}:answer`, { choice_ids: ids });
      };
      const toggleFlag = () => {
        item.flagged = !item.flagged;
        state.queue.enqueue(`${item.position}:flag`, { flagged: item.flagged });
      };
      const choose = (choiceId, checked) => {
        const multi = item.kind === "multiple";
        let ids = selected(item);
        if (multi) ids = checked ? [...new Set([...ids, choiceId])] : ids.filter((x) => x !== choiceId);
        else ids = [choiceId];
        saveAnswer(ids);
      };
      const answered = items.filter(isAnswered).length;
      const flagged = items.filter((x) => x.flagged).length;
      const left = a.deadline_at ? (Date.parse(a.deadline_at) - Date.now()) / 1000 : null;
      const unsent = state.queue.size();
      const submit = async () => {
        const missing = items.length - answered;
        const message = missing
          ? `You have ${missing} unanswered question${missing > 1 ? "s" : ""}${flagged ? ` and ${flagged} flagged for review` : ""}. Submit anyway? You cannot change answers afterwards.`
          : `Submit your answers${flagged ? ` (${flagged} still flagged for review)` : ""}? You cannot change them afterwards.`;
        if (await confirmAction(message, { title: "Submit the exam?", confirmLabel: "Submit", danger: false })) state.doSubmit();
      };
      return m("div", [
        m(PageHeader, { title: a.question_set.title || "Practice exam" }),
        m(".exam", [
          m("section.card", { "aria-labelledby": "question-title" }, [
            m("h2#question-title", `Question ${index + 1} of ${items.length}`),
            item.scenario ? m(".banner.banner-info", [m("strong", "Scenario: "), item.scenario]) : null,
            m("p#question-stem", { tabindex: "-1", style: "font-size:1.1rem" }, item.stem),
            m("fieldset", { style: "border:0;padding:0;margin:0" }, [
              item.kind === "multiple" ? m("legend.muted.small", { style: "margin-bottom:.5rem" }, "Select all that apply.") : m("legend.visually-hidden", "Select one answer"),
              m("ul.choices", (item.choices || []).map((c) =>
                m("li", { key: `${item.position}-${c.id}` }, m("label", [
                  m("input", {
                    type: item.kind === "multiple" ? "checkbox" : "radio",
                    name: `q-${item.position}`, value: c.id,
                    checked: selected(item).includes(c.id),
                    onchange: (e) => choose(c.id, e.target.checked),
                  }),
                  m("span", c.text),
                ])))),
            ]),
            m(".row", [
              m("button.btn", { type: "button", "aria-pressed": item.flagged ? "true" : "false", onclick: toggleFlag, "data-testid": "flag" }, item.flagged ? "⚑ Flagged for review" : "⚐ Flag for review"),
              m(".spacer"),
              m("button.btn", { type: "button", disabled: index === 0, onclick: () => go(index - 1) }, "‹ Previous"),
              index < items.length - 1
                ? m("button.btn.btn-primary", { type: "button", onclick: () => go(index + 1), "data-testid": "next-question" }, "Next ›")
                : m("button.btn.btn-primary", { type: "button", onclick: submit, disabled: state.submitting }, "Review and submit"),
            ]),
          ]),
          m("aside.card", { "aria-label": "Exam status" }, [
            left !== null
              ? m("p", ["Time left: ", m("span.timer", { class: left < 60 ? "low" : "", role: "timer", "aria-live": left < 60 ? "assertive" : "off" }, formatClock(left))])
              : m("p.muted", "No time limit"),
            m("p.small", `${answered} of ${items.length} answered · ${flagged} flagged`),
            m("p.small", { role: "status", "data-testid": "save-state" },
              unsent ? (state.queue.failed ? `⚠ ${unsent} answer(s) not saved yet — retrying…` : "Saving…") : "✓ All answers saved"),
            m("nav", { "aria-label": "Questions" }, m(".navigator", items.map((it, i) =>
              m("button", {
                type: "button",
                class: [isAnswered(it) ? "answered" : "", it.flagged ? "flagged" : "", i === index ? "current" : ""].join(" "),
                "aria-current": i === index ? "step" : undefined,
                "aria-label": `Question ${i + 1}${isAnswered(it) ? ", answered" : ", not answered"}${it.flagged ? ", flagged" : ""}`,
                onclick: () => go(i),
              }, i + 1)))),
            m(".legend", [m("span", "■ answered"), m("span", "□ not answered"), m("span", "⚑ flagged")]),
            state.submitError ? m(ErrorView, { error: state.submitError, retry: () => state.doSubmit() }) : null,
            m("button.btn.btn-primary", { type: "button", style: "width:100%;margin-top:1rem", onclick: submit, disabled: state.submitting, "data-testid": "submit-exam" }, state.submitting ? "Submitting…" : "Submit exam"),
          ]),
        ]),
      ]);
    }),
};

export const Result = {
  oninit: ({ attrs, state }) => {
    state.attempt = loader(() => api.get(E.attempt(attrs.id)));
  },
  view: ({ attrs, state }) =>
    view(state.attempt, (a) => {
      const qs = a.question_set || {};
      if (a.status === "open") {
        return m("div", [m(PageHeader, { title: qs.title || "Practice exam" }), m("p", "This attempt is still open."), m(m.route.Link, { href: `/exam/${attrs.id}`, class: "btn btn-primary" }, "Resume the exam")]);
      }
      const r = a.result || {};
      const passed = r.passed;
      return m("div", [
        m(PageHeader, { title: `Results: ${qs.title || "Practice exam"}`, crumbs: qs.course_id ? m(m.route.Link, { href: `/learn/${qs.course_id}` }, "Course outline") : null }),
        a.auto_submitted || m.route.param("auto") ? m("p.banner.banner-warn", "Time ran out: your answers were submitted automatically.") : null,
        m(".stats", [
          m(".stat", [m(".value", { "data-testid": "score" }, percent(r.score_percent)), m(".label", "Your score")]),
          m(".stat", [m(".value", `${r.correct ?? "—"} / ${a.total}`), m(".label", "Correct answers")]),
          m(".stat", [m(".value", passed ? badge("Passed", "ok") : badge("Not passed", "danger")), m(".label", `Pass mark ${qs.pass_mark}%`)]),
        ]),
        passed
          ? m("p.banner.banner-ok", { "data-testid": "passed" }, ["Congratulations, you passed! ", m(m.route.Link, { href: "/certificates", "data-testid": "certificate-link" }, "See your certificates")])
          : m("p.banner.banner-warn", "Review the explanations below and try again when you are ready."),
        m("h2", "By topic"),
        m(".table-wrap", m("table", { "data-testid": "topic-breakdown" }, [
          m("thead", m("tr", [m("th", { scope: "col" }, "Topic"), m("th", { scope: "col" }, "Points"), m("th", { scope: "col" }, "Score")])),
          m("tbody", (r.topics || []).map((t) =>
            m("tr", { key: `${t.topic_id}` }, [m("td", t.topic_name || "General"), m("td", `${Number(t.points)} / ${t.questions}`), m("td", percent(t.percent))]))),
        ])),
        m("h2", "Questions and explanations"),
        (a.items || []).map((it) => {
          const correctIds = it.correct_choice_ids || [];
          return m("section.card", { key: it.position, class: it.is_correct ? "result-correct" : "result-wrong" }, [
            m("h3", [`Question ${it.position} `, it.is_correct ? badge("correct", "ok") : Number(it.score) > 0 ? badge("partly correct", "warn") : badge("incorrect", "danger"), it.topic_name ? [" ", badge(it.topic_name)] : null]),
            it.scenario ? m("p.muted", it.scenario) : null,
            m("p", it.stem),
            m("ul", (it.choices || []).map((c) => {
              const chosen = (it.selected_choice_ids || []).includes(c.id);
              const right = correctIds.includes(c.id);
              return m("li", [c.text, right ? m("strong", { style: "color:#166534" }, " ✓ correct answer") : null, chosen ? m("em", " (your answer)") : null]);
            })),
            it.explanation ? m("p", [m("strong", "Explanation: "), it.explanation]) : null,
          ]);
        }),
      ]);
    }),
};
