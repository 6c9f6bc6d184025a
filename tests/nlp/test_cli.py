"""The train and eval commands, run for real on a tiny Traffy-format CSV written here."""
import csv
import datetime as dt
import gzip
import random

import pytest
from click.testing import CliRunner

from nlp.cli import nlp_group
from nlp.labels import LABELS
from nlp.model import load_model, read_header

COLUMNS = ["ticket_id", "type", "comment", "coords", "address", "subdistrict", "district", "province",
           "timestamp", "state", "star", "count_reopen"]
REPORTS = {
    "ถนน": ["ถนนเป็นหลุมใหญ่", "ถนนยุบตัว", "ผิวถนนแตกร้าว", "ถนนขรุขระเป็นบ่อ", "หลุมบนถนนอันตราย"],
    "น้ำท่วม": ["น้ำท่วมขังสูง", "ฝนตกน้ำท่วมซอย", "น้ำท่วมหน้าบ้าน", "น้ำขังไม่ระบาย", "น้ำท่วมถึงเข่า"],
    "แสงสว่าง": ["ไฟดับทั้งซอย", "ไฟส่องสว่างเสีย", "เสาไฟไม่ติด", "ไฟทางดับมืดมาก", "หลอดไฟขาด"],
    "ต้นไม้": ["ต้นไม้ล้มขวางทาง", "กิ่งไม้หักห้อย", "ต้นไม้รกต้องตัดแต่ง", "ต้นไม้โค่น", "กิ่งไม้บังป้าย"],
}
PLACES = [(13.7650, 100.5383, "ทุ่งพญาไท", "ราชเทวี"), (13.8180, 100.5610, "ลาดยาว", "จตุจักร")]


@pytest.fixture
def tiny_csv(tmp_path):
    rng = random.Random(7)
    path = tmp_path / "tiny.csv.gz"
    start = dt.datetime(2022, 6, 1, tzinfo=dt.timezone.utc)
    rows = []
    for i in range(240):
        label = rng.choice(list(REPORTS))
        lat, lon, sub, district = rng.choice(PLACES)
        when = start + dt.timedelta(hours=i * 15)
        rows.append({
            "ticket_id": "2022-T%05d" % i, "type": label,
            "comment": "%s %s" % (rng.choice(REPORTS[label]), rng.choice(["ครับ", "ค่ะ", "ช่วยด้วย", ""])),
            "coords": "%.5f,%.5f" % (lon + rng.uniform(-0.002, 0.002), lat + rng.uniform(-0.002, 0.002)),
            "address": "", "subdistrict": sub, "district": district, "province": "กรุงเทพมหานคร",
            "timestamp": when.strftime("%Y-%m-%d %H:%M:%S.000000+00"), "state": "เสร็จสิ้น", "star": "",
            "count_reopen": "",
        })
    with gzip.open(path, "wt", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_train_writes_a_model_with_provenance_and_eval_prints_the_figures(tiny_csv, tmp_path):
    out = tmp_path / "model.npz"
    runner = CliRunner()
    result = runner.invoke(nlp_group, ["train", "--data", str(tiny_csv), "--out", str(out)])
    assert result.exit_code == 0, result.output
    header = read_header(str(out))
    assert header["data_file"] == "tiny.csv.gz" and header["train_until"] == "2022-09-01"
    assert (tmp_path / "places.npz").exists()
    assert LABELS[load_model(str(out)).predict_proba(["น้ำท่วมขังสูงมาก"]).argmax()] == "น้ำท่วม"

    result = runner.invoke(nlp_group, ["eval", "--data", str(tiny_csv), "--model", str(out)])
    assert result.exit_code == 0, result.output
    for figure in ("top-1 accuracy", "micro-F1", "macro-F1", "precision", "most confused", "messages/second",
                   "district agrees"):
        assert figure in result.output


def test_train_accepts_an_explicit_split_date_and_a_plain_csv(tiny_csv, tmp_path):
    plain = tmp_path / "tiny.csv"
    plain.write_bytes(gzip.decompress(tiny_csv.read_bytes()))
    out = tmp_path / "m.npz"
    result = CliRunner().invoke(nlp_group, ["train", "--data", str(plain), "--out", str(out), "--until", "2022-07-15"])
    assert result.exit_code == 0, result.output
    assert read_header(str(out))["train_until"] == "2022-07-15"


def test_python_dash_m_nlp_runs_the_same_commands():
    import os
    import subprocess
    import sys

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = subprocess.run([sys.executable, "-m", "nlp", "--help"], capture_output=True, text=True, cwd=root,
                         timeout=60)
    assert out.returncode == 0 and "train" in out.stdout and "eval" in out.stdout
