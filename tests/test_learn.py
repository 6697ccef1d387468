"""The learned-judgement framework (claimtrack.learn): the model directory, the task registry, model
resolution, the sentence features and their fast scorer. Sentences here are written for the tests."""

from __future__ import annotations

import json
import random
from array import array
from dataclasses import dataclass
from pathlib import Path

import pytest

from claimtrack import learn
from claimtrack.learn import modelfile
from claimtrack.learn.judge import CHECKWORTHY, OPINION, Judge
from claimtrack.learn.models import Models, held_in
from claimtrack.learn.sentence import FEATURES, SIGNALS, Scorer, SentenceInput

SENTENCES = [
    "The ministry said 14 people were killed in the flooding on Sunday.",
    "I think this is a disgrace and the government should resign!",
    "“We will never accept it,” she told reporters.",
    "Is anyone surprised that the bridge cost twice its budget?",
    "Unemployment fell to 3.9% in October, the lowest since 2020.",
    "It’s a wonderful, wonderful day for the city’s 200,000 residents.",
    "",
    "Yes.",
]


def _card(task: str = "opinion", labels=("claim", "opinion"), heads=None) -> dict:
    fs = FEATURES
    return {"task": task, "labels": list(labels),
            "heads": heads or [{"name": task, "bias": -0.25, "threshold": 0.4}],
            "features": {"name": fs.name, "version": fs.version, "config": fs.config(), "dim": fs.dim},
            "data": [], "size": 0, "balance": {}, "date": "2026-01-01", "cv": {}, "fit": {}}


def _weights(seed: int) -> list[float]:
    rnd = random.Random(seed)
    return [rnd.uniform(-1, 1) if rnd.random() < 0.05 else 0.0 for _ in range(FEATURES.dim)]


def test_the_sentence_tasks_are_registered():
    assert {"opinion", "checkworthy"} <= set(learn.names())
    assert learn.get("opinion") is OPINION and learn.get("checkworthy") is CHECKWORTHY
    assert OPINION.labels == ("claim", "opinion") and CHECKWORTHY.labels == ("no", "yes")
    for word, label in (("SUBJ", "opinion"), ("obj", "claim"), ("1", "opinion"), ("Claim", "claim")):
        assert OPINION.label(word) == label
    assert CHECKWORTHY.label("Yes") == "yes" and CHECKWORTHY.label("0") == "no"
    assert OPINION.label("maybe") is None
    with pytest.raises(learn.ModelError, match="unknown task 'nope'"):
        learn.get("nope")


def test_a_task_with_its_own_features_and_labels_can_be_registered():
    """A pair task (a claim and a text, four labels) plugs in with its own feature function."""

    @dataclass(frozen=True)
    class PairFeatures:
        name: str = "pair-test"
        version: int = 1

        @property
        def dim(self) -> int:
            return 8

        def config(self) -> dict:
            return {"slots": 8}

        def example(self, row):
            return (row["claim"], row["text"])

        def vector(self, example):
            a, b = example
            shared = len(set(a.lower().split()) & set(b.lower().split()))
            return {0: 1.0, 1: float(shared), 2: float("not" in b.lower().split())}

    task = learn.register(learn.Task(
        name="stance-test", description="test pair task", labels=("agree", "disagree", "discuss", "unrelated"),
        aliases={"agree": "agree", "disagree": "disagree", "discuss": "discuss", "unrelated": "unrelated"},
        columns=("claim", "text"), features=PairFeatures(), recipe=learn.Recipe("multinomial", {"C": 1.0})))
    assert learn.get("stance-test") is task
    with pytest.raises(ValueError):
        learn.register(learn.Task(name="stance-test", description="", labels=("a", "b"), aliases={}, columns=(),
                                  features=PairFeatures(), recipe=learn.Recipe("lr")))


def test_a_model_directory_round_trips(tmp_path: Path):
    w = _weights(1)
    card = modelfile.write(tmp_path / "m", _card(), [w])
    assert (tmp_path / "m" / "model.json").exists() and (tmp_path / "m" / "weights.bin").exists()
    model = learn.load(tmp_path / "m")
    assert model.task is OPINION and model.threshold == 0.4 and model.card["date"] == "2026-01-01"
    got = model.linear.heads[0].weights
    scale = card["heads"][0]["scale"]
    assert max(abs(a - b) for a, b in zip(got, w, strict=True)) <= scale / 2 + 1e-12
    # the same input writes the same bytes
    modelfile.write(tmp_path / "again", _card(), [w])
    for name in ("model.json", "weights.bin"):
        assert (tmp_path / "m" / name).read_bytes() == (tmp_path / "again" / name).read_bytes()


