"""Passwords after NIST SP 800-63B-4 (§3.1.1.2): a minimum length, every character allowed,
no composition rules, and a check against common and breached passwords; argon2id hashes.

The blocklist is zxcvbn's `passwords` frequency list (30,000 passwords most often found in
leaked password dumps), shipped by the `zxcvbn` package.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn.frequency_lists import FREQUENCY_LISTS

# 800-63B-4: at least 15 characters for a password used alone; accept at least 64.
MIN_LENGTH = 15
MAX_LENGTH = 256  # bounds the hashing work one request can ask for
MIN_DISTINCT = 5  # "aaaaaaaaaaaaaaa", "abababab...": repetitive, as 800-63B names them
SERVICE_WORDS = ("casepath",)

# argon2id with the RFC 9106 low-memory profile (argon2-cffi's defaults).
_HASHER = PasswordHasher()
# Verified against when the e-mail is unknown, so the answer takes as long either way.
_DUMMY_HASH = _HASHER.hash("casepath: no such account, same work")


def normalise(password: str) -> str:
    """NFKC, so the same password typed on another keyboard or system matches."""
    return unicodedata.normalize("NFKC", password)


@cache
def _blocklist() -> frozenset[str]:
    return frozenset(word.lower() for word in FREQUENCY_LISTS["passwords"])


def _squashed(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _is_repeated(text: str) -> bool:
    """ "passwordpassword", "abcabcabc": one shorter piece over and over."""
    return len(text) > 1 and (text + text).find(text, 1) < len(text)


def problem(password: str, email: str = "") -> str | None:
    """Why `password` cannot be used, in plain words, or None when it can."""
    text = normalise(password)
    if len(text) < MIN_LENGTH:
        return (
            f"password: expected at least {MIN_LENGTH} characters, got {len(text)}; "
            "a few unrelated words make a long password that is easy to remember"
        )
    if len(text) > MAX_LENGTH:
        return f"password: expected at most {MAX_LENGTH} characters, got {len(text)}"
    lowered = text.lower()
    squashed = _squashed(text)
    if lowered in _blocklist() or squashed in _blocklist():
        return "password: this password is on a list of common or leaked passwords; choose another"
    if len(set(lowered)) < MIN_DISTINCT or _is_repeated(squashed):
        return "password: this password repeats itself; choose another"
    local = _squashed(email.partition("@")[0])
    context = [w for w in (*SERVICE_WORDS, local, _squashed(email)) if len(w) >= 4]
    leftover = squashed
    for word in sorted(context, key=len, reverse=True):
        leftover = leftover.replace(word, "")
    if not leftover:
        return "password: this password is made of your e-mail address or the service's name"
    return None


def hash_password(password: str) -> str:
    return _HASHER.hash(normalise(password))


def verify(stored_hash: str | None, password: str) -> bool:
    """Whether `password` matches; takes the same time when there is no hash to check."""
    try:
        return _HASHER.verify(stored_hash or _DUMMY_HASH, normalise(password)) and bool(stored_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _HASHER.check_needs_rehash(stored_hash)
