// A small tus 1.0.0 client (core protocol + creation), enough for the upload page.
// Creates the upload (POST), sends the file in chunks (PATCH at Upload-Offset); when a request fails
// (a dropped connection, a timeout, a server error, an offset the server does not have) it waits, asks the
// server where it stands (HEAD → Upload-Offset) and goes on from there. The upload's address is kept in
// localStorage under the file's name, size and date, so a page reloaded mid-upload resumes it too.
"use strict";

(function () {
  const VERSION = "1.0.0";
  const STORE_PREFIX = "stdcheck.tus:";

  function base64(text) {
    const bytes = new TextEncoder().encode(text);
    let binary = "";
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary);
  }

  function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  class TusError extends Error {
    constructor(status, code, message) {
      super(message || code);
      this.status = status;
      this.code = code;
    }
  }

  async function problemOf(status, text) {
    let code = "http-" + status;
    let message = "";
    try {
      const problem = JSON.parse(text);
      if (problem && problem.error) {
        code = problem.error.code || code;
        message = problem.error.message || "";
      }
    } catch (e) {
      message = "";
    }
    return new TusError(status, code, message);
  }

  /**
   * options: endpoint ("api/uploads"), metadata ({filename, standard?}), chunkSize (bytes),
   * headers (a function returning extra headers, e.g. the CSRF token), onProgress(sent, total),
   * onEvent(kind, detail) — "created", "resumed" (offset), "retry" (attempt, delay), "complete".
   * retryDelays: milliseconds to wait before each successive retry without progress.
   */
  class TusUpload {
    constructor(file, options) {
      this.file = file;
      this.options = Object.assign(
        {
          endpoint: "api/uploads",
          metadata: {},
          chunkSize: 8 * 1024 * 1024,
          headers: () => ({}),
          onProgress: () => {},
          onEvent: () => {},
          retryDelays: [500, 1000, 2000, 4000, 8000, 15000, 30000],
        },
        options || {}
      );
      this.url = null;
      this.offset = 0;
      this.sha256 = null;
      this.xhr = null;
      this.aborted = false;
    }

    get fingerprint() {
      const f = this.file;
      return STORE_PREFIX + [f.name, f.size, f.lastModified || 0].join(":");
    }

    headers(extra) {
      return Object.assign({ "Tus-Resumable": VERSION }, this.options.headers() || {}, extra || {});
    }

    /** Uploads the whole file; resolves to {id, url, sha256}. */
    async start() {
      const saved = this.loadSaved();
      if (saved) {
        try {
          const head = await this.head(saved);
          if (head.length === this.file.size) {
            this.url = saved;
            this.offset = head.offset;
            this.options.onEvent("resumed", this.offset);
          }
        } catch (e) {
          this.forget();
        }
      }
      if (!this.url) await this.create();
      this.options.onProgress(this.offset, this.file.size);

      let failures = 0;
      while (this.offset < this.file.size) {
        if (this.aborted) throw new TusError(0, "aborted", "");
        const before = this.offset;
        try {
          await this.patch();
          failures = 0;
        } catch (error) {
          if (!this.retryable(error)) throw error;
          if (failures >= this.options.retryDelays.length) throw error;
          const delay = this.options.retryDelays[failures];
          failures += 1;
          this.options.onEvent("retry", { attempt: failures, delay, status: error.status });
          await sleep(delay);
          try {
            const head = await this.head(this.url);
            this.offset = head.offset;
            this.options.onEvent("resumed", this.offset);
            this.options.onProgress(this.offset, this.file.size);
            if (this.offset > before) failures = 0;
          } catch (headError) {
            if (!this.retryable(headError)) throw headError;
          }
        }
      }
      this.forget();
      this.options.onEvent("complete", this.sha256);
      return { id: this.url.replace(/[?#].*$/, "").replace(/^.*\//, ""), url: this.url, sha256: this.sha256 };
    }

    abort() {
      this.aborted = true;
      if (this.xhr) this.xhr.abort();
    }

    /** A dropped connection, a timeout, a server error or an offset mismatch: ask where it stands and go on. */
    retryable(error) {
      if (!(error instanceof TusError)) return true;
      if (error.code === "aborted") return false;
      return error.status === 0 || error.status === 409 || error.status === 423 || error.status >= 500;
    }

    async create() {
      const meta = Object.entries(this.options.metadata)
        .filter(([, value]) => value !== undefined && value !== null && value !== "")
        .map(([key, value]) => key + " " + base64(String(value)))
        .join(",");
      let response;
      try {
        response = await fetch(this.options.endpoint, {
          method: "POST",
          credentials: "same-origin",
          headers: this.headers({ "Upload-Length": String(this.file.size), "Upload-Metadata": meta }),
        });
      } catch (e) {
        throw new TusError(0, "network", String(e && e.message ? e.message : e));
      }
      if (response.status !== 201) throw await problemOf(response.status, await response.text());
      const location = response.headers.get("Location");
      if (!location) throw new TusError(response.status, "internal", "no Location");
      this.url = new URL(location, new URL(this.options.endpoint, document.baseURI)).href;
      this.offset = Number(response.headers.get("Upload-Offset") || 0);
      this.save();
      this.options.onEvent("created", this.url);
    }

    async head(url) {
      let response;
      try {
        response = await fetch(url, { method: "HEAD", credentials: "same-origin", cache: "no-store", headers: this.headers() });
      } catch (e) {
        throw new TusError(0, "network", String(e && e.message ? e.message : e));
      }
      if (!response.ok) throw new TusError(response.status, "http-" + response.status, "");
      const offset = Number(response.headers.get("Upload-Offset"));
      if (!Number.isFinite(offset) || offset < 0) throw new TusError(response.status, "internal", "no Upload-Offset");
      const length = Number(response.headers.get("Upload-Length"));
      return { offset, length: Number.isFinite(length) ? length : this.file.size };
    }

    /** One PATCH of the next chunk, with upload progress from XMLHttpRequest (fetch has none). */
    patch() {
      const start = this.offset;
      const end = Math.min(this.file.size, start + this.options.chunkSize);
      const chunk = this.file.slice(start, end);
      return new Promise((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        this.xhr = xhr;
        xhr.open("PATCH", this.url, true);
        const headers = this.headers({
          "Upload-Offset": String(start),
          "Content-Type": "application/offset+octet-stream",
        });
        for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
        xhr.upload.onprogress = (event) => {
          this.options.onProgress(Math.min(start + event.loaded, end), this.file.size);
        };
        xhr.onerror = () => reject(new TusError(0, "network", "connection lost"));
        xhr.ontimeout = () => reject(new TusError(0, "network", "timeout"));
        xhr.onabort = () => reject(new TusError(0, this.aborted ? "aborted" : "network", "aborted"));
        xhr.onload = () => {
          this.xhr = null;
          if (xhr.status !== 204 && xhr.status !== 200) {
            problemOf(xhr.status, xhr.responseText).then(reject);
            return;
          }
          const offset = Number(xhr.getResponseHeader("Upload-Offset"));
          if (!Number.isFinite(offset) || offset < start) {
            reject(new TusError(xhr.status, "internal", "bad Upload-Offset"));
            return;
          }
          this.offset = offset;
          const sha = xhr.getResponseHeader("Upload-Sha256");
          if (sha) this.sha256 = sha;
          this.options.onProgress(offset, this.file.size);
          resolve();
        };
        xhr.send(chunk);
      });
    }

    loadSaved() {
      try {
        return window.localStorage.getItem(this.fingerprint);
      } catch (e) {
        return null;
      }
    }

    save() {
      try {
        window.localStorage.setItem(this.fingerprint, this.url);
      } catch (e) {
        // Without storage only a reload cannot resume; a dropped connection still can.
      }
    }

    forget() {
      try {
        window.localStorage.removeItem(this.fingerprint);
      } catch (e) {
        // Nothing kept.
      }
    }
  }

  window.TusUpload = TusUpload;
  window.TusError = TusError;
})();
