"""The identity actions: a new learner within the quotas, a resume code as a limited try, the
browser trusted with its learner, forgetting a learner (all of it or none), the greeting."""

from __future__ import annotations

import pytest

from widgets.actions import identity
from widgets.limits import BROWSER_FREE_TRIES, LEARNERS_PER_BROWSER_DAY
from widgets.store import Storage, StorageError, Trier

ADDRESS = "203.0.113.7"


def trust_rows(storage: Storage) -> list[str]:
    return sorted(row[0] for row in storage._query(
        "SELECT subject FROM attempts WHERE kind = 'trust'"))


def broken(*_args, **_kwargs):
    raise StorageError("the database went away")


def test_a_new_learner_is_counted_against_the_browser(database):
    storage = Storage(database.target)
    script = Trier(ADDRESS, "script")
    started = [identity.start_new_learner(storage, script)
               for _ in range(LEARNERS_PER_BROWSER_DAY + 1)]
    assert None not in started[:-1] and started[-1] is None
    learner, code = started[0]
    assert storage.learners.learner_for_code(code) == learner
    assert len({learner for learner, _ in started[:-1]}) == LEARNERS_PER_BROWSER_DAY
    # another browser on the same network is not held back by this one
    assert identity.start_new_learner(storage, Trier(ADDRESS, "someone-else")) is not None
    assert database.count("learners") == LEARNERS_PER_BROWSER_DAY + 1


def test_a_new_learner_is_counted_against_the_address(database, monkeypatch):
    monkeypatch.setattr(identity, "LEARNERS_PER_ADDRESS_DAY", 3)
    storage = Storage(database.target)
    made = [identity.start_new_learner(storage, Trier(ADDRESS, f"browser-{n}")) is not None
            for n in range(4)]
    assert made == [True, True, True, False]
    assert identity.start_new_learner(storage, Trier("198.51.100.9", "elsewhere")) is not None


def test_a_new_learner_and_its_count_are_kept_together(database, monkeypatch):
    storage = Storage(database.target)
    monkeypatch.setattr(storage.attempts, "record_event", broken)
    with pytest.raises(StorageError):
        identity.start_new_learner(storage, Trier(ADDRESS, "browser"))
    assert database.count("learners") == 0  # no learner the quota did not count


def test_a_resume_code_is_a_limited_try_of_the_browser(database):
    storage = Storage(database.target)
    learner, code = storage.learners.new_learner()
    guesser = Trier(ADDRESS, "guesser")
    assert identity.resume_with_code(storage, "", guesser) == (None, "")
    for _ in range(BROWSER_FREE_TRIES):
        assert identity.resume_with_code(storage, "ZZZZ-ZZZZ-ZZZZ", guesser) == (None, "")
    opened, refusal = identity.resume_with_code(storage, code, guesser)
    assert opened is None and refusal.startswith("Too many wrong tries")
    # the learner next to the guesser, with their own code, is let in (and trusted)
    mine = Trier(ADDRESS, "laptop")
    assert identity.resume_with_code(storage, code.lower(), mine) == (learner, "")
    assert storage.attempts.is_trusted(f"learner:{learner}", "laptop")


def test_a_trusted_browser_is_never_limited(database):
    storage = Storage(database.target)
    learner, code = storage.learners.new_learner()
    identity.arrive(storage, learner, "laptop")
    laptop = Trier(ADDRESS, "laptop")
    for _ in range(BROWSER_FREE_TRIES + 2):
        identity.resume_with_code(storage, "ZZZZ-ZZZZ-ZZZZ", laptop)
    assert identity.resume_with_code(storage, code, laptop) == (learner, "")


def test_arriving_keeps_the_learner_and_trusts_the_browser_once(database):
    storage = Storage(database.target)
    identity.arrive(storage, "hub:ada")
    assert database.count("learners") == 1 and trust_rows(storage) == []
    for _ in range(3):
        identity.arrive(storage, "web-1", "laptop")
    assert trust_rows(storage) == ["learner:web-1|laptop"]
    assert storage.attempts.is_trusted("learner:web-1", "laptop")


def test_forget_me_in_a_browser_starts_over_as_a_new_learner(database):
    storage = Storage(database.target)
    learner, code = storage.learners.new_learner()
    identity.arrive(storage, learner, "laptop")
    storage.learners.record_visit(learner, "foundations")
    started = identity.forget_me(storage, learner, start_over=True)
    assert started is not None
    new, new_code = started
    assert new != learner and storage.learners.learner_for_code(new_code) == new
    assert storage.learners.learner_for_code(code) is None
    assert storage.learners.last_module(learner) is None
    assert not storage.attempts.is_trusted(f"learner:{learner}", "laptop")


def test_forget_me_of_an_account_keeps_the_account_empty(database):
    storage = Storage(database.target)
    identity.arrive(storage, "hub:ada")
    storage.learners.set_display_name("hub:ada", "Ada")
    storage.learners.record_visit("hub:ada", "foundations")
    assert identity.forget_me(storage, "hub:ada", start_over=False) is None
    assert storage.learners.last_module("hub:ada") is None
    assert identity.greeting_name(storage, "hub:ada") == ""
    assert database.count("learners") == 1


def test_forget_me_deletes_all_or_nothing(database, monkeypatch):
    storage = Storage(database.target)
    learner, code = storage.learners.new_learner()
    identity.arrive(storage, learner, "laptop")
    monkeypatch.setattr(storage.attempts, "forget_trust", broken)
    with pytest.raises(StorageError):
        identity.forget_me(storage, learner, start_over=True)
    assert storage.learners.learner_for_code(code) == learner
    assert storage.attempts.is_trusted(f"learner:{learner}", "laptop")


def test_the_greeting_is_the_name_the_learner_gave(database):
    storage = Storage(database.target)
    assert identity.greeting_name(storage, "local:me") == ""
    storage.learners.set_display_name("local:me", "Sam")
    assert identity.greeting_name(storage, "local:me") == "Sam"
