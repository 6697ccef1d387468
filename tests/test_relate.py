"""Relation rules on claim pairs: each contradiction type, support, repeats, and what must not link."""

from __future__ import annotations

from claimtrack.denials import detect
from claimtrack.relate import ClaimView, compare, denial_score, link_story, may_relate, quantities


def v(key, sentence, source, kind="indirect_quote", story=None, entities=frozenset(), context=frozenset()):
    """A claim whose content is its sentence, with the denial form read in that sentence (as the pipeline reads it)."""
    return ClaimView.build(key, sentence, sentence, {source}, kind, key if isinstance(key, int) else 0, None, story,
                           context, entities, detect(sentence))


def denial_view(key, content, sentence, source, position=0):
    """A denial claim as the pipeline builds it: the denial form read in its sentence rides along."""
    return ClaimView.build(key, content, sentence, {source}, "denial", position, denial=detect(sentence))


def test_quantity_conflict_same_matter():
    a = v(1, "The regional governor said 250 soldiers were killed in the assault on the bridge.", "Governor")
    b = v(2, "Only 30 soldiers were killed in the assault on the bridge, the army said.", "Army")
    link = compare(a, b)
    assert link.kind == "contradicts" and link.method == "quantity"
    assert "250" in link.evidence and "30" in link.evidence
    assert 0 < link.confidence <= 1


def test_figure_against_none():
    a = v(1, "Seoul's spy agency said the North has shipped at least 10,000 containers to Russia.", "NIS")
    b = v(2, "Pyongyang said the North made no shipments of arms to Russia.", "KCNA")
    assert compare(a, b).kind == "contradicts"


def test_compatible_figures_support():
    a = v(1, "At least 30 people were killed when the quake struck the coastal province.", "Agency")
    b = v(2, "A total of 33 people were killed when the quake struck the coastal province, officials said.", "Officials")
    link = compare(b, a)
    assert link.kind == "supports"


def test_different_quantities_do_not_clash():
    a = v(1, "The union is demanding a 7 percent wage increase this year.", "Union")
    b = v(2, "The company has offered a 4 percent wage increase this year.", "Company")
    assert compare(a, b) is None
    c = v(3, "Annual inflation reached 61 percent in May, the institute said.", "Institute")
    d = v(4, "Monthly inflation was 3.4 percent in May, economists said.", "Economists")
    assert compare(c, d) is None
    e = v(5, "Russian forces lost 900 troops over the past day, the Ukrainian staff said.", "Staff")
    f = v(6, "Ukrainian forces lost 1,300 troops over the past day, Moscow said.", "Moscow")
    assert compare(e, f) is None


def test_opposite_outcomes():
    a = v(1, "The rebel offensive on the airport achieved its goals, the rebels' spokesman said.", "Rebels",
          entities=frozenset({"airport", "rebel", "kivu"}))
    b = v(2, "The attack on the airport was unsuccessful, the army said.", "Army",
          entities=frozenset({"airport", "army", "kivu"}))
    assert compare(b, a).method == "outcome"


def test_negated_predicate():
    a = v(1, "The bulk carrier Sea Lark violated UN sanctions by unloading coal at Nampo, monitors said.", "Monitors")
    b = v(2, "The bulk carrier Sea Lark did not violate UN sanctions, its flag state said.", "Flag state")
    link = compare(b, a)
    assert link.kind == "contradicts" and link.method == "polarity"


def test_opposite_states():
    a = v(1, "The striker's sample returned a positive test for a banned stimulant, the agency said.", "Agency",
          entities=frozenset({"okafor"}))
    b = v(2, "All of the striker's samples were negative, his club said.", "Club", entities=frozenset({"okafor"}))
    assert compare(b, a).method == "opposite_state"


def test_same_source_again_repeats_and_same_story_does_not_support():
    a = v(1, "The Joint Chiefs of Staff said the North fired two cruise missiles into the Yellow Sea on Friday.", "JCS")
    b = v(2, "The North fired two cruise missiles into the Yellow Sea on Friday, the Joint Chiefs of Staff said.", "JCS")
    assert compare(b, a).kind == "repeats"
    assert compare(b, a, same_story=True) is None


def test_unrelated_claims_do_not_link():
    a = v(1, "The central bank raised its key rate to 9 percent on Thursday.", "Bank")
    b = v(2, "Floods displaced 9,000 families in the delta region, aid groups said.", "Aid groups")
    assert compare(a, b) is None and compare(b, a) is None


