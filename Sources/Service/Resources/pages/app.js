// StdCheck pages: what every page shares. Language (from the browser's Accept-Language languages,
// switchable, remembered in localStorage and a cookie), the strings of i18n.js, the JSON API with the
// session's CSRF token on every state-changing request, the header, and a few formatters.
// No framework, no external asset: the pages must work on an offline intranet.
"use strict";

(function () {
  const STRINGS = window.STDCHECK_STRINGS || {};
  const LANG_KEY = "stdcheck.lang";
  const LANGS = ["zh", "en"];

  function detectLang() {
    let saved = null;
    try {
      saved = window.localStorage.getItem(LANG_KEY);
    } catch (e) {
      saved = null;
    }
    if (LANGS.includes(saved)) return saved;
    const cookie = document.cookie.match(/(?:^|;\s*)stdcheck_lang=(zh|en)\b/);
    if (cookie) return cookie[1];
    // navigator.languages is the browser's Accept-Language list, in its order.
    const wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
    for (const tag of wanted) {
      const primary = String(tag).toLowerCase().split("-")[0];
      if (LANGS.includes(primary)) return primary;
    }
    return "zh";
  }

  let lang = detectLang();

  /** The string `key` in the current language, `{name}` replaced from `vars`. */
  function t(key, vars) {
    const entry = STRINGS[key];
    let text = entry ? entry[lang] : key;
    if (vars) {
      text = text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
    }
    return text;
  }

  function has(key) {
    return Object.prototype.hasOwnProperty.call(STRINGS, key);
  }

  function formatTime(iso) {
    if (!iso) return "—";
    const date = new Date(iso);
    if (isNaN(date.getTime())) return iso;
    return date.toLocaleString(lang === "zh" ? "zh-CN" : "en-GB", { hour12: false });
  }

  function formatBytes(bytes) {
    const n = Number(bytes) || 0;
    if (n < 1024) return n + " B";
    const units = ["KiB", "MiB", "GiB", "TiB"];
    let value = n / 1024;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit += 1;
    }
    return value.toFixed(value < 10 ? 1 : 0) + " " + units[unit];
  }

  /**
   * Translates `root`: `data-i18n` (text), `data-i18n-vars` (JSON for its placeholders),
   * `data-i18n-attr` ("aria-label=key;placeholder=key"), `data-time` (an ISO time, shown in the language).
   */
  function applyI18n(root) {
    const scope = root || document;
    const nodes = [];
    if (scope.matches && scope.matches("[data-i18n], [data-i18n-attr], [data-time]")) nodes.push(scope);
    nodes.push(...scope.querySelectorAll("[data-i18n], [data-i18n-attr], [data-time]"));
    for (const node of nodes) {
      if (node.dataset.i18n) {
        let vars = null;
        if (node.dataset.i18nVars) {
          try {
            vars = JSON.parse(node.dataset.i18nVars);
          } catch (e) {
            vars = null;
          }
        }
        node.textContent = t(node.dataset.i18n, vars);
      }
      if (node.dataset.i18nAttr) {
        for (const pair of node.dataset.i18nAttr.split(";")) {
          const [attr, key] = pair.split("=");
          if (attr && key) node.setAttribute(attr.trim(), t(key.trim()));
        }
      }
      if (node.dataset.time !== undefined) {
        node.textContent = formatTime(node.dataset.time);
      }
    }
    if (scope === document) {
      document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
      const select = document.getElementById("lang-select");
      if (select) select.value = lang;
    }
  }

  function setLang(next) {
    if (!LANGS.includes(next)) return;
    lang = next;
    try {
      window.localStorage.setItem(LANG_KEY, next);
    } catch (e) {
      // Storage refused (private mode): the cookie still remembers it.
    }
    document.cookie = "stdcheck_lang=" + next + "; Path=/; Max-Age=31536000; SameSite=Strict";
    applyI18n(document);
    document.dispatchEvent(new CustomEvent("stdcheck:lang", { detail: next }));
  }

  /**
   * Makes an element. `options`: text (literal), i18n (key) and vars, time (ISO), cls, attrs, children.
   */
  function el(tag, options) {
    const node = document.createElement(tag);
    const o = options || {};
    if (o.cls) node.className = o.cls;
    if (o.attrs) {
      for (const [name, value] of Object.entries(o.attrs)) {
        if (value !== null && value !== undefined && value !== false) node.setAttribute(name, String(value));
      }
    }
    if (o.i18n) {
      node.dataset.i18n = o.i18n;
      if (o.vars) node.dataset.i18nVars = JSON.stringify(o.vars);
      node.textContent = t(o.i18n, o.vars);
    } else if (o.time !== undefined) {
      node.dataset.time = o.time || "";
      node.textContent = formatTime(o.time);
    } else if (o.text !== undefined && o.text !== null) {
      node.textContent = String(o.text);
    }
    for (const child of o.children || []) {
      if (child) node.appendChild(child);
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message || code);
      this.status = status;
      this.code = code;
    }
  }

  let identity = null;

  function loginURL() {
    const here = location.pathname.replace(/^.*\//, "") + location.search;
    return "login.html?next=" + encodeURIComponent(here);
  }

  /** A JSON API call. State-changing methods carry the session's CSRF token. A 401 goes to the login page. */
  async function api(method, path, options) {
    const o = options || {};
    const headers = Object.assign({ Accept: "application/json" }, o.headers || {});
    if (!["GET", "HEAD", "OPTIONS"].includes(method) && identity && identity.csrf) {
      headers["X-CSRF-Token"] = identity.csrf;
    }
    let body;
    if (o.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(o.json);
    }
    let response;
    try {
      response = await fetch(path, { method, headers, body, credentials: "same-origin", cache: "no-store" });
    } catch (e) {
      throw new ApiError(0, "network", String(e && e.message ? e.message : e));
    }
    if (response.status === 401 && !o.noRedirect) {
      location.href = loginURL();
      throw new ApiError(401, "unauthorized", "");
    }
    if (!response.ok) {
      let code = "http-" + response.status;
      let message = response.statusText;
      try {
        const problem = await response.json();
        if (problem && problem.error) {
          code = problem.error.code || code;
          message = problem.error.message || message;
        }
      } catch (e) {
        // Not JSON: the status says enough.
      }
      throw new ApiError(response.status, code, message);
    }
    if (response.status === 204 || method === "HEAD") return null;
    const type = response.headers.get("Content-Type") || "";
    return type.includes("json") ? response.json() : response.text();
  }

  /** The message of an error, in the language, with the server's own words after it. */
  function errorMessage(error) {
    if (!(error instanceof ApiError)) return t("error.internal") + " " + String(error);
    const key = "error." + error.code;
    const mine = has(key) ? t(key) : t("error.http", { status: error.status });
    return error.message && error.message !== mine ? mine + " (" + error.message + ")" : mine;
  }

  function showError(container, error) {
    clear(container);
    container.hidden = false;
    container.appendChild(el("p", { text: errorMessage(error) }));
  }

  function homeFor(user) {
    if (!user) return "login.html";
    if (user.role === "producer") return "upload.html";
    return "queue.html";
  }

  function navFor(user) {
    const items = [];
    if (user.role === "producer" || user.role === "admin") items.push(["upload.html", "nav.upload"]);
    if (user.role === "producer") items.push(["submissions.html", "nav.mine"]);
    if (user.role === "inspector" || user.role === "admin") items.push(["queue.html", "nav.queue"]);
    if (user.role === "admin") items.push(["users.html", "nav.users"]);
    return items;
  }

  function renderHeader(user) {
    const nav = document.getElementById("nav");
    if (nav) {
      clear(nav);
      const list = el("ul");
      const page = location.pathname.replace(/^.*\//, "") || "index.html";
      for (const [href, key] of navFor(user)) {
        const link = el("a", { i18n: key, attrs: { href } });
        if (href === page) link.setAttribute("aria-current", "page");
        list.appendChild(el("li", { children: [link] }));
      }
      nav.appendChild(list);
    }
    const who = document.getElementById("who");
    if (who) {
      clear(who);
      who.appendChild(el("span", { cls: "who-name", text: user.name }));
      who.appendChild(el("span", { cls: "who-role", i18n: "role." + user.role }));
      const logout = el("button", { i18n: "nav.logout", attrs: { type: "button", id: "logout" } });
      logout.addEventListener("click", async () => {
        try {
          await api("POST", "api/logout", { noRedirect: true });
        } catch (e) {
          // Logged out or not, the login page is next.
        }
        location.href = "login.html";
      });
      who.appendChild(logout);
      who.hidden = false;
    }
  }

  function wireLanguage() {
    const select = document.getElementById("lang-select");
    if (select) {
      select.value = lang;
      select.addEventListener("change", () => setLang(select.value));
    }
  }

  /**
   * Starts a page: translates it, wires the language control, and (unless `options.public`) asks who the
   * caller is: not logged in goes to the login page; a role not in `options.roles` sees a message.
   * Resolves to the identity (or null for a public page).
   */
  /** After the page's own setup (its `.then` on boot) has run: `<html data-ready="true">`. */
  function markReady() {
    setTimeout(() => {
      document.documentElement.dataset.ready = "true";
    }, 0);
  }

  async function boot(options) {
    const o = options || {};
    applyI18n(document);
    wireLanguage();
    if (o.public) {
      markReady();
      return null;
    }
    try {
      identity = await api("GET", "api/whoami");
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return new Promise(() => {});
      const main = document.getElementById("main");
      const alert = el("div", { cls: "alert", attrs: { role: "alert" } });
      if (main) main.prepend(alert);
      showError(alert, e);
      throw e;
    }
    renderHeader(identity.user);
    markReady();
    if (o.roles && !o.roles.includes(identity.user.role)) {
      const main = document.getElementById("main");
      if (main) {
        clear(main);
        main.appendChild(el("p", { cls: "alert", attrs: { role: "alert" }, i18n: "error.role" }));
      }
      return new Promise(() => {});
    }
    return identity;
  }

  /** `?name=value` of the page's address. */
  function param(name) {
    return new URLSearchParams(location.search).get(name);
  }

  function stateBadge(state) {
    return el("span", { cls: "badge state-" + state, i18n: "state." + state });
  }

  function verdictBadge(verdict) {
    if (!verdict) return el("span", { cls: "badge verdict-none", text: "—" });
    const slug = verdict.toLowerCase().replace(/\s+/g, "-");
    return el("span", { cls: "badge verdict-" + slug, i18n: "verdict." + verdict });
  }

  window.StdCheck = {
    t,
    has,
    get lang() {
      return lang;
    },
    setLang,
    applyI18n,
    el,
    clear,
    api,
    ApiError,
    errorMessage,
    showError,
    boot,
    homeFor,
    param,
    formatTime,
    formatBytes,
    stateBadge,
    verdictBadge,
    get identity() {
      return identity;
    },
  };
})();
