"""Walk-forward evaluation on a small generated file: monthly cuts, temporary models, late labels."""
import hashlib

import pytest
from click.testing import CliRunner

from nlp import dataset, train, walkforward
from nlp.cli import nlp_group
from nlp.model import MODEL_FILE
from tests.nlp.synthetic import LATE_LABEL, rows, write_csv


@pytest.fixture(scope="module")
def csv_path(tmp_path_factory):
    return write_csv(tmp_path_factory.mktemp("wf") / "traffy.csv.gz", rows(n=400, hours=9))


@pytest.fixture(scope="module")
def folds(csv_path):
    tickets = dataset.read_tickets(csv_path)
    reports, mean = walkforward.walk_forward(tickets, months=3)
    return tickets, reports, mean


def test_each_fold_trains_on_everything_before_its_monthly_cut_and_tests_on_the_month_after(folds):
    tickets, reports, _ = folds
    assert [r["cut"] for r in reports] == ["2022-08-01", "2022-09-01", "2022-10-01"]
    for r in reports:
        before = [t for t in dataset.labelled(tickets) if t.timestamp[:10] < r["cut"]]
        inside = [t for t in dataset.labelled(tickets) if r["cut"] <= t.timestamp[:10] < r["end"] + "~"]
        assert r["train_tickets"] == len(before) and r["tickets"] == len(inside)


def test_the_mean_is_the_average_of_the_folds(folds):
    _, reports, mean = folds
    for key in ("top1", "top3", "micro_f1", "macro_f1"):
        assert mean[key] == pytest.approx(sum(r[key] for r in reports) / len(reports))
    assert mean["tickets"] == sum(r["tickets"] for r in reports)


def test_a_label_first_seen_inside_a_fold_is_reported_and_never_predicted(folds):
    _, reports, _ = folds
    october = reports[-1]
    seen = october["new_labels"][LATE_LABEL]
    assert seen["support"] > 0 and seen["predicted"] == 0
    assert LATE_LABEL not in reports[0]["new_labels"]  # not in August: it does not exist yet


def test_walk_forward_prints_every_fold_and_the_mean_and_leaves_the_shipped_model_alone(csv_path):
    shipped = hashlib.sha256(open(MODEL_FILE, "rb").read()).hexdigest()
    result = CliRunner().invoke(nlp_group, ["eval", "--data", csv_path, "--walk-forward", "--months", "2"])
    assert result.exit_code == 0, result.output
    assert result.output.count("== fold:") == 2 and "== mean of 2 folds" in result.output
    for figure in ("top-1 accuracy", "top-3 accuracy", "micro-F1", "macro-F1", "precision", "recall",
                   "most confused", "by fold age", "label first seen in this window", "district agrees"):
        assert figure in result.output
    assert hashlib.sha256(open(MODEL_FILE, "rb").read()).hexdigest() == shipped


def test_a_late_label_with_few_recent_examples_does_not_take_over_older_reports(csv_path):
    prep = train.prepare(dataset.read_tickets(csv_path))
    model = train.fit_model(prep, len(prep.tickets))
    assert model.header["label_counts"][LATE_LABEL] >= 5
    assert model.header["late_labels"] == [LATE_LABEL]  # first used inside the validation period
    p = model.predict_proba(["ถนนเป็นหลุมใหญ่ ครับ", "กิ่งไม้หักห้อย", "ป้ายโฆษณาล้มขวางทาง"])
    labels = [train.LABELS[i] for i in p.argmax(1)]
    assert labels == ["ถนน", "ต้นไม้", LATE_LABEL]
    late = train.LABELS.index(LATE_LABEL)
    # Not even a second label on older reports: it stays below its own threshold there.
    assert (p[:2, late] < model.thresholds[late]).all() and p[2, late] >= model.thresholds[late]


def test_given_cut_dates_replace_the_monthly_ones(csv_path):
    tickets = dataset.read_tickets(csv_path)
    assert walkforward.folds(tickets, cuts=["2022-10-25", "2022-10-10"]) == [
        ("2022-10-10", "2022-10-25"), ("2022-10-25", "9999-12-31")]
    result = CliRunner().invoke(nlp_group, ["eval", "--data", csv_path, "--walk-forward", "--cut", "2022-10-25"])
    assert result.exit_code == 0, result.output
    assert result.output.count("== fold:") == 1 and "before 2022-10-25" in result.output


def test_places_only_prints_the_same_place_figures_as_the_full_walk_forward(csv_path, folds):
    _, reports, mean = folds
    result = CliRunner().invoke(nlp_group, ["eval", "--data", csv_path, "--walk-forward", "--places-only"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line[:10] for line in lines[:3]] == ["2022-08-01", "2022-09-01", "2022-10-01"]
    assert "top-1" not in result.output  # no classifier was trained
    assert ("district %.4f; subdistrict %.4f" % (mean["location"]["district"], mean["location"]["subdistrict"])
            in lines[-1])
