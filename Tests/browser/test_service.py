#!/usr/bin/env python3
"""The service in a real browser: Debian's chromium driven by Selenium (chromium-driver).

Starts `stdcheck serve` on a temporary SQLite database and data folder at a free loopback port, makes a
producer (unit 130123, the county of fixtures/sample-county) and an inspector (region 1301) with
`stdcheck serve admin add-user`, then:

  1. the login page follows the browser's language (English for an en-US browser, Chinese for zh-CN);
  2. the producer logs in, uploads fixtures/sample-county as a zip through the page's file input, waits for
     the verdict (NON-CONFORMANT: the sample has deliberate defects), opens the submission, sees the HTML
     report in its frame and downloads every report format;
  3. the inspector logs in, filters the queue by county and status, opens the submission and returns it
     (退回) with a comment;
  4. the producer logs in and sees 退回 and the comment in its list and on the submission; switches to
     English (sees "Returned"), and the choice survives a reload;
  5. on a phone-sized window the pages do not scroll sideways;
  6. a second upload, dropped on the page and sent in small chunks over a throttled connection, loses its connection half-way
     (DevTools offline), and the page's tus client asks the server for the offset and finishes it; a
     third one survives a reload of the page (the same upload goes on, no new one is made);
  7. an admin adds a user and makes an API token on the users page (the token works), then revokes it
     (it stops working).

Every step saves a screenshot (default .build/browser-shots/, or --shots); the path is printed. The
browser's console must hold no script error. Exit status 0 when every step passed, 1 when one failed,
77 when chromium, chromedriver or Selenium is missing (the Swift test reports that as a skip, except under
CI=true where it fails).

    .build-venv/bin/python Tests/browser/test_service.py [--stdcheck .build/debug/stdcheck] [--shots DIR]
"""

import argparse
import base64
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = 77
COUNTY = "130123"
PRODUCER = ("producer1", "producer-password-1")
INSPECTOR = ("inspector1", "inspector-password-1")
ADMIN = ("admin1", "admin-password-1")
COMMENT = "DLTB 图斑编号重复，请修改后重新提交。 Duplicated DLTB numbers: fix them and submit again."

try:
    from selenium import webdriver
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.chrome.service import Service as ChromeService
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:  # reported in main()
    webdriver = None


