// The login page: name and password to POST /api/login, then the page asked for (?next=) or the role's page.
"use strict";

(function () {
  const S = StdCheck;

  /** Only a page of this site: a relative name like "submission.html?id=…", never "//host" or "http:…". */
  function safeNext(next, user) {
    if (next && /^[a-z]+\.html(\?[^#]*)?$/.test(next) && next !== "login.html") return next;
    return S.homeFor(user);
  }

  S.boot({ public: true }).then(() => {
    const form = document.getElementById("login-form");
    const error = document.getElementById("login-error");
    const button = document.getElementById("login-submit");
    document.getElementById("name").focus();
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      error.hidden = true;
      const name = document.getElementById("name").value.trim();
      const password = document.getElementById("password").value;
      if (!name || !password) {
        S.clear(error);
        error.appendChild(S.el("p", { i18n: "login.missing" }));
        error.hidden = false;
        return;
      }
      button.disabled = true;
      try {
        const identity = await S.api("POST", "api/login", { json: { name, password }, noRedirect: true });
        location.href = safeNext(S.param("next"), identity.user);
      } catch (e) {
        if (e.status === 401) {
          S.clear(error);
          error.appendChild(S.el("p", { i18n: "login.failed" }));
          error.hidden = false;
        } else {
          S.showError(error, e);
        }
        button.disabled = false;
      }
    });
  });
})();