def test_quantities_read_units_qualifiers_and_ranges():
    qs = quantities("Police said between 56 and 58 percent voted, up from about 1.2 million people, not 2023 residents.")
    assert [(q.value, q.unit, q.high) for q in qs][:2] == [(56.0, "%", 58.0), (1.2e6, "person", None)]
    assert quantities("The 2017 agreement expired on Jan. 14.") == ()


def test_denial_scores_content_and_refuses_own_source():
    d = denial_view(1, "", "The shipyard denied building frigates for the navy.", "Shipyard")
    c = v(2, "The shipyard is building four frigates for the navy, two engineers said.", "Engineers")
    assert denial_score(d, c) is not None
    own = v(3, "The shipyard is building four frigates for the navy, it said.", "Shipyard")
    assert denial_score(d, own) is None


def test_link_story_anaphora_takes_the_nearest_earlier_claim_that_fits():
    claim = v(0, "Fishermen said a Navy patrol fired on their boat near the atoll.", "Fishermen")
    other = v(50, "The weather was calm that night, residents said.", "Residents")
    denial = denial_view(100, "it", "The Navy denied it.", "Navy", 100)
    links = link_story([claim, other, denial])
    assert [(lk.source, lk.target, lk.kind, lk.method) for lk in links] == [(100, 0, "denies", "denial_anaphora")]
    # without a claim that names the denier, the nearest earlier claim by another source
    links = link_story([v(0, "Fishermen said a patrol boat fired on their boat.", "Fishermen"), other,
                        denial_view(100, "it", "The coast guard denied it.", "Coast guard", 100)])
    assert [(lk.source, lk.target) for lk in links] == [(100, 50)]


def test_link_story_explicit_denial_prefers_the_matching_claim():
    claim = v(0, "Fishermen said a naval patrol fired on their boat near the atoll.", "Fishermen")
    other = v(50, "The weather was calm that night, residents said.", "Residents")
    denial = denial_view(100, "", "The navy denied that a patrol had fired on any fishing boat.", "Navy", 100)
    links = link_story([claim, other, denial])
    assert [(lk.source, lk.target, lk.kind, lk.method) for lk in links] == [(100, 0, "denies", "denial_content")]


def test_two_negative_claims_agree_rather_than_clash():
    a = v(1, "Nordbank has no plans to buy Vestra, a person close to the bank said on Thursday.", "Person")
    b = v(2, "Nordbank is not planning to buy Vestra, sources told the newspaper on Thursday.", "Sources")
    link = compare(a, b)
    assert link is None or link.kind == "supports"


def test_headline_paraphrase_denial_without_the_names_still_fits():
    d = denial_view(1, "", "A story that a snake bit a diver off Bali is not true, doctors said.", "Doctors")
    headline = v(2, "Snake bit diver off reef, tourist says", "outlet:Headlines")
    assert denial_score(d, headline) is not None
    elsewhere = v(3, "A snake bit a diver off the coast near Lombok, police said.", "Police")
    assert denial_score(d, elsewhere) is None  # another place named: another event


def test_partial_count_does_not_contradict_the_final_one():
    a = v(1, "Turnout in the mayoral election stood at 31 percent by 2pm, officials said.", "Officials")
    b = v(2, "Final turnout in the mayoral election was 58 percent, the commission said.", "Commission")
    assert compare(a, b) is None


def test_outcomes_of_two_different_battles_do_not_clash_across_articles():
    a = v(1, "Ukrainian forces repelled a Russian assault on the village of Krynky, the General Staff said.", "Staff",
          story="a", entities=frozenset({"ukrainian", "russian", "krynky", "general", "staff"}))
    b = v(2, "Russian troops took full control of the village of Tonenke, the defence ministry said.", "Ministry",
          story="b", entities=frozenset({"russian", "tonenke", "ministry"}))
    assert compare(a, b) is None and compare(b, a) is None
    c = v(3, "Russian troops took full control of Krynky, the defence ministry said.", "Ministry",
          story="c", entities=frozenset({"russian", "krynky", "ministry"}))
    assert compare(c, a).method == "outcome"


