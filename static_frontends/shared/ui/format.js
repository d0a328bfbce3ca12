// Formatting for display: dates, percentages, badges, progress bars.
import m from "mithril";

export function formatDate(value) {
  if (!value) return "—";
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : d.toLocaleString();
}

export function percent(value) {
  if (value === null || value === undefined) return "—";
  const n = Number(value);
  return `${Math.round(n <= 1 && n > 0 && !Number.isInteger(n) ? n * 100 : n)}%`;
}

export const Progress = {
  view: ({ attrs }) => {
    const value = Math.max(0, Math.min(100, Math.round(Number(attrs.value) || 0)));
    return m(".progress", { role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": value, "aria-label": attrs.label || "Progress" },
      [m(".progress-bar", { style: `width:${value}%` }), m("span.progress-text", `${value}%`)]);
  },
};

export function badge(text, kind = "") {
  return m(`span.badge${kind ? `.badge-${kind}` : ""}`, text);
}
