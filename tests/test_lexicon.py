"""Every data file loads through the one validating loader, and a malformed one fails loudly."""

import pytest

from claimtrack import lexicon
from claimtrack.lexicon import LexiconError


def test_every_data_file_loads():
    loaded = lexicon.load_all()
    assert set(loaded) == set(lexicon.FILES)
    assert len(lexicon.table("gazetteer.tsv")) > 1000
    assert lexicon.words("opinion_words.txt", "hedge")


@pytest.fixture
def fake_file(monkeypatch):
    """Serve ``name`` from the given text instead of the package's data folder."""
    texts: dict[str, str] = {}
    real = lexicon._read

    def read(name):
        if name in texts:
            return [(i, line) for i, line in enumerate(texts[name].split("\n"), 1)
                    if line.strip() and not line.lstrip().startswith("#")]
        return real(name)

    monkeypatch.setattr(lexicon, "_read", read)
    lexicon.table.cache_clear()
    lexicon.sections.cache_clear()
    yield texts
    lexicon.table.cache_clear()
    lexicon.sections.cache_clear()


def test_unknown_cue_class_names_file_and_line(fake_file):
    fake_file["cues.tsv"] = "lemma\tclass\tforms\nsay\tsay\t\ninsist\tinsistt\t"
    with pytest.raises(LexiconError, match=r"cues\.tsv, line 3: unknown class 'insistt'"):
        lexicon.table("cues.tsv")


def test_duplicate_alias_across_entries(fake_file):
    fake_file["gazetteer.tsv"] = ("name\tkind\tcountry\tparent\taliases\n"
                                  "Reuters\tnews_agency\t\t\tReuters News\n"
                                  "Thomson\tcompany\t\t\tthe Reuters news|Thomson Corp")
    with pytest.raises(LexiconError, match=r"gazetteer\.tsv, line 3: the alias 'the Reuters news'"):
        lexicon.table("gazetteer.tsv")


def test_unknown_source_kind_and_missing_parent(fake_file):
    fake_file["gazetteer.tsv"] = "name\tkind\tcountry\tparent\taliases\nTASS\tnews_agensy\tRU\t\t"
    with pytest.raises(LexiconError, match="unknown kind 'news_agensy'"):
        lexicon.table("gazetteer.tsv")
    lexicon.table.cache_clear()
    fake_file["gazetteer.tsv"] = "name\tkind\tcountry\tparent\taliases\nAnn Lee\tperson\t\tNowhere Ministry\t"
    with pytest.raises(LexiconError, match="parent 'Nowhere Ministry'"):
        lexicon.table("gazetteer.tsv")


def test_a_country_body_form_names_one_body(fake_file):
    fake_file["country_bodies.tsv"] = ("body\tkind\tforms\n"
                                       "Navy\tmilitary\tnavy|naval forces\n"
                                       "Coast Guard\tmilitary\tcoast guard|navy")
    with pytest.raises(LexiconError, match=r"country_bodies\.tsv, line 3: the form 'navy' repeats line 2"):
        lexicon.table("country_bodies.tsv")


def test_word_list_sections_case_and_repeats(fake_file):
    fake_file["opinion_words.txt"] = "[strong]\ndisgrace\n[feelings]\nsad"
    with pytest.raises(LexiconError, match=r"line 3: unknown section \[feelings\]"):
        lexicon.sections("opinion_words.txt")
    lexicon.sections.cache_clear()
    fake_file["opinion_words.txt"] = "[strong]\ndisgrace\nDisgrace"
    with pytest.raises(LexiconError, match="lower case"):
        lexicon.sections("opinion_words.txt")
    lexicon.sections.cache_clear()
    fake_file["opinion_words.txt"] = "[strong]\ndisgrace\n# a comment\ndisgrace"
    with pytest.raises(LexiconError, match="line 4: 'disgrace' repeats line 2"):
        lexicon.sections("opinion_words.txt")


def test_missing_and_undeclared_files(monkeypatch):
    with pytest.raises(LexiconError, match="not a declared data file"):
        lexicon.words("stopwords.txt")
    monkeypatch.setitem(lexicon.FILES, "ghost.txt", lexicon.WordList())
    with pytest.raises(LexiconError, match="ghost.txt: data file missing"):
        lexicon.sections("ghost.txt")


def test_header_must_name_the_declared_columns(fake_file):
    fake_file["denials.tsv"] = "grp\tphrase\nverb\tdenied"
    with pytest.raises(LexiconError, match="the header lacks column 'group'"):
        lexicon.table("denials.tsv")


def test_relation_terms_repeat_a_word_only_across_groups(fake_file):
    fake_file["relation_terms.tsv"] = "group\tword\tas\nsynonym\tperson\tperson\nunit\tperson\tperson"
    assert len(lexicon.table("relation_terms.tsv")) == 2  # one word in two groups: two meanings
    lexicon.table.cache_clear()
    fake_file["relation_terms.tsv"] = "group\tword\tas\nsynonym\tdied\tkill\nsynonym\tdied\tinjure"
    with pytest.raises(LexiconError, match=r"relation_terms\.tsv, line 3: 'died' repeats line 2 of group 'synonym'"):
        lexicon.table("relation_terms.tsv")
