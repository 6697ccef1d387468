"""Closed word classes and quotation conventions that several modules read: one copy each, here.

These are grammar, not lexicon: they do not vary by domain and a linguist has no reason to edit them, so they are
code. Domain word lists (reporting verbs, opinion words, denial phrases, source nouns) are data files read by
``claimtrack.lexicon``.
"""

from __future__ import annotations

import re

# Irregular past tenses and participles, which a "-ed" test misses ("spent", "began", "withdrew").
IRREGULAR_PAST = frozenset(
    "went came made took gave said told saw met left held hit cut put set won lost fell rose ran began became "
    "built sent spent paid sold bought brought thought fought caught taught kept led fled felt found got grew "
    "knew shot struck stood wore wrote broke chose drove flew froze hung sank shook spoke stole threw woke ate "
    "drank sang swam rang bore tore beat quit laid sat slept swept wept meant lent bent dealt burnt hid "
    "forgot forgave withdrew overtook undertook upheld overthrew outlined sought shrank slid sped spun swung stuck "
    "stung strove sprang dug fed bled bred lit overran underwent wound shed spread split bid let rid hurt "
    "cost cast burst thrust arose awoke dove drew heard mistook oversaw rode shone slit "
    "strode swore understood wrung".split()
)


# A double-quoted passage ("…", “…”), and a single-quoted one of 12 characters or more (‘…’, '…': shorter ones
# are scare quotes or titles, "the 'deal'", and a word's apostrophe is not a quotation mark).
_DOUBLE_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")
_ANY_QUOTED = re.compile(rf"{_DOUBLE_QUOTED.pattern}|(?<![\w])[‘'][^‘’']{{12,}}[’'](?![\w])")


def outside_quotes(text: str, *, single: bool = False) -> str:
    """``text`` with its quoted passages blanked, same length (offsets hold): what the sentence says in its own
    voice, not in the words it quotes. ``single``: long single-quoted passages count as quotations too."""
    if '"' not in text and "“" not in text and not (single and ("'" in text or "‘" in text)):
        return text
    return (_ANY_QUOTED if single else _DOUBLE_QUOTED).sub(lambda m: " " * len(m.group(0)), text)

# Days and months, lower case, in calendar order (a weekday's index is ``date.weekday()``): "on Tuesday", "in March".
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
# every form news writes a month in ("March", "Mar.", "Sept."; the stop aside) → its number
MONTH_NUMBERS = {**{m: i for i, m in enumerate(MONTHS, 1)},
                 "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
                 "nov": 11, "dec": 12}
MONTH_ABBREVIATIONS = tuple(form for form in MONTH_NUMBERS if form not in MONTHS)  # "jan" … "sept" … "dec"

# The cardinals news spells out in dates ("two years ago"), with their values.
CARDINALS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10}
# Number words: cardinals, their round plurals ("hundreds of"), and fractions ("half", "a third").
NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand "
    "thousands million millions billion billions trillion dozen dozens half third quarter".split()
)