def test_a_model_for_another_feature_function_or_damaged_weights_refuses_to_load(tmp_path: Path):
    modelfile.write(tmp_path / "m", _card(), [_weights(2)])
    card = json.loads((tmp_path / "m" / "model.json").read_text())
    card["features"]["config"]["bits"] = 16
    (tmp_path / "m" / "model.json").write_text(json.dumps(card))
    with pytest.raises(learn.ModelError, match="feature function"):
        learn.load(tmp_path / "m")
    modelfile.write(tmp_path / "n", _card(), [_weights(2)])
    body = (tmp_path / "n" / "weights.bin").read_bytes()
    (tmp_path / "n" / "weights.bin").write_bytes(body[:-1] + bytes([body[-1] ^ 1]))
    with pytest.raises(learn.ModelError, match="does not match its model card"):
        learn.load(tmp_path / "n")
    with pytest.raises(learn.ModelError, match="not a model directory"):
        learn.load(tmp_path)
    with pytest.raises(learn.ModelError, match="a model for task 'opinion', not 'checkworthy'"):
        learn.load(_write(tmp_path / "m3", "opinion"), task="checkworthy")


def _write(path: Path, task: str) -> Path:
    labels = learn.get(task).labels
    modelfile.write(path, _card(task, labels, [{"name": task, "bias": 0.0, "threshold": 0.5}]), [_weights(3)])
    return path


def test_a_models_directory_overrides_the_shipped_models_per_task(tmp_path: Path):
    shipped = Models()
    assert set(shipped.paths()) >= {"opinion", "checkworthy"}
    assert all(origin == "shipped" for _, origin in shipped.paths().values())
    one = _write(tmp_path / "only-opinion", "opinion")
    m = Models(one)  # one model directory: overrides its task only
    assert m.paths()["opinion"] == (one, str(one))
    assert m.paths()["checkworthy"][1] == "shipped"
    folder = tmp_path / "folder"
    _write(folder / "a", "checkworthy")
    assert Models(folder).paths()["checkworthy"][1] == str(folder)
    assert Models(folder).paths()["opinion"][1] == "shipped"
    _write(folder / "b", "checkworthy")
    with pytest.raises(learn.ModelError, match="two models for task 'checkworthy'"):
        held_in(folder)
    with pytest.raises(learn.ModelError, match="no such models directory"):
        Models(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(learn.ModelError, match="holds no model"):
        Models(tmp_path / "empty")
    assert Models.rules().paths() == {} and Models.rules().get("opinion") is None


@pytest.mark.parametrize("seed", [4, 5])
def test_the_scorer_gives_the_reference_dot_product(seed: int):
    ws = [array("d", _weights(seed)), array("d", _weights(seed + 10))]
    bs = [0.3, -1.2]
    sc = Scorer(ws, bs)
    for rep in range(2):  # cold, then from the token cache
        for text in SENTENCES:
            inp = SentenceInput(text, "attributed" if "told" in text else "claim", 0.37, cue="told" in text,
                                source="told" in text, claim_kinds=("direct_quote",) if "told" in text else (),
                                denial="never" in text)
            vec = FEATURES.vector(inp)
            want = [b + sum(w[i] * v for i, v in vec.items()) for w, b in zip(ws, bs, strict=True)]
            assert sc.logits(inp) == pytest.approx(want, abs=1e-9), (rep, text)


def test_the_scorer_cache_never_changes_a_score():
    ws = [array("d", _weights(6))]
    small, big = Scorer(ws, [0.0], max_cache=3), Scorer(ws, [0.0])
    for text in SENTENCES * 3:
        inp = SentenceInput(text, "claim")
        assert small.logits(inp) == pytest.approx(big.logits(inp), abs=1e-12)
    assert len(small._tokens) <= 3


def test_the_features_name_every_signal_and_hash_stably():
    vec = FEATURES.vector(SentenceInput("Prices rose 3% in May.", "claim", 0.61))
    assert all(0 <= i < FEATURES.dim for i in vec)
    names = {SIGNALS[i - FEATURES.hashed] for i in vec if i >= FEATURES.hashed}
    assert {"bias_sig", "kind=claim", "has_digit", "rule_cw", "rule_cw>=0.6", "words<=6"} <= names
    # the hash is crc32, the same on every machine and run: the unigram "prices" has this slot
    import zlib

    assert zlib.crc32(b"w\x1fprices") & (FEATURES.hashed - 1) in vec


def test_the_judge_scores_with_the_models_it_has(tmp_path: Path):
    judge = Judge(Models.rules())
    assert not judge.active and judge.judge(SentenceInput("It rained.", "claim")).opinion is None
    only = Judge(Models(_write(tmp_path / "cw", "checkworthy"), shipped=False))
    j = only.judge(SentenceInput("It rained.", "claim"))
    assert j.opinion is None and 0.0 < j.checkworthiness < 1.0 and j.is_opinion is None


def test_scoring_imports_no_training_library():
    """Only learn/train.py imports scikit-learn, numpy or scipy (inside its functions); running the pipeline
    loads none of them."""
    import ast
    import subprocess
    import sys

    heavy = ("sklearn", "numpy", "scipy")
    folder = Path(learn.__file__).parent
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for n in names:
                if n.split(".")[0] in heavy:
                    assert path.name == "train.py", (path.name, n)
                    assert not isinstance(getattr(node, "col_offset", 0), int) or node.col_offset > 0, path.name
    probe = ("import sys\nfrom claimtrack.model import RawDocument\nfrom claimtrack.pipeline import Pipeline\n"
             "Pipeline().analyse(RawDocument('t', 'The minister said 14 people died. It is a disgrace.'))\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'numpy', 'scipy')))")
    res = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[]"