def test_may_relate_is_symmetric():
    """Linking across articles tests a candidate pair once with ``may_relate`` before calling ``compare`` in
    both directions (each of which needs it): that is only right if the test is symmetric."""
    sentences = [
        ("At least 40 people were killed in the floods, the ministry said.", "Ministry"),
        ("Twelve people died in the floods, the Red Cross said.", "Red Cross"),
        ("The ceasefire was holding on Tuesday, the army said.", "Army"),
        ("Fighting resumed along the front despite the ceasefire, rebels said.", "Rebels"),
        ("The launch of the satellite was successful, state media said.", "State media"),
        ("The satellite launch failed minutes after lift-off, officials in Seoul said.", "Seoul"),
        ("The minister met farmers in the capital to discuss grain prices.", "Minister"),
        ("Grain prices rose for a third month, traders in the capital said.", "Traders"),
    ]
    views = [ClaimView.build(i, text, text, {who}, "indirect_quote", i, None, i) for i, (text, who) in enumerate(sentences)]
    linked = 0
    for a in views:
        for b in views:
            if a is b:
                continue
            assert may_relate(a, b) == may_relate(b, a), (a.text, b.text)
            linked += compare(a, b) is not None
    assert linked  # the figures and the outcomes above do conflict: pairs pass the test and get linked


def test_may_relate_rules_out_only_pairs_compare_would_not_link():
    """``may_relate`` is a cheap necessary condition: figures count different things (people, homes) rule a pair
    out, unless one side counts zero of what the other counts ("no shipments" against 10,000 containers
    shipped); any pair ``compare`` links must pass it."""
    sentences = [
        ("There were no shipments from Varna, officials said.", "Customs"),
        ("Varna sent 10,000 containers in shipments to Turkey in May, the port authority said.", "Port authority"),
        ("At least 40 people were killed in the floods in Niger, the ministry said.", "Ministry"),
        ("The floods in Niger destroyed 300 homes, the Red Cross said.", "Red Cross"),
        ("Turnout in the Varna election was 38 percent, the commission said.", "Commission"),
        ("Turnout in the Varna election was 52 percent, observers said.", "Observers"),
    ]
    views = [ClaimView.build(i, t, t, {who}, "indirect_quote", i, None, i) for i, (t, who) in enumerate(sentences)]
    linked = set()
    for a in views:
        for b in views:
            if a is not b and compare(a, b, related=True) is not None:
                assert may_relate(a, b), (a.text, b.text)
                linked.add((a.key, b.key))
    assert (0, 1) in linked and (4, 5) in linked  # a zero against a count; two turnouts
    assert not may_relate(views[2], views[3])  # people killed, homes destroyed: nothing to compare


def test_a_long_story_compares_each_claim_with_a_bounded_window(monkeypatch):
    """A page of thousands of sentences costs time in proportion to its length: each claim meets at most
    STORY_WINDOW claims before it, and a conflict inside the window is still found."""
    from claimtrack.model import RawDocument
    from claimtrack.pipeline import Pipeline
    from claimtrack.relate import story

    monkeypatch.setattr(story, "STORY_WINDOW", 20)
    calls = []
    real = story.compare
    monkeypatch.setattr(story, "compare", lambda *a, **k: calls.append(1) or real(*a, **k))
    towns = ["Arlen", "Bexby", "Corvo", "Dunmere", "Elsby", "Farrow", "Glenn", "Hollin", "Ivers", "Jarrow"]
    filler = " ".join(f"The mayor of {towns[i % 10]} {i} said {3 * i} buses would run on Friday, Reuters reported."
                      for i in range(120))
    text = ("Police said 12 people were injured in the Korvik ferry fire. " + filler
            + " Hospital officials said 31 people were injured in the Korvik ferry fire.\n")
    analysis = Pipeline().analyse(RawDocument("long.txt", text))
    claims = [c for st in analysis.stories for s in st.sentences for c in s.claims]
    n = len(claims)
    assert n == 122
    assert len(calls) <= 20 * n
    # the two injury counts are 121 claims apart: beyond the window, not linked
    assert not any(r.kind == "contradicts" for r in claims[-1].relations)
    monkeypatch.setattr(story, "STORY_WINDOW", 300)
    analysis = Pipeline().analyse(RawDocument("long.txt", text))
    last = [c for st in analysis.stories for s in st.sentences for c in s.claims][-1]
    assert [r.kind for r in last.relations] == ["contradicts"]


