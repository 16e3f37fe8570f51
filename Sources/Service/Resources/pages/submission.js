// One submission: its facts, the check's progress while it runs, the decision (accepted / returned, with
// the comment), the review form for inspectors and admins, every report format to download, and the HTML
// report embedded.
"use strict";

(function () {
  const S = StdCheck;
  const RUNNING = ["uploaded", "queued", "checking"];
  const FORMATS = { text: "txt", json: "json", jsonl: "jsonl", html: "html", sarif: "sarif", junit: "xml", geojson: "geojson", csv: "csv", iso19157: "xml" };

  S.boot({}).then((identity) => {
    const id = S.param("id") || "";
    const error = document.getElementById("detail-error");
    const reviewer = identity.user.role === "inspector" || identity.user.role === "admin";
    const back = document.getElementById("back");
    back.href = reviewer ? "queue.html" : "submissions.html";
    if (!/^[0-9a-f]{32}$/.test(id)) {
      S.clear(error);
      error.appendChild(S.el("p", { i18n: "error.not-found" }));
      error.hidden = false;
      return;
    }
    const base = "api/submissions/" + id;
    let shownReports = false;

    function fact(key, value) {
      const dd = value instanceof Node ? S.el("dd", { children: [value] }) : S.el("dd", { text: value === null || value === undefined || value === "" ? "—" : value });
      return [S.el("dt", { i18n: key }), dd];
    }

    function renderFacts(s) {
      const facts = document.getElementById("facts");
      S.clear(facts);
      const rows = [
        fact("col.state", S.stateBadge(s.state)),
        fact("col.verdict", S.verdictBadge(s.verdict)),
        fact("col.findings", s.verdict ? s.errors + " / " + s.warnings : null),
        fact("col.standard", s.standard),
        fact("col.unit", s.unit),
        fact("col.owner", s.owner),
        fact("detail.size", S.formatBytes(s.size)),
        fact("detail.sha256", S.el("code", { text: s.sha256 })),
        fact("col.created", S.el("span", { time: s.createdAt })),
        fact("detail.checkedAt", s.checkedAt ? S.el("span", { time: s.checkedAt }) : null),
      ];
      if (s.exitStatus !== null && s.exitStatus !== undefined) rows.push(fact("detail.exitStatus", String(s.exitStatus)));
      if (s.duplicateOf) {
        rows.push(fact("detail.duplicateOf", S.el("a", { text: s.duplicateOf, attrs: { href: "submission.html?id=" + encodeURIComponent(s.duplicateOf) } })));
      }
      if (s.failureReason) rows.push(fact("detail.failure", s.failureReason));
      for (const [dt, dd] of rows) {
        facts.appendChild(dt);
        facts.appendChild(dd);
      }
    }

    function renderProgress(s) {
      const block = document.getElementById("progress-block");
      const bar = document.getElementById("detail-progress");
      const text = document.getElementById("detail-progress-text");
      block.hidden = !RUNNING.includes(s.state);
      if (block.hidden) return;
      if (s.progress) bar.value = Math.round(s.progress.fraction * 1000) / 10;
      else bar.removeAttribute("value");
      S.clear(text);
      text.appendChild(S.el("span", { i18n: s.progress ? "phase." + s.progress.phase : "state." + s.state }));
      if (s.progress && s.progress.detail) text.appendChild(S.el("span", { text: " " + s.progress.detail }));
    }

    function renderDecision(s) {
      const section = document.getElementById("decision");
      const body = document.getElementById("decision-body");
      section.hidden = !s.decision;
      if (!s.decision) return;
      S.clear(body);
      const state = s.decision === "accept" ? "accepted" : "returned";
      body.appendChild(S.el("p", { cls: "decision-line", children: [S.stateBadge(state)] }));
      const by = S.el("p", { cls: "muted", children: [S.el("span", { i18n: "detail.decidedBy", vars: { name: s.decidedBy || "—" } }), document.createTextNode(" · "), S.el("span", { time: s.decidedAt })] });
      body.appendChild(by);
      if (s.decisionComment) {
        body.appendChild(S.el("h3", { i18n: "detail.comment" }));
        body.appendChild(S.el("blockquote", { cls: "comment", attrs: { id: "decision-comment" }, text: s.decisionComment }));
      }
    }

    function renderReview(s) {
      document.getElementById("review").hidden = !(reviewer && s.state === "checked");
    }

    function renderReports(s) {
      const section = document.getElementById("reports");
      section.hidden = !s.reports || s.reports.length === 0;
      if (section.hidden || shownReports) return;
      shownReports = true;
      const list = document.getElementById("downloads");
      S.clear(list);
      for (const format of s.reports) {
        const href = base + "/report/" + format;
        const link = S.el("a", { text: format, attrs: { href, download: "report." + (FORMATS[format] || format), "data-format": format } });
        list.appendChild(S.el("li", { children: [link] }));
      }
      const open = document.getElementById("report-open");
      if (s.reports.includes("html")) {
        open.href = base + "/report/html";
        document.getElementById("report-frame").src = base + "/report/html";
      } else {
        open.hidden = true;
        document.getElementById("report-frame").hidden = true;
      }
    }

    // The findings, a page at a time, each with the map the HTML report draws for it (the server sends
    // the report's own SVG and stylesheet; the page only places them).
    let findingsPage = 1;
    let findingsShown = false;

    async function loadFindings(page) {
      const section = document.getElementById("findings");
      try {
        const answer = await S.api("GET", base + "/findings?page=" + page);
        findingsPage = answer.page;
        if (!document.getElementById("map-style")) {
          document.head.appendChild(S.el("style", { attrs: { id: "map-style" }, text: answer.style }));
        }
        const list = document.getElementById("finding-list");
        S.clear(list);
        list.start = (answer.page - 1) * answer.size + 1;
        for (const f of answer.findings) {
          const item = S.el("li", { cls: "finding" + (f.map ? " mapped" : ""), attrs: { id: "finding-" + f.index, "data-rule": f.rule, "data-severity": f.severity } });
          item.appendChild(S.el("p", { cls: "fh", children: [
            S.el("span", { cls: "sev-" + f.severity, text: f.severity }),
            document.createTextNode(" "),
            S.el("code", { text: f.rule }),
            document.createTextNode(" "),
            S.el("code", { text: f.place }),
            f.key ? document.createTextNode(" " + f.key) : null,
          ] }));
          item.appendChild(S.el("p", { text: f.message.zh }));
          item.appendChild(S.el("p", { cls: "muted", attrs: { lang: "en" }, text: f.message.en }));
          if (f.related) item.appendChild(S.el("p", { cls: "muted", i18n: "detail.related", vars: { count: f.related } }));
          if (f.map) {
            // parsed inertly (no script runs in a parsed document), then moved in
            const parsed = new DOMParser().parseFromString(f.map, "text/html");
            const holder = S.el("div", { cls: "finding-map" });
            for (const node of Array.from(parsed.body.childNodes)) holder.appendChild(document.adoptNode(node));
            item.appendChild(holder);
          }
          list.appendChild(item);
        }
        const count = document.getElementById("findings-count");
        S.clear(count);
        count.appendChild(answer.total === 0
          ? S.el("span", { i18n: "detail.noFindings" })
          : S.el("span", { i18n: "detail.findingsCount", vars: { total: answer.total, page: answer.page, pages: answer.pages } }));
        document.getElementById("findings-page").textContent = answer.page + " / " + answer.pages;
        document.getElementById("findings-prev").disabled = answer.page <= 1;
        document.getElementById("findings-next").disabled = answer.page >= answer.pages;
        section.hidden = false;
      } catch (e) {
        // a report written before the maps were (or none at all): the section stays hidden
        section.hidden = true;
      }
    }

    function renderFindings(s) {
      if (findingsShown || !s.reports || s.reports.length === 0) return;
      findingsShown = true;
      loadFindings(1);
    }

    function render(s) {
      const title = document.getElementById("title");
      title.textContent = s.fileName;
      document.title = s.fileName + " · StdCheck";
      renderFacts(s);
      renderProgress(s);
      renderDecision(s);
      renderReview(s);
      renderReports(s);
      renderFindings(s);
    }

    async function load() {
      try {
        const s = await S.api("GET", base);
        error.hidden = true;
        render(s);
        if (RUNNING.includes(s.state)) setTimeout(load, 1000);
      } catch (e) {
        S.showError(error, e);
        if (!e.status || e.status >= 500) setTimeout(load, 3000);
      }
    }

    async function decide(decision) {
      const reviewError = document.getElementById("review-error");
      const buttons = [document.getElementById("accept"), document.getElementById("return")];
      const comment = document.getElementById("comment").value;
      if (decision === "return" && !comment.trim()) {
        S.clear(reviewError);
        reviewError.appendChild(S.el("p", { i18n: "detail.commentNeeded" }));
        reviewError.hidden = false;
        document.getElementById("comment").focus();
        return;
      }
      reviewError.hidden = true;
      for (const b of buttons) b.disabled = true;
      try {
        const s = await S.api("POST", base + "/decision", { json: { decision, comment } });
        render(s);
        document.getElementById("decision-heading").focus();
      } catch (e) {
        S.showError(reviewError, e);
      } finally {
        for (const b of buttons) b.disabled = false;
      }
    }

    document.getElementById("findings-prev").addEventListener("click", () => loadFindings(findingsPage - 1));
    document.getElementById("findings-next").addEventListener("click", () => loadFindings(findingsPage + 1));
    document.getElementById("decision-heading").tabIndex = -1;
    document.getElementById("accept").addEventListener("click", () => decide("accept"));
    document.getElementById("return").addEventListener("click", () => decide("return"));
    load();
  });
})();
