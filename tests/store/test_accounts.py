"""Accounts in the store: passwords, sessions with timeouts, rate limits, one-time links."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from casepath.store import Database, passwords
from casepath.store import accounts as store
from casepath.store.accounts import AccountError, LinkPurpose, SignInRefused
from casepath.store.models import Account, OneTimeLink, SignInAttempt, WebSession

GOOD = "violet river lamp stone"


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("fourteen chars", "at least 15 characters"),
        ("123456789qwerty", "common or leaked"),
        ("1qaz2wsx3edc4rfv", "common or leaked"),
        ("passwordpassword", "repeats itself"),
        ("aaaaaaaaaaaaaaaaaaaa", "repeats itself"),
        ("Dana.Reyes@example.org", "e-mail address"),
        ("casepath dana.reyes", "e-mail address or the service's name"),
        ("x" * 257 + "abcdef", "at most 256"),
    ],
)
def test_passwords_that_are_refused_and_why(password: str, reason: str) -> None:
    trouble = passwords.problem(password, "dana.reyes@example.org")
    assert trouble is not None and reason in trouble


@pytest.mark.parametrize(
    "password",
    [GOOD, "tout à fait déjà vu ici", "ALL CAPITALS NO DIGITS", "                    a b c d e"],
)
def test_no_composition_rules_any_character_is_fine(password: str) -> None:
    assert passwords.problem(password, "dana@example.org") is None


def test_hashes_are_argon2id_and_normalised() -> None:
    stored = passwords.hash_password("ﬁne ﬁne ﬁne ﬁne words")  # ligature "ﬁ" is NFKC "fi"
    assert stored.startswith("$argon2id$")
    assert passwords.verify(stored, "fine fine fine fine words")
    assert not passwords.verify(stored, "fine fine fine fine word")
    assert not passwords.verify(None, "anything at all here")


def test_an_account_is_one_per_address_whatever_the_case(database: Database) -> None:
    with database.transaction() as session:
        store.create(session, "Dana@Example.org", GOOD)
    with pytest.raises(AccountError, match="already an account"), database.transaction() as s:
        store.create(s, "dana@example.ORG ", GOOD)
    with database.reading() as session:
        [account] = session.scalars(select(Account)).all()
    assert account.email == "dana@example.org"
    assert account.password_hash is not None and GOOD not in account.password_hash


def test_sign_in_locks_after_five_failures_even_with_the_right_password(
    database: Database,
) -> None:
    with database.transaction() as session:
        store.create(session, "dana@example.org", GOOD)
    for _ in range(store.MAX_FAILURES_PER_ACCOUNT):
        with database.transaction() as session:
            result = store.sign_in(session, "dana@example.org", "not the password", "10.0.0.1")
            assert result.refused == SignInRefused.wrong
    with database.transaction() as session:
        result = store.sign_in(session, "dana@example.org", GOOD, "10.0.0.2")
    assert (result.account, result.refused) == (None, SignInRefused.locked)
    # The failures age out of the window: then the right password works again.
    with database.transaction() as session:
        session.execute(update(SignInAttempt).values(at=store.utcnow() - timedelta(minutes=16)))
    with database.transaction() as session:
        result = store.sign_in(session, "dana@example.org", GOOD, "10.0.0.1")
    assert result.account is not None


def test_sign_in_locks_an_address_that_tries_many_accounts(database: Database) -> None:
    for n in range(store.MAX_FAILURES_PER_ADDRESS):
        with database.transaction() as session:
            store.sign_in(session, f"person{n}@example.org", "not the password", "10.9.9.9")
    with database.transaction() as session:
        store.create(session, "dana@example.org", GOOD)
    with database.transaction() as session:
        assert store.sign_in(session, "dana@example.org", GOOD, "10.9.9.9").refused == (
            SignInRefused.locked
        )
        assert store.sign_in(session, "dana@example.org", GOOD, "10.0.0.1").account is not None


def test_failed_sign_ins_keep_no_address_in_clear(database: Database) -> None:
    with database.transaction() as session:
        store.sign_in(session, "dana@example.org", "not the password", "10.0.0.1")
    with database.reading() as session:
        [row] = session.scalars(select(SignInAttempt)).all()
    assert "dana" not in row.email_digest


def _session_for(database: Database) -> tuple[str, str]:
    with database.transaction() as session:
        account = store.create(session, "dana@example.org", GOOD)
        started = store.start_session(session, account)
        return account.id, started.token


def test_sessions_store_only_a_digest_of_the_cookie(database: Database) -> None:
    _, token = _session_for(database)
    with database.reading() as session:
        [row] = session.scalars(select(WebSession)).all()
    assert token not in row.token_hash
    with database.transaction() as session:
        assert store.current(session, token) is not None
        assert store.current(session, row.token_hash) is None


@pytest.mark.parametrize(
    ("column", "age"),
    [
        ("last_seen_at", store.SESSION_IDLE + timedelta(seconds=1)),
        ("created_at", store.SESSION_ABSOLUTE + timedelta(seconds=1)),
    ],
)
def test_sessions_end_after_the_idle_and_the_absolute_timeout(
    database: Database, column: str, age: timedelta
) -> None:
    _, token = _session_for(database)
    with database.transaction() as session:
        session.execute(update(WebSession).values({column: store.utcnow() - age}))
    with database.transaction() as session:
        assert store.current(session, token) is None
    with database.reading() as session:
        assert session.scalars(select(WebSession)).all() == []  # removed, not just refused


def test_sign_out_everywhere_ends_every_session(database: Database) -> None:
    account_id, token = _session_for(database)
    with database.transaction() as session:
        account = session.get(Account, account_id)
        assert account is not None
        other = store.start_session(session, account).token
    with database.transaction() as session:
        assert store.end_all_sessions(session, account_id) == 2
    with database.transaction() as session:
        assert store.current(session, token) is None
        assert store.current(session, other) is None


def test_a_link_works_once(database: Database) -> None:
    with database.transaction() as session:
        account = store.create(session, "dana@example.org", None)
        token = store.create_link(session, account, LinkPurpose.invitation)
    with database.transaction() as session:
        assert store.use_link(session, token, LinkPurpose.reset) is None  # wrong purpose
        used = store.use_link(session, token, LinkPurpose.invitation)
        assert used is not None and used.email == "dana@example.org"
    with database.transaction() as session:
        assert store.use_link(session, token, LinkPurpose.invitation) is None
        assert store.peek_link(session, token, LinkPurpose.invitation) is None


def test_an_expired_link_is_refused(database: Database) -> None:
    with database.transaction() as session:
        account = store.create(session, "dana@example.org", GOOD)
        token = store.create_link(session, account, LinkPurpose.reset)
    with database.transaction() as session:
        session.execute(update(OneTimeLink).values(expires_at=store.utcnow()))
    with database.transaction() as session:
        assert store.peek_link(session, token, LinkPurpose.reset) is None
        assert store.use_link(session, token, LinkPurpose.reset) is None


def test_a_new_password_ends_every_session(database: Database) -> None:
    account_id, token = _session_for(database)
    with database.transaction() as session:
        account = session.get(Account, account_id)
        assert account is not None
        store.set_password(session, account, "another long pass phrase")
    with database.transaction() as session:
        assert store.current(session, token) is None
        assert store.sign_in(session, account.email, GOOD, "10.0.0.1").account is None


def test_real_hashes_use_rfc_9106_parameters() -> None:
    import importlib

    fresh = importlib.reload(passwords)  # the module as shipped, not the tests' quick hasher
    stored = fresh.hash_password(GOOD)
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert fresh.verify(stored, GOOD)
