"""Opens the saved quick-start notebook in classic Jupyter Notebook (Debian's jupyter-notebook) in headless
Chromium, untrusted (as every downloaded notebook is) and trusted, and checks what a person would see: the
table's rows, the histogram's bars, the transcript's boxes and a foldable tool call."""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

import nbformat
from nbformat.sign import NotebookNotary
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
NOTEBOOK = os.path.join(ROOT, "notebooks", "01_quick_start.ipynb")
SHOTS = os.environ.get("ENVBOOK_SCREENSHOTS")  # a folder to keep screenshots in, for a person to look at

# The histogram image's blue bars (#4c78a8), counted on a canvas: the image is there, drawn, and not blank.
BLUE_PIXELS = """
const img = arguments[0];
const c = document.createElement('canvas');
c.width = img.naturalWidth; c.height = img.naturalHeight;
const g = c.getContext('2d'); g.drawImage(img, 0, 0);
const d = g.getImageData(0, 0, c.width, c.height).data;
let n = 0;
for (let i = 0; i < d.length; i += 4) { if (Math.abs(d[i] - 76) < 8 && Math.abs(d[i + 1] - 120) < 8 && Math.abs(d[i + 2] - 168) < 8) n++; }
return n;
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SavedNotebookInABrowser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="envbook-browser-")
        env = dict(os.environ, JUPYTER_DATA_DIR=os.path.join(cls.work, "data"), JUPYTER_CONFIG_DIR=os.path.join(cls.work, "config"),
                   JUPYTER_RUNTIME_DIR=os.path.join(cls.work, "runtime"))
        notebooks = os.path.join(cls.work, "notebooks")
        os.makedirs(notebooks)
        os.makedirs(env["JUPYTER_DATA_DIR"])
        nb = nbformat.read(NOTEBOOK, as_version=4)
        nbformat.write(nb, os.path.join(notebooks, "trusted.ipynb"))
        NotebookNotary(data_dir=env["JUPYTER_DATA_DIR"]).sign(nb)
        nb.metadata["copy"] = "untrusted"  # a signature covers the content, so the untrusted copy must differ
        nbformat.write(nb, os.path.join(notebooks, "untrusted.ipynb"))
        cls.port = free_port()
        cls.log = open(os.path.join(cls.work, "notebook.log"), "w")
        cls.server = subprocess.Popen(
            [sys.executable, "-m", "notebook", "--no-browser", "--ip=127.0.0.1", "--port=%d" % cls.port, "--port-retries=0",
             "--allow-root", "--NotebookApp.token=", "--NotebookApp.password=", "--notebook-dir=" + notebooks],
            env=env, stdout=cls.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen("http://127.0.0.1:%d/api" % cls.port, timeout=2)
                break
            except OSError:
                if time.time() > deadline or cls.server.poll() is not None:
                    raise AssertionError("jupyter notebook did not start: " + open(cls.log.name).read())
                time.sleep(0.3)
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--window-size=1280,4000", "--user-data-dir=" + os.path.join(cls.work, "chromium")):
            options.add_argument(arg)
        cls.browser = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)

    @classmethod
    def tearDownClass(cls):
        cls.browser.quit()
        cls.server.terminate()
        cls.server.wait(timeout=30)
        cls.log.close()
        shutil.rmtree(cls.work, ignore_errors=True)

    def open(self, name):
        self.browser.get("http://127.0.0.1:%d/notebooks/%s" % (self.port, name))
        WebDriverWait(self.browser, 60).until(lambda b: len(b.find_elements(By.CSS_SELECTOR, ".output_subarea")) >= 5)
        time.sleep(1)  # images decode
        if SHOTS:
            os.makedirs(SHOTS, exist_ok=True)
            self.browser.save_screenshot(os.path.join(SHOTS, name.replace(".ipynb", ".png")))
        return self.browser.find_element(By.ID, "notification_trusted").text

    def visible(self, css):
        return [e for e in self.browser.find_elements(By.CSS_SELECTOR, css) if e.is_displayed() and e.size["height"] > 0]

    def check_what_a_person_sees(self):
        rows = self.visible(".output_html table tbody tr")
        self.assertGreaterEqual(len(rows), 9, "the run's table rows")
        self.assertIn("fr", rows[0].text)
        self.assertTrue(self.visible(".output_html progress"), "the progress bar")
        images = self.visible(".output_png img")
        self.assertEqual(len(images), 1, "the histogram image")
        self.assertGreater(self.browser.execute_script(BLUE_PIXELS, images[0]), 2000, "the histogram's bars")
        legends = [e.text for e in self.visible(".output_html fieldset legend")]
        self.assertIn("user", legends)
        self.assertIn("assistant", legends)
        boxes = self.visible(".output_html fieldset")
        self.assertTrue(any(b.value_of_css_property("border-top-style") != "none" or b.find_element(By.TAG_NAME, "legend")
                            .value_of_css_property("border-bottom-style") != "none" for b in boxes), "the transcript's boxes")
        summaries = [e.text for e in self.visible(".output_html summary")]
        self.assertTrue(any(s.startswith("▸ reward histogram") for s in summaries), summaries)

    def test_an_untrusted_notebook_shows_rows_bars_and_transcript(self):
        self.assertEqual(self.open("untrusted.ipynb"), "Not Trusted")
        self.check_what_a_person_sees()

    def test_a_trusted_notebook_shows_them_too(self):
        self.assertEqual(self.open("trusted.ipynb"), "Trusted")
        self.check_what_a_person_sees()


if __name__ == "__main__":
    unittest.main()