def find_program(*names):
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_zip(folder, target):
    """The fixture folder as a zip, entries at the root, in name order, with a fixed date."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            if path.is_file():
                info = zipfile.ZipInfo(path.name, date_time=(2026, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    return target


class Run:
    def __init__(self, args):
        self.args = args
        self.stdcheck = str(Path(args.stdcheck).resolve())
        self.tmp = Path(tempfile.mkdtemp(prefix="stdcheck-browser-"))
        self.data = self.tmp / "data"
        self.shots = Path(args.shots).resolve()
        self.port = free_port()
        self.base = "http://127.0.0.1:%d/" % self.port
        self.server = None
        self.server_log = self.tmp / "server.log"
        self.driver = None
        self.step = 0
        self.console = []

    # --- the server -------------------------------------------------------------------------------

    def add_user(self, name, password, role, *extra):
        command = [self.stdcheck, "serve", "admin", "add-user", "--data", str(self.data),
                   "--name", name, "--role", role, *extra]  # the password: the first line of standard input
        done = subprocess.run(command, input=password + "\n", text=True, capture_output=True, timeout=120)
        if done.returncode != 0:
            raise AssertionError("add-user %s failed (%d): %s%s" % (name, done.returncode, done.stdout, done.stderr))

    def start_server(self):
        self.data.mkdir(parents=True)
        self.add_user(PRODUCER[0], PRODUCER[1], "producer", "--unit", COUNTY)
        self.add_user(INSPECTOR[0], INSPECTOR[1], "inspector", "--regions", COUNTY[:4])
        self.add_user(ADMIN[0], ADMIN[1], "admin")
        log = open(self.server_log, "wb")
        self.server = subprocess.Popen(
            [self.stdcheck, "serve", "--data", str(self.data), "--listen", "127.0.0.1:%d" % self.port,
             "--workers", "1"],
            stdout=log, stderr=subprocess.STDOUT, cwd=str(ROOT), start_new_session=True)
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.server.poll() is not None:
                raise AssertionError("stdcheck serve exited with %s:\n%s" % (self.server.returncode, self.log_tail()))
            try:
                with urllib.request.urlopen(self.base + "healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise AssertionError("stdcheck serve did not answer /healthz in 120 s:\n" + self.log_tail())

    def log_tail(self, lines=40):
        try:
            return "\n".join(self.server_log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop_server(self):
        if self.server and self.server.poll() is None:
            self.server.send_signal(signal.SIGTERM)
            try:
                self.server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()

    # --- the browser ------------------------------------------------------------------------------

    def open_browser(self, language):
        if self.driver:
            self.collect_console()
            self.driver.quit()
        options = webdriver.ChromeOptions()
        options.binary_location = self.args.chromium
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1000", "--lang=" + language,
                     "--user-data-dir=" + str(self.tmp / ("profile-" + language))):
            options.add_argument(flag)
        options.add_experimental_option("prefs", {"intl.accept_languages": language})
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(service=ChromeService(executable_path=self.args.chromedriver), options=options)
        self.driver.set_page_load_timeout(60)

    def collect_console(self):
        try:
            self.console.extend(self.driver.get_log("browser"))
        except Exception:  # noqa: BLE001 — a driver without logs has nothing to say
            pass

    def shot(self, name):
        self.step += 1
        path = self.shots / ("%02d-%s.png" % (self.step, name))
        self.driver.save_screenshot(str(path))
        print("  screenshot", path, flush=True)

    def wait(self, condition, timeout=30, message=""):
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.2).until(lambda d: condition())
        except TimeoutException:
            self.shot("timeout")
            raise AssertionError("timed out after %d s: %s (page %s)" % (timeout, message, self.driver.current_url))

    def by_id(self, element_id):
        return self.driver.find_element(By.ID, element_id)

    def visible(self, element_id):
        found = self.driver.find_elements(By.ID, element_id)
        return found[0] if found and found[0].is_displayed() else None

    def text(self, element_id):
        return self.by_id(element_id).text

    def ready(self):
        """The page's script has set itself up (app.js marks <html data-ready> after it)."""
        return self.driver.execute_script("return document.documentElement.dataset.ready === 'true'")

    def open_page(self, url, message):
        self.driver.get(url)
        self.wait(self.ready, message=message)

    def page(self, name):
        return self.driver.current_url.split("?")[0].endswith("/" + name)

    def login(self, user):
        self.open_page(self.base + "login.html", "the login form")
        self.by_id("name").send_keys(user[0])
        self.by_id("password").send_keys(user[1])
        self.by_id("login-submit").click()
        self.wait(lambda: not self.page("login.html") and self.visible("logout") and self.ready(),
                  message="logged in as " + user[0])

    def logout(self):
        self.by_id("logout").click()
        self.wait(lambda: self.page("login.html"), message="back at the login page")

    # --- the steps --------------------------------------------------------------------------------

    def languages(self):
        print("1. the login page in the browser's language", flush=True)
        self.open_browser("en-US")
        self.driver.get(self.base + "login.html")
        self.wait(lambda: self.text("login-submit") == "Log in", message="an English login page")
        assert self.driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
        self.shot("login-en")
        self.open_browser("zh-CN")
        self.driver.get(self.base + "login.html")
        self.wait(lambda: self.text("login-submit") == "登录", message="a Chinese login page")
        self.shot("login-zh")

    def producer_uploads(self, archive):
        print("2. the producer uploads the sample county", flush=True)
        self.login(PRODUCER)
        assert self.page("upload.html"), self.driver.current_url
        self.by_id("file").send_keys(str(archive))
        self.wait(lambda: "sample-county.zip" in self.text("file-info"), message="the chosen file")
        self.by_id("standard").send_keys("gtdc@2020")
        self.shot("upload-chosen")
        self.by_id("upload-start").click()
        self.wait(lambda: self.visible("upload-status"), message="the progress bars")
        self.wait(lambda: self.visible("verdict"), timeout=300, message="the verdict")
        assert self.by_id("upload-progress").get_attribute("value") == "100"
        assert self.by_id("check-progress").get_attribute("value") == "100"
        verdict = self.text("verdict")
        assert "不符合标准" in verdict, verdict
        self.shot("upload-verdict")
        self.by_id("open-submission").click()
        self.wait(lambda: self.page("submission.html") and self.visible("reports"), message="the submission's reports")
        submission = self.driver.current_url.split("id=")[1]
        formats = [a.get_attribute("data-format") for a in self.driver.find_elements(By.CSS_SELECTOR, "#downloads a")]
        expected = ["text", "json", "jsonl", "html", "sarif", "junit", "geojson", "csv", "iso19157"]
        assert sorted(formats) == sorted(expected), formats
        # Every download answers 200 with the session cookie, and the JSON one is the report.
        for fmt in expected:
            status = self.driver.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "fetch('api/submissions/%s/report/%s', {credentials: 'same-origin'})"
                ".then(r => r.text().then(t => done([r.status, t]))).catch(e => done([0, String(e)]));"
                % (submission, fmt))
            assert status[0] == 200, (fmt, status[:1], status[1][:300])
            assert status[1].strip(), "empty %s report" % fmt
            if fmt == "json":
                report = json.loads(status[1])
                assert report["verdict"] == "non-conformant", report["verdict"]
            if fmt == "text":
                assert "NON-CONFORMANT" in status[1], status[1][:300]
        frame = self.by_id("report-frame")
        self.driver.switch_to.frame(frame)
        self.wait(lambda: "NON-CONFORMANT" in self.driver.find_element(By.TAG_NAME, "body").text,
                  message="the HTML report in its frame")
        self.driver.switch_to.default_content()
        self.shot("submission-report")
        self.driver.execute_script("document.getElementById('report-frame').scrollIntoView()")
        self.shot("submission-report-frame")
        # The findings, paged, each mapped one with the report's own map; a cross-layer finding draws the
        # features it involves (path.rel) with their BSM on hover.
        self.wait(lambda: self.visible("findings") and self.driver.find_elements(By.CSS_SELECTOR, "#finding-list svg.fmap"),
                  message="the findings with their maps")
        first_page = [li.get_attribute("id") for li in self.driver.find_elements(By.CSS_SELECTOR, "#finding-list > li")]
        assert first_page[0] == "finding-1" and len(first_page) == 20, first_page
        related = None
        for page in range(1, 30):
            related = self.driver.find_elements(By.CSS_SELECTOR, "#finding-list li.mapped path.rel")
            if related or self.by_id("findings-next").get_attribute("disabled"):
                break
            self.by_id("findings-next").click()
            first = "finding-%d" % (page * 20 + 1)
            self.wait(lambda: self.driver.find_elements(By.CSS_SELECTOR, "#finding-list > li#" + first),
                      message="page %d" % (page + 1))
        assert related, "no finding map draws related features"
        title = related[0].find_element(By.TAG_NAME, "title").get_attribute("textContent")
        assert "BSM" in title, title
        item = self.driver.execute_script("return arguments[0].closest('li')", related[0])
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", item)
        self.shot("submission-finding-maps")
        if os.environ.get("STDCHECK_RECORD") == "1":
            section = self.by_id("findings")
            section.screenshot(str(ROOT / "docs/images/service-finding-maps.png"))
            print("  recorded docs/images/service-finding-maps.png", flush=True)
        self.logout()
        return submission

    def inspector_returns(self, submission):
        print("3. the inspector returns it with a comment", flush=True)
        self.login(INSPECTOR)
        assert self.page("queue.html"), self.driver.current_url
        self.by_id("f-county").send_keys(COUNTY)
        Select(self.by_id("f-status")).select_by_value("checked")
        self.driver.find_element(By.CSS_SELECTOR, "#filters button[type=submit]").click()
        row = '#list tbody tr[data-id="%s"]' % submission
        self.wait(lambda: self.driver.find_elements(By.CSS_SELECTOR, row), message="the submission in the queue")
        assert "county=" + COUNTY in self.driver.current_url and "status=checked" in self.driver.current_url
        self.shot("queue-filtered")
        self.driver.find_element(By.CSS_SELECTOR, row + " a").click()
        self.wait(lambda: self.visible("review"), message="the review form")
        self.by_id("comment").send_keys(COMMENT)
        self.shot("review-form")
        self.by_id("return").click()
        self.wait(lambda: self.visible("decision") and "退回" in self.text("decision"), message="the decision")
        assert not self.visible("review")
        self.shot("returned")
        self.logout()

    def producer_sees(self, submission):
        print("4. the producer sees 退回 and the comment", flush=True)
        # A link to the submission opened before logging in: the login page, then the submission.
        self.driver.get(self.base + "submission.html?id=" + submission)
        self.wait(lambda: self.page("login.html") and self.ready(), message="sent to the login page")
        self.by_id("name").send_keys(PRODUCER[0])
        self.by_id("password").send_keys(PRODUCER[1])
        self.by_id("login-submit").click()
        self.wait(lambda: self.page("submission.html") and self.visible("decision-comment"),
                  message="back at the submission after logging in")
        self.shot("producer-decision-zh")
        # The site's root sends a producer to the upload page; from there, my submissions.
        self.driver.get(self.base)
        self.wait(lambda: self.page("upload.html") and self.ready(), message="/ → upload.html")
        self.driver.find_element(By.CSS_SELECTOR, '#nav a[href="submissions.html"]').click()
        row = '#list tbody tr[data-id="%s"]' % submission
        self.wait(lambda: self.driver.find_elements(By.CSS_SELECTOR, row), message="the submission in my list")
        state = self.driver.find_element(By.CSS_SELECTOR, row + " .badge[class*=state-]").text
        assert state == "退回", state
        self.shot("mine-returned")
        self.driver.find_element(By.CSS_SELECTOR, row + " a").click()
        self.wait(lambda: self.visible("decision-comment"), message="the inspector's comment")
        assert self.text("decision-comment") == COMMENT, self.text("decision-comment")
        assert "inspector1" in self.text("decision-body")
        assert not self.visible("review"), "a producer must not see the review form"
        Select(self.by_id("lang-select")).select_by_value("en")
        self.wait(lambda: "Returned" in self.text("decision-body"), message="the English decision")
        self.driver.refresh()
        self.wait(lambda: self.visible("decision-comment") and "Returned" in self.text("decision-body"),
                  message="English remembered after a reload")
        assert self.driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
        self.shot("producer-decision-en")

    def narrow(self):
        print("5. a phone-sized window", flush=True)
        self.driver.set_window_size(390, 844)
        for name in ("submissions.html", "upload.html"):
            self.driver.get(self.base + name)
            self.wait(lambda: self.visible("logout") and self.ready(), message=name)
            time.sleep(0.5)
            wide = self.driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            assert wide <= 0, "%s scrolls sideways by %d px" % (name, wide)
            self.shot("narrow-" + name.replace(".html", ""))
        self.driver.set_window_size(1280, 1000)

    def resume(self, archive):
        print("6. a dropped connection, resumed", flush=True)
        self.open_page(self.base + "upload.html?chunk=4096", "the upload form")
        # A copy under another name: a new upload, not the one the browser remembers.
        copy = self.tmp / "sample-county-again.zip"
        shutil.copyfile(archive, copy)
        # Dropped on the page this time (a drop event carrying the file), not chosen in the file input.
        self.driver.execute_script(
            "const bytes = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0));"
            "const data = new DataTransfer();"
            "data.items.add(new File([bytes], arguments[1], {type: 'application/zip'}));"
            "document.getElementById('drop').dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));",
            base64.b64encode(copy.read_bytes()).decode(), copy.name)
        self.wait(lambda: copy.name in self.text("file-info"), message="the dropped file")
        slow = {"offline": False, "latency": 50, "download_throughput": 4 * 1024 * 1024,
                "upload_throughput": 8 * 1024}
        self.driver.set_network_conditions(**slow)
        self.by_id("upload-start").click()
        size = copy.stat().st_size
        self.wait(lambda: float(self.by_id("upload-progress").get_attribute("value") or 0) >= 25,
                  timeout=60, message="a quarter uploaded")
        self.driver.set_network_conditions(**dict(slow, offline=True))
        retrying = lambda: self.by_id("upload-message").get_attribute("data-i18n") == "upload.retry"
        self.wait(retrying, timeout=60, message="the retry message")
        self.shot("resume-offline")
        time.sleep(1.5)
        self.driver.set_network_conditions(**dict(slow, offline=False))
        self.wait(lambda: self.visible("verdict"), timeout=300, message="the verdict after resuming")
        self.driver.delete_network_conditions()
        self.shot("resume-done")
        # The bytes the server put together are the file's: nothing lost or doubled by the resume.
        link = self.by_id("open-submission").get_attribute("href")
        answer = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch('api/submissions/' + arguments[0], {credentials: 'same-origin'})"
            ".then(r => r.json()).then(done).catch(e => done({error: String(e)}));",
            link.split("id=")[1])
        expected = hashlib.sha256(copy.read_bytes()).hexdigest()
        assert answer.get("sha256") == expected, (answer, expected)
        # The server's request log shows the client asking where to go on (HEAD) before the rest.
        log = self.server_log.read_text(errors="replace")
        assert "HEAD /api/uploads/" in log, "no HEAD of the upload in the server's log"
        print("  resumed upload of %d bytes finished" % size, flush=True)

    def reload_resume(self, archive):
        print("6b. a page reloaded mid-upload resumes the same upload", flush=True)
        copy = self.tmp / "sample-county-reloaded.zip"
        shutil.copyfile(archive, copy)
        creations = lambda: self.server_log.read_text(errors="replace").count("POST /api/uploads ")
        before = creations()
        slow = {"offline": False, "latency": 50, "download_throughput": 4 * 1024 * 1024,
                "upload_throughput": 8 * 1024}
        self.open_page(self.base + "upload.html?chunk=4096", "the upload form")
        self.driver.set_network_conditions(**slow)
        self.by_id("file").send_keys(str(copy))
        self.by_id("upload-start").click()
        self.wait(lambda: float(self.by_id("upload-progress").get_attribute("value") or 0) >= 25,
                  timeout=60, message="a quarter uploaded")
        self.driver.refresh()
        self.wait(lambda: self.visible("file") and self.ready(), message="the reloaded upload form")
        self.by_id("file").send_keys(str(copy))
        self.by_id("upload-start").click()
        self.wait(lambda: self.by_id("upload-message").get_attribute("data-i18n") in ("upload.resumed", "upload.sent",
                                                                                     "upload.submitting", "upload.waiting",
                                                                                     "upload.done"),
                  timeout=60, message="the upload going on")
        self.wait(lambda: self.visible("verdict"), timeout=300, message="the verdict after the reload")
        self.driver.delete_network_conditions()
        self.shot("reload-resumed")
        assert creations() == before + 1, "the reloaded page made a new upload instead of resuming (%d)" % (
            creations() - before)
        link = self.by_id("open-submission").get_attribute("href")
        answer = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch('api/submissions/' + arguments[0], {credentials: 'same-origin'})"
            ".then(r => r.json()).then(done).catch(e => done({error: String(e)}));",
            link.split("id=")[1])
        expected = hashlib.sha256(copy.read_bytes()).hexdigest()
        assert answer.get("sha256") == expected, (answer, expected)

    def whoami_with(self, secret):
        request = urllib.request.Request(self.base + "api/whoami", headers={"Authorization": "Bearer " + secret})
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status
        except urllib.error.HTTPError as error:
            return error.code

    def admin(self):
        print("7. the admin adds a user, makes a token and revokes it", flush=True)
        self.logout()
        self.login(ADMIN)
        self.driver.find_element(By.CSS_SELECTOR, '#nav a[href="users.html"]').click()
        self.wait(lambda: self.driver.find_elements(By.CSS_SELECTOR, '#users tbody tr[data-name="%s"]' % PRODUCER[0]),
                  message="the users")
        self.by_id("u-name").send_keys("producer2")
        self.by_id("u-password").send_keys("producer-password-2")
        Select(self.by_id("u-role")).select_by_value("producer")
        self.by_id("u-unit").send_keys("130124")
        self.driver.find_element(By.CSS_SELECTOR, "#add-user button[type=submit]").click()
        added = '#users tbody tr[data-name="producer2"]'
        self.wait(lambda: self.driver.find_elements(By.CSS_SELECTOR, added), message="the added user")
        assert "130124" in self.driver.find_element(By.CSS_SELECTOR, added).text
        Select(self.by_id("t-user")).select_by_visible_text("producer2")
        self.by_id("t-name").send_keys("ci")
        self.driver.find_element(By.CSS_SELECTOR, "#add-token button[type=submit]").click()
        self.wait(lambda: self.visible("token-secret-value"), message="the token's secret")
        secret = self.text("token-secret-value")
        assert secret.startswith("sct_"), secret
        assert self.whoami_with(secret) == 200, "the new token does not work"
        self.shot("admin-token")
        row = "#tokens tbody tr"
        self.wait(lambda: self.driver.find_elements(By.CSS_SELECTOR, row + " button"), message="the revoke button")
        self.driver.find_element(By.CSS_SELECTOR, row + " button").click()
        self.wait(lambda: self.driver.switch_to.alert, message="the confirmation")
        self.driver.switch_to.alert.accept()
        self.wait(lambda: not self.driver.find_elements(By.CSS_SELECTOR, row + " button"), message="revoked")
        assert self.whoami_with(secret) == 401, "a revoked token still works"
        self.shot("admin-revoked")

    def console_errors(self):
        self.collect_console()
        errors = []
        for entry in self.console:
            message = entry.get("message", "")
            if entry.get("level") != "SEVERE":
                continue
            # A refused request (the 401 of a page opened before logging in, a dropped connection) is the
            # network's message, not a script error.
            if "Failed to load resource" in message or "net::ERR_" in message:
                continue
            errors.append(message)
        return errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stdcheck", default=os.environ.get("STDCHECK_BIN", str(ROOT / ".build/debug/stdcheck")))
    parser.add_argument("--shots", default=os.environ.get("STDCHECK_SHOTS", str(ROOT / ".build/browser-shots")))
    parser.add_argument("--chromium", default=find_program("chromium", "chromium-browser", "google-chrome"))
    parser.add_argument("--chromedriver", default=find_program("chromedriver"))
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (database, server log)")
    args = parser.parse_args()

    missing = []
    if webdriver is None:
        missing.append("selenium (pip install selenium, in .build-venv: scripts/ensure-test-deps.sh)")
    if not args.chromium:
        missing.append("chromium (apt-get install chromium)")
    if not args.chromedriver:
        missing.append("chromedriver (apt-get install chromium-driver)")
    if missing:
        print("SKIP: missing " + "; ".join(missing), file=sys.stderr)
        return SKIP
    if not os.access(args.stdcheck, os.X_OK):
        print("FAIL: no stdcheck binary at %s (swift build)" % args.stdcheck, file=sys.stderr)
        return 1
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not download a driver

    # A test runner's time limit sends SIGTERM: leave through the finally below (browser, server, folder).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    run = Run(args)
    run.shots.mkdir(parents=True, exist_ok=True)
    for old in run.shots.glob("*.png"):
        old.unlink()
    print("screenshots:", run.shots, flush=True)
    failed = False
    try:
        archive = make_zip(ROOT / "fixtures/sample-county", run.tmp / "sample-county.zip")
        run.start_server()
        print("server:", run.base, flush=True)
        run.languages()
        submission = run.producer_uploads(archive)
        run.inspector_returns(submission)
        run.producer_sees(submission)
        run.narrow()
        run.resume(archive)
        run.reload_resume(archive)
        run.admin()
        errors = run.console_errors()
        assert not errors, "script errors in the browser console:\n" + "\n".join(errors)
        print("PASS: %d screenshots in %s" % (run.step, run.shots), flush=True)
    except Exception:  # noqa: BLE001 — every failure is reported with the server's log
        failed = True
        traceback.print_exc()
        print("--- server log (last lines) ---\n" + run.log_tail(), file=sys.stderr)
        if run.driver:
            run.collect_console()
            for entry in run.console[-20:]:
                print("console:", json.dumps(entry, ensure_ascii=False), file=sys.stderr)
    finally:
        if run.driver:
            try:
                run.driver.quit()
            except Exception:  # noqa: BLE001
                pass
        run.stop_server()
        if args.keep or failed:
            print("kept:", run.tmp, flush=True)
        else:
            shutil.rmtree(run.tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
