// Submission lists: "my submissions" (submissions.html, a producer's unit) and the inspector queue
// (queue.html, filtered by county / standard / status / verdict). The filters are the page's query, so a
// filtered list can be bookmarked; the list refreshes itself while a check is running.
"use strict";

(function () {
  const S = StdCheck;
  const queue = document.body.dataset.page === "queue";
  const FILTERS = ["county", "standard", "status", "verdict"];
  const RUNNING = ["uploaded", "queued", "checking"];

  S.boot({ roles: queue ? ["inspector", "admin"] : ["producer", "admin"] }).then(() => {
    const form = document.getElementById("filters");
    const body = document.querySelector("#list tbody");
    const count = document.getElementById("list-count");
    const empty = document.getElementById("list-empty");
    const error = document.getElementById("list-error");
    const query = new URLSearchParams(location.search);
    for (const name of FILTERS) {
      const field = form.elements.namedItem(name);
      if (field && query.get(name)) field.value = query.get(name);
    }
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const next = new URLSearchParams();
      for (const name of FILTERS) {
        const field = form.elements.namedItem(name);
        if (field && field.value.trim()) next.set(name, field.value.trim());
      }
      const search = next.toString();
      history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
      load();
    });

    let timer = null;

    function row(s) {
      const link = S.el("a", { text: s.fileName, attrs: { href: "submission.html?id=" + encodeURIComponent(s.id) } });
      const cells = [
        S.el("td", { children: [link] }),
        S.el("td", { text: s.unit }),
        S.el("td", { text: s.owner }),
        S.el("td", { text: s.standard || "—" }),
        S.el("td", { children: [S.stateBadge(s.state)] }),
        S.el("td", { children: [S.verdictBadge(s.verdict)] }),
        S.el("td", { cls: "num", text: s.verdict ? s.errors + " / " + s.warnings : "—" }),
        S.el("td", { time: s.createdAt }),
      ];
      return S.el("tr", { attrs: { "data-id": s.id, "data-state": s.state }, children: cells });
    }

    async function load() {
      clearTimeout(timer);
      const params = new URLSearchParams(location.search);
      const api = new URLSearchParams();
      for (const name of FILTERS) if (params.get(name)) api.set(name, params.get(name));
      api.set("limit", "500");
      try {
        const answer = await S.api("GET", "api/submissions?" + api.toString());
        error.hidden = true;
        S.clear(body);
        for (const s of answer.submissions) body.appendChild(row(s));
        empty.hidden = answer.submissions.length > 0;
        count.dataset.i18n = "list.count";
        count.dataset.i18nVars = JSON.stringify({ n: answer.submissions.length });
        count.textContent = S.t("list.count", { n: answer.submissions.length });
        if (answer.submissions.some((s) => RUNNING.includes(s.state))) timer = setTimeout(load, 3000);
      } catch (e) {
        S.showError(error, e);
      }
    }

    load();
  });
})();
