// The admin page: every user, adding one, every API token, making one (its secret shown once) and revoking.
"use strict";

(function () {
  const S = StdCheck;

  S.boot({ roles: ["admin"] }).then(() => {
    const usersBody = document.querySelector("#users tbody");
    const tokensBody = document.querySelector("#tokens tbody");
    const pageError = document.getElementById("users-error");
    const role = document.getElementById("u-role");
    const tokenUser = document.getElementById("t-user");

    function roleFields() {
      document.getElementById("u-unit-field").hidden = role.value !== "producer";
      document.getElementById("u-regions-field").hidden = role.value !== "inspector";
    }
    role.addEventListener("change", roleFields);
    roleFields();

    async function loadUsers() {
      const answer = await S.api("GET", "api/admin/users");
      S.clear(usersBody);
      const selected = tokenUser.value;
      S.clear(tokenUser);
      for (const u of answer.users) {
        usersBody.appendChild(
          S.el("tr", {
            attrs: { "data-name": u.name },
            children: [
              S.el("td", { text: u.name }),
              S.el("td", { i18n: "role." + u.role }),
              S.el("td", { text: u.unit || "—" }),
              S.el("td", { text: u.regions && u.regions.length ? u.regions.join(", ") : "—" }),
              S.el("td", { time: u.createdAt }),
              S.el("td", { i18n: u.disabled ? "users.disabled" : "users.active" }),
            ],
          })
        );
        tokenUser.appendChild(S.el("option", { text: u.name, attrs: { value: u.name } }));
      }
      if (selected) tokenUser.value = selected;
    }

    async function revoke(token, button) {
      if (!window.confirm(S.t("tokens.confirmRevoke", { name: token.name }))) return;
      const error = document.getElementById("tokens-error");
      button.disabled = true;
      try {
        await S.api("DELETE", "api/admin/tokens/" + encodeURIComponent(token.id));
        error.hidden = true;
        await loadTokens();
      } catch (e) {
        S.showError(error, e);
        button.disabled = false;
      }
    }

    async function loadTokens() {
      const answer = await S.api("GET", "api/admin/tokens");
      S.clear(tokensBody);
      for (const token of answer.tokens) {
        const status = S.el("td");
        if (token.revoked) {
          status.appendChild(S.el("span", { i18n: "tokens.revoked" }));
        } else {
          // The token's name, unseen, tells a screen reader which token the button revokes.
          const button = S.el("button", {
            attrs: { type: "button" },
            children: [S.el("span", { i18n: "tokens.revoke" }), S.el("span", { cls: "sr-only", text: " " + token.name })],
          });
          button.addEventListener("click", () => revoke(token, button));
          status.appendChild(button);
        }
        tokensBody.appendChild(
          S.el("tr", {
            attrs: { "data-id": token.id },
            children: [
              S.el("td", { text: token.name }),
              S.el("td", { text: token.user }),
              S.el("td", { text: token.scopes.map((scope) => S.t("scope." + scope)).join(", ") }),
              S.el("td", { time: token.createdAt }),
              S.el("td", { time: token.lastUsedAt || "" }),
              status,
            ],
          })
        );
      }
    }

    document.getElementById("add-user").addEventListener("submit", async (event) => {
      event.preventDefault();
      const error = document.getElementById("add-error");
      const done = document.getElementById("add-done");
      error.hidden = true;
      done.textContent = "";
      const user = {
        name: document.getElementById("u-name").value.trim(),
        password: document.getElementById("u-password").value,
        role: role.value,
      };
      if (role.value === "producer") user.unit = document.getElementById("u-unit").value.trim();
      if (role.value === "inspector") {
        user.regions = document.getElementById("u-regions").value.split(/[,，\s]+/).filter((r) => r);
      }
      try {
        const made = await S.api("POST", "api/admin/users", { json: user });
        event.target.reset();
        roleFields();
        done.textContent = S.t("users.added", { name: made.name });
        await loadUsers();
      } catch (e) {
        S.showError(error, e);
      }
    });

    document.getElementById("add-token").addEventListener("submit", async (event) => {
      event.preventDefault();
      const error = document.getElementById("token-error");
      const secret = document.getElementById("token-secret");
      error.hidden = true;
      secret.hidden = true;
      const scopes = Array.from(document.querySelectorAll("#add-token input[name=scope]:checked")).map((box) => box.value);
      const request = { user: tokenUser.value, name: document.getElementById("t-name").value.trim(), scopes };
      try {
        const made = await S.api("POST", "api/admin/tokens", { json: request });
        S.clear(secret);
        secret.appendChild(S.el("p", { i18n: "tokens.secretOnce" }));
        secret.appendChild(S.el("code", { text: made.secret, attrs: { id: "token-secret-value" } }));
        secret.hidden = false;
        document.getElementById("t-name").value = "";
        await loadTokens();
      } catch (e) {
        S.showError(error, e);
      }
    });

    Promise.all([loadUsers(), loadTokens()]).catch((e) => S.showError(pageError, e));
  });
})();
