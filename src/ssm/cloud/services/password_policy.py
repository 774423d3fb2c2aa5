"""The password policy: refuse what attackers try first, with one French sentence.

Length alone lets ``aaaaaaaaaaaa`` through. Guessing starts with the commonest passwords,
keyboard and counting walks, repetitions and the person's own name or address, so each is
refused here (NIST SP 800-63B, 5.1.1.2: check against a list of common passwords). The
common list ships as ``common_passwords.txt`` (its source and licence are in its header);
a password is also refused when it is a common one with digits or symbols around it
(``Soleil2024!``), since that is how people stretch one to the minimum length.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Iterable
from importlib import resources

from ssm.cloud import messages

MIN_PASSWORD_LENGTH = 12

#: Walks people type: counting, the alphabet, AZERTY and QWERTY rows (each also backwards).
_WALKS: tuple[str, ...] = (
    "0123456789",
    string.ascii_lowercase,
    "azertyuiopqsdfghjklmwxcvbn",
    "qwertyuiopasdfghjklzxcvbnm",
)

#: A password of this few distinct characters is a repetition (``abababababab``).
_MIN_DISTINCT = 4

#: Shorter names (« Li », « Jo ») would refuse too many good passwords.
_MIN_PERSONAL = 4

_AROUND = string.digits + string.punctuation + " "


@functools.cache
def _common() -> frozenset[str]:
    """The shipped list of common passwords, lower-cased."""
    text = resources.files(__package__).joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line and not line.startswith("#")
    )


def _is_walk(lowered: str) -> bool:
    """Whether ``lowered`` is a stretch of one walk, forwards or backwards, wrapping round."""
    return any(lowered in walk * 3 or lowered in walk[::-1] * 3 for walk in _WALKS)


def _is_repetitive(lowered: str) -> bool:
    """Whether ``lowered`` uses fewer than four characters (``aaaaaaaaaaaa``, ``abcabcabcabc``)."""
    return len(set(lowered)) < _MIN_DISTINCT


def _is_common(lowered: str) -> bool:
    """Whether ``lowered`` is common, alone or with digits and symbols around it."""
    core = lowered.strip(_AROUND)
    return lowered in _common() or (bool(core) and core in _common())


def _personal_words(personal: Iterable[str]) -> set[str]:
    """The e-mail address, its local part and the names, lower-cased, long enough to count."""
    words: set[str] = set()
    for value in personal:
        lowered = value.strip().lower()
        words.update({lowered, lowered.partition("@")[0]})
    return {word for word in words if len(word) >= _MIN_PERSONAL}


def weakness(password: str, personal: Iterable[str] = ()) -> str | None:
    """The French sentence refusing ``password``, or ``None`` when the policy accepts it.

    ``personal`` holds what an attacker knows of the person: e-mail address and names.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return messages.MDP_TOO_SHORT.format(minimum=MIN_PASSWORD_LENGTH)
    lowered = password.lower()
    if _is_repetitive(lowered) or _is_walk(lowered):
        return messages.MDP_TOO_SIMPLE
    if _is_common(lowered):
        return messages.MDP_TOO_COMMON
    if any(word in lowered for word in _personal_words(personal)):
        return messages.MDP_PERSONAL
    return None
