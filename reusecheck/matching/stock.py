"""The trade's stock phrases: wording any news report may carry without taking it from another.

"X did not immediately respond to a request for comment" is a whole sentence copied word for word, but
every newsroom writes it. Words inside such a phrase are set aside when deciding whether a candidate uses
an original, as words inside quotation marks are. They still count as measured text once it does.

The phrases are matched on match keys (light stems), so inflected forms match too.
"""

from __future__ import annotations

from functools import cache

from reusecheck.matching.stemming import is_kazakh, match_key
from reusecheck.matching.tokens import WORD_RE, normalise_word

PHRASES = """
did not immediately respond to a request for comment
did not immediately respond to requests for comment
did not respond to a request for comment
did not respond to requests for comment
did not immediately reply to a request for comment
did not return a request for comment
did not return calls seeking comment
could not be reached for comment
could not immediately be reached for comment
was not immediately available for comment
were not immediately available for comment
declined to comment on
declined to comment
refused to comment
no comment was available
spoke on condition of anonymity
on condition of anonymity because they were not authorised to speak
on condition of anonymity because he was not authorised to speak
on condition of anonymity because she was not authorised to speak
said in a statement
said in a statement on
according to a statement
according to a statement from
told reporters on
told reporters
in an interview with
it was not immediately clear
it was not immediately known
further details were not immediately available
details were not immediately available
this is a developing story
the investigation is continuing
an investigation is under way
the cause of the fire is under investigation
no one was injured
no injuries were reported
pleaded not guilty
denies the charges
was remanded in custody
is due to appear in court
is due to be sentenced
at the time of writing
at the time of publication
did not respond by the time of publication
не ответил на запрос
не ответила на запрос
не ответили на запрос
не ответили на запрос редакции
на момент публикации
на момент подготовки материала
не удалось получить комментарий
отказался от комментариев
отказалась от комментариев
отказались от комментариев
на условиях анонимности
говорится в сообщении
сообщает пресс служба
сообщили в пресс службе
по данным пресс службы
ведётся расследование
возбуждено уголовное дело
никто не пострадал
пострадавших нет
подробности уточняются
сұрауымызға жауап бермеді
баспасөз қызметі хабарлады
деп хабарлады
ешкім зардап шеккен жоқ
"""


@cache
def _phrases(kazakh: bool) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The phrases as tuples of match keys, by their first key, longest first; keyed as the words of a
    Kazakh text are when `kazakh` (every Cyrillic word cut to a Kazakh key)."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for line in PHRASES.strip().splitlines():
        words = [normalise_word(m.group()) for m in WORD_RE.finditer(line)]
        as_kazakh = kazakh or is_kazakh(words)
        keys = tuple(match_key(word, as_kazakh) for word in words)
        by_first.setdefault(keys[0], []).append(keys)
    return {first: tuple(sorted(found, key=len, reverse=True)) for first, found in by_first.items()}


def stock_tokens(keys: tuple[str, ...], kazakh: bool = False) -> frozenset[int]:
    """The indices of the words that stand inside a stock phrase (`keys` made for a Kazakh text or not)."""
    phrases = _phrases(kazakh)
    found: set[int] = set()
    for i, key in enumerate(keys):
        for phrase in phrases.get(key, ()):
            if keys[i:i + len(phrase)] == phrase:
                found.update(range(i, i + len(phrase)))
                break
    return frozenset(found)
