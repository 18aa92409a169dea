// End-to-end test support, served only by the tests' static server (never
// part of the site): it records console errors and warnings, uncaught
// errors, unhandled rejections, resources that failed to load and policy
// violations, the same way in every engine (only Chromium's driver hands out
// the browser's own console log). Entries outlive a page load through
// sessionStorage where the browser allows it.
(() => {
  const KEY = "__e2e_console";
  let store = null;
  try {
    store = window.sessionStorage;
    store.getItem(KEY);
  } catch (e) {
    store = null;
  }
  let entries = [];
  try {
    entries = JSON.parse((store && store.getItem(KEY)) || "[]");
  } catch (e) {
    entries = ["e2e collector: unreadable earlier entries"];
  }
  const show = (part) => {
    if (part instanceof Error) return part.name + ": " + part.message;
    if (typeof part === "string") return part;
    try {
      return JSON.stringify(part);
    } catch (e) {
      return String(part);
    }
  };
  const record = (kind, parts) => {
    entries.push(kind + " on " + location.pathname + ": " + parts.map(show).join(" "));
    if (store) {
      try {
        store.setItem(KEY, JSON.stringify(entries));
      } catch (e) {
        // A full storage test fills the quota: keep the entry in the page.
      }
    }
  };
  for (const level of ["error", "warn"]) {
    const original = console[level];
    console[level] = function (...args) {
      record("console." + level, args);
      return original.apply(console, args);
    };
  }
  addEventListener(
    "error",
    (event) => {
      const target = event.target;
      if (target && target !== window && target.tagName) {
        record("failed to load", [target.tagName.toLowerCase() + " " + (target.src || target.href || "")]);
      } else {
        record("uncaught", [event.error || event.message]);
      }
    },
    true,
  );
  addEventListener("unhandledrejection", (event) => record("unhandled rejection", [event.reason]));
  document.addEventListener("securitypolicyviolation", (event) =>
    record("policy violation", [event.violatedDirective + " " + event.blockedURI]),
  );
  window.__e2eConsole = {
    take() {
      const all = entries;
      entries = [];
      if (store) {
        try {
          store.removeItem(KEY);
        } catch (e) {}
      }
      return all;
    },
  };
})();
