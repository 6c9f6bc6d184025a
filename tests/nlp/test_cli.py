"""The train and eval commands, run for real on a tiny Traffy-format CSV written here."""
import gzip
import pathlib

import pytest
from click.testing import CliRunner

from nlp.cli import nlp_group
from nlp.labels import LABELS
from nlp.model import load_model, read_header
from tests.nlp.synthetic import rows, write_csv



@pytest.fixture
def tiny_csv(tmp_path):
    return pathlib.Path(write_csv(tmp_path / "tiny.csv.gz", rows(late=False)))


def test_train_without_until_learns_from_every_ticket_and_eval_prints_the_figures(tiny_csv, tmp_path):
    out = tmp_path / "model.npz"
    runner = CliRunner()
    result = runner.invoke(nlp_group, ["train", "--data", str(tiny_csv), "--out", str(out)])
    assert result.exit_code == 0, result.output
    header = read_header(str(out))
    assert header["data_file"] == "tiny.csv.gz" and header["trained_on_everything"]
    assert header["train_until"] == "all" and header["train_tickets"] == 240
    assert header["train_last"] == "2022-10-28"  # the day of the last ticket in the file
    assert (tmp_path / "places.npz").exists()
    assert LABELS[load_model(str(out)).predict_proba(["น้ำท่วมขังสูงมาก"]).argmax()] == "น้ำท่วม"

    result = runner.invoke(nlp_group, ["eval", "--data", str(tiny_csv), "--model", str(out)])
    assert result.exit_code == 0, result.output
    assert "inside the test window" in result.output  # a model that saw the test tickets says so
    for figure in ("top-1 accuracy", "top-3 accuracy", "micro-F1", "macro-F1", "precision", "most confused", "messages/second",
                   "district agrees"):
        assert figure in result.output


def test_train_accepts_an_explicit_split_date_and_a_plain_csv(tiny_csv, tmp_path):
    plain = tmp_path / "tiny.csv"
    plain.write_bytes(gzip.decompress(tiny_csv.read_bytes()))
    out = tmp_path / "m.npz"
    result = CliRunner().invoke(nlp_group, ["train", "--data", str(plain), "--out", str(out), "--until", "2022-07-15"])
    assert result.exit_code == 0, result.output
    header = read_header(str(out))
    assert header["train_until"] == "2022-07-15" and not header["trained_on_everything"]
    assert header["train_last"] < "2022-07-15"


def test_python_dash_m_nlp_runs_the_same_commands():
    import os
    import subprocess
    import sys

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = subprocess.run([sys.executable, "-m", "nlp", "--help"], capture_output=True, text=True, cwd=root,
                         timeout=60)
    assert out.returncode == 0 and "train" in out.stdout and "eval" in out.stdout
