"""Relations between claims: denials to what they deny, contradictions, support and repeats.

Pure functions over ``ClaimView`` (a claim's sentence, sources, story context and features:
``features``). The rules are one ordered registry, ``rules.RULES``. The pipeline applies ``link_story``
within a story (``story``); the store applies ``judge`` (every rule, both ways) to candidates it finds
through its key index across articles (``claim_keys``).
"""

from .features import ClaimView, Link, claim_keys, content_terms, entity_terms, quantities
from .rules import DENIES, RULES, Rule, compare, denial_score, judge, may_relate
from .story import link_story

__all__ = ["DENIES", "RULES", "ClaimView", "Link", "Rule", "claim_keys", "compare",
           "content_terms", "denial_score", "entity_terms", "judge", "link_story", "may_relate", "quantities"]
