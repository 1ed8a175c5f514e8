"""Executes every notebook in notebooks/ with nbclient against the installed envbook kernels; fails on any cell error."""
import glob
import os
import sys
import tempfile

import nbformat
from nbclient import NotebookClient

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))


def main():
    paths = sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")))
    if not paths:
        print("no notebooks found under", os.path.join(ROOT, "notebooks"))
        return 1
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        kernel = nb.metadata["kernelspec"]["name"]
        work = tempfile.mkdtemp(prefix="envbook-nb-")
        NotebookClient(nb, timeout=300, kernel_name=kernel, resources={"metadata": {"path": work}}).execute()
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
        if errors:
            print("%s: %d cell errors: %s" % (os.path.basename(path), len(errors), errors[0].get("evalue")))
            return 1
        print("%s: ok (%s, %d cells)" % (os.path.basename(path), kernel, len(nb.cells)))
    print("%d passed, 0 failed" % len(paths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
