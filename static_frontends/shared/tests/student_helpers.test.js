import { test } from "node:test";
import assert from "node:assert/strict";
import { continueTarget, embedUrl } from "../../student/src/courses.js";
import { formatClock } from "../../student/src/exam.js";

test("continue where I left off: after the last completed material", () => {
  const outline = {
    chapters: [
      { materials: [{ id: 1, completed: true, completed_at: "2026-01-01T10:00:00Z" }, { id: 2, completed: false }] },
      { materials: [{ id: 3, completed: true, completed_at: "2026-01-02T10:00:00Z" }, { id: 4, completed: false }] },
    ],
  };
  assert.equal(continueTarget(outline), 4);
  outline.chapters[1].materials[1].completed = true;
  assert.equal(continueTarget(outline), 2); // wraps to the first one not done
  outline.chapters[0].materials[1].completed = true;
  assert.equal(continueTarget(outline), null);
});

test("video embeds only for known providers or https URLs", () => {
  assert.equal(embedUrl({ video: { provider: "youtube", ref: "abc" } }), "https://www.youtube-nocookie.com/embed/abc");
  assert.equal(embedUrl({ video: { url: "https://vimeo.com/76979871" } }), "https://player.vimeo.com/video/76979871");
  assert.equal(embedUrl({ video: { provider: "wistia", ref: "x1" } }), "https://fast.wistia.net/embed/iframe/x1");
  assert.equal(embedUrl({ video: { url: "javascript:alert(1)" } }), null);
  assert.equal(embedUrl({ video: { url: "https://videos.example.com/a.mp4" } }), "https://videos.example.com/a.mp4");
});

test("exam clock", () => {
  assert.equal(formatClock(0), "00:00");
  assert.equal(formatClock(61.9), "01:01");
  assert.equal(formatClock(3725), "1:02:05");
  assert.equal(formatClock(-5), "00:00");
});
