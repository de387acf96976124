"""One judgment, made once: every place that shows a finding agrees with evaluate().

The summary card, the section that shows the dimension (its lead and card),
"what to try next time" and the portfolio row of every dimension must give
the same rating and the same numbers as :func:`collabkit.evaluation.evaluate`,
for the bundled examples and for ten seeds of each generated kind. And a
cut-off changed in ``data/model/scorecard.yaml`` changes all of them together.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from collabkit import load_project
from collabkit.evaluation import evaluate, findings
from collabkit.examples import generate_project
from collabkit.examples.kinds import KINDS
from collabkit.model import load_model
from collabkit.report import portfolio, sections
from collabkit.report.layout import _findings
from collabkit.report.portfolio import PortfolioParams
from collabkit.report.render import RATING_STYLES
from collabkit.resources import find_repo_path

SEEDS = range(10)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _cards(fragment: str) -> dict[str, str]:
    """Card heading -> rating key, for every card in an HTML fragment."""
    found = re.findall(r'<li class="card"[^>]*><h3[^>]*>(.*?)</h3><p><span class="rating '
                       r'rating-(\w+)"', fragment, re.S)
    return {html.unescape(label): rating for label, rating in found}


def _rows(fragment: str) -> list[list[str]]:
    body = re.search(r"<tbody>(.*?)</tbody>", fragment, re.S)
    rows = re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S) if body else []
    return [[_text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)] for r in rows]


def check_consistent(project) -> None:
    """Summary, section, next time and portfolio agree with evaluate() for ``project``."""
    table = evaluate(project)
    rated = dict(zip(table["label"], table["rating"].astype(str), strict=True))
    _, params = sections.open_project(project)
    summary = sections.summary(project, params).data
    assert _cards(summary) == rated, project.id
    for key in table["section"].unique():
        shown = table[table["section"] == key]
        part = str(_findings(project, key))
        assert _cards(part) == dict(zip(shown["label"], shown["rating"].astype(str),
                                        strict=True)), (project.id, key)
        lead = re.search(r'<p class="lead">(.*?)</p>', part, re.S).group(1)
        assert _text(lead) == " ".join(shown["evidence"].iloc[0].split()), (project.id, key)
        for evidence in shown["evidence"].iloc[1:]:
            assert " ".join(evidence.split()) in _text(part), (project.id, key)
    words = {k: v["text"] for k, v in RATING_STYLES.items()}
    advice = findings(project).advice
    rows = _rows(sections.next_time(project, params).data) if len(advice) else []
    assert [(r[0], r[1].split(" ", 1)[1]) for r in rows] == [
        (label, words[rating]) for label, rating in zip(advice["label"], advice["rating"],
                                                        strict=True)], project.id
    for row, says in zip(rows, advice["says"], strict=True):
        assert row[2].lower() == says.lower(), project.id
    below = set(table.loc[table["rating"].isin(["developing", "concern"]), "dimension"])
    assert set(advice["dimension"]) == below, project.id


def check_portfolio(projects) -> None:
    params = PortfolioParams(data_dir="", title="Test")
    page = portfolio.scorecards(projects, params).data
    header = re.search(r"<thead>(.*?)</thead>", page, re.S).group(1)
    names = [_text(c) for c in re.findall(r"<th[^>]*>(.*?)</th>", header, re.S)][1:]
    symbols = {f"{v['icon']} {v['text']}": k for k, v in RATING_STYLES.items()}
    for row in _rows(page):
        label, shown = row[0], row[1:]
        for name, symbol in zip(names, shown, strict=True):
            project = next(p for p in projects if portfolio._names(projects)[p.id] == name)
            frame = evaluate(project).set_index("label")
            assert symbols[symbol] == str(frame.loc[label, "rating"]), (project.id, label)


@pytest.fixture(scope="module")
def examples():
    from collabkit import load_projects

    return load_projects(find_repo_path("data/examples")).projects


def test_the_examples_agree_everywhere(examples):
    for project in examples:
        check_consistent(project)
    check_portfolio(examples)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_ten_seeds_of_each_kind_agree_everywhere(kind):
    projects = [generate_project(kind, seed=seed, project_id=f"{kind}_{seed}") for seed in SEEDS]
    for project in projects:
        check_consistent(project)
    check_portfolio(projects[:3])


def test_a_cut_off_changed_in_the_model_changes_card_section_and_advice(tiny_dir, tmp_path):
    model_dir = tmp_path / "model"
    shutil.copytree(find_repo_path("data/model"), model_dir)
    rules = model_dir / "scorecard.yaml"
    data = yaml.safe_load(rules.read_text(encoding="utf-8"))
    voice = next(d for d in data["dimensions"] if d["dimension"] == "voice")
    before = load_project(tiny_dir)
    assert findings(before).rating("voice") == "strength"  # 12/13 = 0.92 >= 0.8
    voice["strength"] = 0.99
    rules.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    after = load_project(tiny_dir, model=load_model(model_dir))
    assert findings(after).rating("voice") == "developing"
    check_consistent(after)
    label = voice["label"]
    _, params = sections.open_project(after)
    assert _cards(sections.voice(after, params).data)[label] == "developing"
    assert "0.99 or more" in evaluate(after).set_index("dimension").loc["voice", "rule"]
    assert "voice" in set(findings(after).advice["dimension"])


def test_the_bundled_examples_read_as_built(examples):
    table = pd.concat([evaluate(p).assign(project=p.id) for p in examples])
    wide = table.pivot(index="dimension", columns="project", values="rating").astype(str)
    hill, meadow, river, oak = (wide[n] for n in ("hillside_discharge", "meadow_peer_support",
                                                  "riverside_crisis_cafe", "oakwood_carers_hub"))
    assert hill["inertia"] != "strength"  # advantage is deciding together, not deciding
    assert meadow["model_coverage"] != "strength"
    assert (river != oak).any()  # Riverside and Oakwood read differently
    evidence = table[table["dimension"] == "model_coverage"].set_index("project")["evidence"]
    assert "every step had a meeting" not in evidence["meadow_peer_support"]
    assert (wide == "not_recorded").sum().sum() == 0  # the examples record everything


def test_findings_files_beside_the_reports_match_evaluate(tmp_path, examples):
    from collabkit.evaluation import read_findings
    from collabkit.report.batch import run_reports

    project = next(p for p in examples if p.id == "meadow_peer_support")
    summary = run_reports([project.source], tmp_path / "out", portfolio=False, progress=False)
    assert summary.ok
    written = read_findings(tmp_path / "out" / "meadow_peer_support.findings.csv")
    expected = evaluate(project)
    assert written["rating"].astype(str).tolist() == expected["rating"].astype(str).tolist()
    assert written["evidence"].tolist() == expected["evidence"].tolist()
    assert Path(tmp_path / "out" / "meadow_peer_support.html").exists()