def test_no_more_than_bounds_a_figure_from_above():
    """"no more than 48 percent" is at most 48 (it was read as "more than 48"), and a sentence's first word
    ("Turnout …") counts as what the figure measures."""
    from claimtrack.relate.rules import compatible

    at_most, high, low = quantities("turnout at no more than 48 percent")[0], quantities("61.4 percent")[0], \
        quantities("45 percent")[0]
    assert at_most.qualifier == "no more than"
    assert not compatible(at_most, high) and compatible(at_most, low)
    at_least = quantities("no fewer than 30 people died")[0]
    assert not compatible(at_least, quantities("25 people")[0]) and compatible(at_least, quantities("35 people")[0])
    from claimtrack.model import RawDocument
    from claimtrack.pipeline import Pipeline

    text = ("Turnout in Sunday's election reached 61.4 percent, the election commission said. The opposition said "
            "its observers counted turnout in the election at no more than 48 percent.\n")
    claims = [c for st in Pipeline().analyse(RawDocument("t.txt", text)).stories for s in st.sentences
              for c in s.claims]
    assert [r.kind for r in claims[-1].relations] == ["contradicts"]
    assert "no more than 48 percent vs 61.4 percent" in claims[-1].relations[0].evidence


def test_the_registry_makes_every_relation_kind_and_only_those():
    """Every rule makes a kind of ``model.RELATION_KINDS``, every kind has a rule, and every kind the relations
    benchmark labels is one of them."""
    import json
    from pathlib import Path

    from claimtrack.model import RELATION_KINDS
    from claimtrack.relate import DENIES, RULES

    assert {r.kind for r in RULES} == set(RELATION_KINDS)
    assert [r for r in RULES if r.scored] == [DENIES] and RULES[0] is DENIES  # the scored rule picks first
    data = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "relations.jsonl"
    gold = {g["kind"] for line in data.read_text("utf-8").splitlines() if line.strip()
            for g in json.loads(line)["gold"]}
    assert gold and gold <= set(RELATION_KINDS)


SAMPLE_PAIRS = [
    ("The regional governor said 250 soldiers were killed in the assault on the bridge.", "Governor",
     "Only 30 soldiers were killed in the assault on the bridge, the army said.", "Army"),
    ("The ceasefire was holding on Tuesday in the northern province, the army said.", "Army",
     "Fighting resumed in the northern province despite the ceasefire, rebels said.", "Rebels"),
    ("The rebel offensive on the airport achieved its goals, the rebels' spokesman said.", "Rebels",
     "The attack on the airport was unsuccessful, the army said.", "Army"),
    ("The bulk carrier Sea Lark violated UN sanctions by unloading coal at Nampo, monitors said.", "Monitors",
     "The bulk carrier Sea Lark did not violate UN sanctions, its flag state said.", "Flag state"),
    ("The Joint Chiefs of Staff said the North fired two cruise missiles into the Yellow Sea on Friday.", "JCS",
     "The North fired two cruise missiles into the Yellow Sea on Friday, the Joint Chiefs of Staff said.", "JCS"),
    ("At least 30 people were killed when the quake struck the coastal province.", "Agency",
     "A total of 33 people were killed when the quake struck the coastal province, officials said.", "Officials"),
    ("Port officials said 33 containers were unloaded at the quay in Varna on Monday.", "Port",
     "Port officials said 33 containers were unloaded at the quay in Varna on Monday, the agency reported.", "Port"),
    ("The central bank raised its key rate to 9 percent on Thursday.", "Bank",
     "Floods displaced 9,000 families in the delta region, aid groups said.", "Aid groups"),
]


def test_each_pair_rule_links_only_pairs_its_prefilter_admits():
    """``may_relate`` is the union of the pair rules' prefilters: a rule that linked a pair its own prefilter rules
    out would be filtered out of linking across articles. Every rule is tried on every sample pair, both ways."""
    from claimtrack.relate.features import signals
    from claimtrack.relate.rules import RULES, Pair

    made = set()
    for ta, sa, tb, sb in SAMPLE_PAIRS:
        a, b = v(1, ta, sa), v(2, tb, sb)
        for x, y in ((a, b), (b, a)):
            for rule in RULES:
                if rule.scored:
                    continue
                link = rule.test(Pair(x, y, False))
                if link is not None:
                    assert link.kind == rule.kind
                    assert rule.prefilter(x, signals(x.sentence), y, signals(y.sentence)), (rule, x.text, y.text)
                    assert may_relate(x, y)
                    made.add(link.method)
    assert made == {"quantity", "opposite_state", "outcome", "polarity", "repeat_overlap", "overlap", "repeat_quantity",
                    "quantity_agree"}  # every pair rule is tried on a pair it links
