"""The sentence judgements the pipeline asks for: the tasks ``opinion`` and ``checkworthy``, and ``Judge``,
which scores both over one shared feature vector per sentence.

- ``opinion`` (labels ``claim`` / ``opinion``): is the sentence a judgement rather than a checkable
  statement (CheckThat! 2023's SUBJ / OBJ)? It decides the kind of the sentences the rules read as the
  author's own claim or opinion, and says of every claim whether its content is an opinion.
- ``checkworthy`` (labels ``no`` / ``yes``): would a fact-checker want to verify it (CheckThat! 2024's
  Yes / No)? Its probability is each claim's ``checkworthiness``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .linear import sigmoid
from .models import Model, Models
from .sentence import FEATURES, Scorer, SentenceInput
from .tasks import Recipe, Task, register

OPINION = register(Task(
    name="opinion",
    description="the sentence, or what its source is quoted saying, is an opinion rather than a checkable claim",
    labels=("claim", "opinion"),
    aliases={"opinion": "opinion", "subj": "opinion", "1": "opinion", "claim": "claim", "obj": "claim",
             "0": "claim"},
    columns=("text",),
    features=FEATURES,
    recipe=Recipe("cnb", {"alpha": 0.1}, select="macro_f1", seeds=(0, 1, 2)),
    meaning="opinion: kind opinion for the author's own sentence, content_opinion for a claim; "
            "claim: a checkable statement (SUBJ / OBJ in CheckThat! 2023 terms)",
))

CHECKWORTHY = register(Task(
    name="checkworthy",
    description="a fact-checker would want to verify the claim",
    labels=("no", "yes"),
    aliases={"yes": "yes", "1": "yes", "no": "no", "0": "no"},
    columns=("text",),
    features=FEATURES,
    recipe=Recipe("lr", {"C": 0.3}, select="f1", blocked=True),
    meaning="the probability of yes is each claim's checkworthiness (CheckThat! 2024 Yes / No)",
))


@dataclass(frozen=True, slots=True)
class Judgement:
    """A sentence's learned scores; None where no model for the task is in use (the rules decide)."""

    opinion: float | None = None
    checkworthiness: float | None = None
    opinion_threshold: float = 0.5

    @property
    def is_opinion(self) -> bool | None:
        return None if self.opinion is None else self.opinion >= self.opinion_threshold


class Judge:
    """Scores the sentence tasks that have a model in ``models``, all heads in one pass over the sentence."""

    def __init__(self, models: Models):
        self.opinion: Model | None = models.get("opinion")
        self.checkworthy: Model | None = models.get("checkworthy")
        present = [m for m in (self.opinion, self.checkworthy) if m is not None]
        self.active = bool(present)
        self.scorer = Scorer([m.linear.heads[0].weights for m in present], [m.linear.heads[0].bias for m in present])
        self._op = 0 if self.opinion is not None else None
        self._cw = (1 if self.opinion is not None else 0) if self.checkworthy is not None else None
        th = self.opinion.threshold if self.opinion is not None else None
        self.opinion_threshold = 0.5 if th is None else th

    @classmethod
    def of(cls, models: Models) -> Judge:
        """The judge of a set of models, made once (its token cache then serves every pipeline using them)."""
        judge = getattr(models, "_judge", None)
        if judge is None:
            judge = cls(models)
            models._judge = judge  # type: ignore[attr-defined]
        return judge

    def judge(self, inp: SentenceInput) -> Judgement:
        if not self.active:
            return Judgement()
        z = self.scorer.logits(inp)
        return Judgement(None if self._op is None else sigmoid(z[self._op]),
                         None if self._cw is None else sigmoid(z[self._cw]), self.opinion_threshold)
