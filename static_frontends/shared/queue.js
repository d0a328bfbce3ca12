// Answers saved as you go: unsent answers are kept in localStorage and retried, so a brief
// network loss or a reload loses nothing. Framework-free (unit tested).

export function createAnswerQueue({ storage, key, send, onChange = () => {}, schedule, maxDelay = 30000 }) {
  const timer = schedule || ((fn, ms) => setTimeout(fn, ms));
  let delay = 1000;
  let flushing = null;
  let retryPending = false;

  function load() {
    try {
      return JSON.parse(storage.getItem(key) || "{}") || {};
    } catch {
      return {};
    }
  }
  function save(map) {
    try {
      if (Object.keys(map).length) storage.setItem(key, JSON.stringify(map));
      else storage.removeItem(key);
    } catch {
      // storage full or disabled: the in-flight request still carries the answer
    }
  }

  const queue = {
    failed: false,
    pending() {
      return load();
    },
    size() {
      return Object.keys(load()).length;
    },
    enqueue(questionId, answer) {
      const map = load();
      map[questionId] = { answer, at: Date.now() };
      save(map);
      onChange();
      return queue.flush();
    },
    async flush() {
      if (flushing) {
        await flushing;
        if (!queue.size()) return true;
      }
      flushing = (async () => {
        let ok = true;
        for (const [questionId, entry] of Object.entries(load())) {
          try {
            await send(questionId, entry.answer);
            const map = load();
            // drop only if not replaced meanwhile
            if (map[questionId] && map[questionId].at === entry.at) delete map[questionId];
            save(map);
          } catch (err) {
            const transient = !err || err.status === 0 || err.status >= 500 || err.status === 429;
            if (!transient) {
              const map = load();
              delete map[questionId];
              save(map);
              continue;
            }
            ok = false;
            break;
          }
        }
        queue.failed = !ok;
        if (!ok && !retryPending) {
          retryPending = true;
          const wait = delay;
          delay = Math.min(delay * 2, maxDelay);
          timer(() => {
            retryPending = false;
            queue.flush();
          }, wait);
        }
        if (ok) delay = 1000;
        onChange();
        return ok;
      })();
      try {
        return await flushing;
      } finally {
        flushing = null;
      }
    },
    clear() {
      save({});
      onChange();
    },
  };
  return queue;
}

/** In-memory Storage stand-in (tests, or when localStorage is unavailable). */
export function memoryStorage() {
  const data = new Map();
  return {
    getItem: (k) => (data.has(k) ? data.get(k) : null),
    setItem: (k, v) => data.set(k, String(v)),
    removeItem: (k) => data.delete(k),
  };
}
