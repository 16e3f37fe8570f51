// The upload page: a zip dropped on the page or chosen, sent with the tus client (resumable), submitted,
// then its check followed until the verdict, with a link to the submission and its report.
"use strict";

(function () {
  const S = StdCheck;
  const FINAL = ["checked", "accepted", "returned", "failed"];

  S.boot({ roles: ["producer", "admin"] }).then(() => {
    const form = document.getElementById("upload-form");
    const input = document.getElementById("file");
    const drop = document.getElementById("drop");
    const info = document.getElementById("file-info");
    const start = document.getElementById("upload-start");
    const status = document.getElementById("upload-status");
    const uploadBar = document.getElementById("upload-progress");
    const uploadText = document.getElementById("upload-text");
    const checkBar = document.getElementById("check-progress");
    const checkText = document.getElementById("check-text");
    const message = document.getElementById("upload-message");
    const error = document.getElementById("upload-error");
    const verdict = document.getElementById("verdict");
    let chosen = null;
    let busy = false;

    function say(key, vars) {
      message.dataset.i18n = key;
      message.dataset.i18nVars = vars ? JSON.stringify(vars) : "";
      message.textContent = S.t(key, vars);
    }

    function choose(file) {
      if (busy || !file) return;
      chosen = file;
      S.clear(info);
      info.appendChild(S.el("span", { i18n: "upload.chosen", vars: { name: file.name, size: S.formatBytes(file.size) } }));
      if (!/\.zip$/i.test(file.name)) {
        info.appendChild(document.createTextNode(" "));
        info.appendChild(S.el("strong", { i18n: "upload.notZip" }));
      }
      start.disabled = false;
    }

    input.addEventListener("change", () => choose(input.files && input.files[0]));
    // The whole page takes the drop, so the file need not land exactly on the box.
    for (const type of ["dragenter", "dragover"]) {
      document.addEventListener(type, (event) => {
        event.preventDefault();
        if (!busy) drop.classList.add("over");
      });
    }
    document.addEventListener("dragleave", (event) => {
      if (event.target === document.documentElement || event.target === drop) drop.classList.remove("over");
    });
    document.addEventListener("drop", (event) => {
      event.preventDefault();
      drop.classList.remove("over");
      const files = event.dataTransfer && event.dataTransfer.files;
      if (files && files.length) choose(files[0]);
    });

    function percent(done, total) {
      return total > 0 ? Math.floor((done / total) * 1000) / 10 : 100;
    }

    function showUpload(sent, total) {
      uploadBar.value = percent(sent, total);
      uploadText.textContent = S.formatBytes(sent) + " / " + S.formatBytes(total) + " (" + uploadBar.value + "%)";
    }

    function showCheck(submission) {
      const p = submission.progress;
      if (FINAL.includes(submission.state)) {
        checkBar.value = 100;
      } else if (p) {
        checkBar.value = Math.round(p.fraction * 1000) / 10;
      } else {
        checkBar.removeAttribute("value");
      }
      S.clear(checkText);
      checkText.appendChild(S.stateBadge(submission.state));
      if (p && !FINAL.includes(submission.state)) {
        checkText.appendChild(document.createTextNode(" "));
        checkText.appendChild(S.el("span", { i18n: "phase." + p.phase }));
        if (p.detail) checkText.appendChild(S.el("span", { cls: "muted", text: " " + p.detail }));
      }
    }

    function showVerdict(submission) {
      S.clear(verdict);
      verdict.hidden = false;
      const link = S.el("a", { i18n: "upload.openReport", attrs: { href: "submission.html?id=" + encodeURIComponent(submission.id), id: "open-submission" } });
      if (submission.state === "failed") {
        verdict.appendChild(S.el("p", { children: [S.stateBadge("failed")] }));
        verdict.appendChild(S.el("p", { text: submission.failureReason || "" }));
      } else {
        verdict.appendChild(S.el("p", { cls: "verdict-line", children: [S.el("span", { i18n: "col.verdict" }), document.createTextNode(" "), S.verdictBadge(submission.verdict)] }));
        verdict.appendChild(S.el("p", { i18n: "upload.counts", vars: { errors: submission.errors, warnings: submission.warnings } }));
        if (submission.duplicateOf) verdict.appendChild(S.el("p", { cls: "muted", i18n: "upload.duplicate" }));
      }
      verdict.appendChild(S.el("p", { children: [link] }));
      link.focus();
    }

    async function follow(submission) {
      let current = submission;
      while (!FINAL.includes(current.state)) {
        showCheck(current);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        try {
          current = await S.api("GET", "api/submissions/" + encodeURIComponent(current.id));
        } catch (e) {
          if (e.status && e.status < 500) throw e;
          say("upload.pollRetry");
        }
      }
      showCheck(current);
      return current;
    }

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (busy || !chosen) return;
      busy = true;
      start.disabled = true;
      input.disabled = true;
      status.hidden = false;
      error.hidden = true;
      verdict.hidden = true;
      uploadBar.value = 0;
      checkBar.value = 0;
      checkText.textContent = "";
      const standard = document.getElementById("standard").value.trim();
      const chunk = Number(S.param("chunk"));
      // ?chunk=N (bytes) makes smaller PATCH requests, to watch a resume happen.
      const options = {
        endpoint: "api/uploads",
        metadata: { filename: chosen.name, standard: standard || undefined },
        headers: () => (S.identity && S.identity.csrf ? { "X-CSRF-Token": S.identity.csrf } : {}),
        onProgress: showUpload,
        onEvent: (kind, detail) => {
          if (kind === "created") say("upload.sending");
          if (kind === "retry") say("upload.retry", { seconds: Math.round(detail.delay / 100) / 10 });
          if (kind === "resumed") say("upload.resumed", { offset: S.formatBytes(detail) });
          if (kind === "complete") say("upload.sent");
        },
      };
      if (chunk > 0) options.chunkSize = chunk;
      const upload = new TusUpload(chosen, options);
      try {
        say("upload.starting");
        const done = await upload.start();
        showUpload(chosen.size, chosen.size);
        say("upload.submitting");
        const body = { upload: done.id };
        if (standard) body.standard = standard;
        const submission = await S.api("POST", "api/submissions", { json: body });
        say("upload.waiting");
        const final = await follow(submission);
        say(final.state === "failed" ? "upload.failed" : "upload.done");
        showVerdict(final);
      } catch (e) {
        S.showError(error, e);
        say("upload.stopped");
      } finally {
        busy = false;
        input.disabled = false;
        start.disabled = !chosen;
      }
    });
  });
})();
