"""The benchmarks' own plumbing, which a refactor of the core can break without failing any other test."""

import speed

from claimtrack.pipeline import Pipeline

ARTICLE = """Harbour strike enters its second week

Release time: 2025-03-14 09:30

Dock workers at Port Elmar walked off the job on Monday, the port authority said in a statement.
"We will not go back until the contracts are signed," union leader Mara Velden told reporters.
Kestrel Shipping denied that 40 ships were stuck outside the harbour, calling the figure false.
Officials said 12 ships were waiting to unload on Tuesday.
"""


def test_every_stage_speed_times_runs_under_analyse():
    """speed.py finds each stage's time by the functions themselves: one renamed or moved fails its import, and
    one the pipeline no longer calls fails here (its row would otherwise be missing from the table)."""
    total, stages = speed.stage_times(Pipeline(), [ARTICLE])
    assert [label for label, _ in stages] == [label for label, _ in speed.STAGES]
    assert total > 0 and all(seconds > 0 for _, seconds in stages)
