"""The shipped model: small, quick to load, no pickle or scikit-learn, and says where it came from."""
import json
import os
import subprocess
import sys

import numpy as np

from nlp.model import MODEL_FILE, read_header

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_the_shipped_model_is_at_most_20_mb():
    assert os.path.getsize(MODEL_FILE) <= 20 * 1024 * 1024


def test_the_shipped_model_loads_without_pickle():
    with np.load(MODEL_FILE, allow_pickle=False) as z:
        assert all(z[name].dtype != object for name in z.files)


def test_the_shipped_model_says_which_data_and_code_made_it():
    header = read_header()
    assert header["data_file"] == "traffy_2022_train.csv.gz"
    assert len(header["data_sha256"]) == 64
    assert header["code_version"]
    assert header["train_from"] < header["train_last"]
    # What ships learned from the whole file; held-out figures come from `nlp eval --walk-forward`.
    assert header["trained_on_everything"] and header["train_until"] == "all"
    assert header["train_last"] == "2022-10-31"
    assert header["labels"][0] == "ถนน"


def test_classifying_in_a_fresh_process_needs_neither_scikit_learn_scipy_nor_a_download():
    code = (
        "import json, sys, time; t = time.perf_counter(); import nlp; nlp.load(); "
        "load = time.perf_counter() - t; p = nlp.classify('น้ำท่วมขังหน้าบ้าน'); "
        "print(json.dumps([p[0].label, load, any(m.split('.')[0] in ('sklearn', 'scipy') for m in sys.modules)]))"
    )
    env = dict(os.environ, PYTHONPATH=ROOT, no_proxy="*", http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    label, load_seconds, heavy_loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert label == "น้ำท่วม"
    assert not heavy_loaded  # neither scikit-learn nor scipy: each costs tens of MB resident
    assert load_seconds < 3.0  # under 1 s on the bench machine; slack for busy CI hosts
