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

    function render(s) {
      const title = document.getElementById("title");
      title.textContent = s.fileName;
      document.title = s.fileName + " · StdCheck";
      renderFacts(s);
      renderProgress(s);
      renderDecision(s);
      renderReview(s);
      renderReports(s);
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

    document.getElementById("decision-heading").tabIndex = -1;
    document.getElementById("accept").addEventListener("click", () => decide("accept"));
    document.getElementById("return").addEventListener("click", () => decide("return"));
    load();
  });
})();
