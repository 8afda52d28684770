"""The room's report and word cloud: words counted in any script, the printable report of a
real room (names and answers in Arabic, Chinese and with emoji; moderation kept), and the
CSV with the open answers, read back from its bytes."""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from html.parser import HTMLParser

import pytest
from conftest import PROJECT_ROOT

from widgets.content import load_course
from widgets.store import Storage
from widgets.ui.shuffle import room_order
from widgets.workshop.handouts import results_csv
from widgets.workshop.room_report import report_date, room_report_html
from widgets.workshop.word_cloud import STOP_WORDS, word_cloud_html, word_counts

VOID = {"meta", "br", "img", "input", "link", "hr"}


class Node:
    """An element of a parsed page: its tag, attributes, children and text pieces."""

    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find_all(self, tag: str = "", css: str = "") -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                classes = child.attrs.get("class", "").split()
                if (not tag or child.tag == tag) and (not css or css in classes):
                    found.append(child)
                found.extend(child.find_all(tag, css))
        return found

    def find(self, tag: str = "", css: str = "") -> Node:
        found = self.find_all(tag, css)
        assert found, f"no <{tag} class={css!r}>"
        return found[0]


class Tree(HTMLParser):
    """The page as a tree of :class:`Node` (the standard library's parser, nothing guessed)."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#root", {}, None)
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {name: value or "" for name, value in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node.parent is not None, f"stray </{tag}>"
        self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


# -- the word cloud --------------------------------------------------------------------------


def test_common_words_single_characters_and_numbers_are_left_out():
    texts = [
        "I think we should really listen to the team, and listen again.",
        "Listen first; the TEAM knows. 2024 is a year, x marks it.",
    ]
    counts = dict(word_counts(texts))
    assert counts["listen"] == 3 and counts["team"] == 2
    assert not {"i", "we", "should", "really", "to", "the", "and", "is", "a"} & set(counts)
    assert "2024" not in counts and "x" not in counts
    assert not set(counts) & STOP_WORDS
    assert {"i", "the", "just", "really", "would", "could"} <= STOP_WORDS


def test_words_in_any_script_are_counted_and_apostrophes_kept():
    texts = [
        "الاستماع مهم 🌟الاستماع",  # Arabic, one word right after an emoji
        "trust🌟 Trust, TRUST!",
        "谢谢你的倾听 谢谢你的倾听",  # a run of Chinese characters is one word
        "Café café CAFÉ don't Don’t",
        "شُكْرًا",  # the marks (harakat) stay in the word
    ]
    counts = dict(word_counts(texts))
    assert counts["الاستماع"] == 2 and counts["مهم"] == 1
    assert counts["trust"] == 3
    assert counts["谢谢你的倾听"] == 2
    assert counts["café"] == 3
    assert counts["شُكْرًا"] == 1
    assert "don't" not in counts and "don" not in counts and "t" not in counts


def test_most_common_first_ties_alphabetical_whatever_the_order_given():
    texts = ["zebra apple mango", "mango zebra", "apple", "kiwi zebra"]
    expected = [("zebra", 3), ("apple", 2), ("mango", 2), ("kiwi", 1)]
    assert word_counts(texts) == expected
    shuffled = texts[:]
    random.Random(7).shuffle(shuffled)
    assert word_counts(shuffled) == expected
    assert word_counts(texts, limit=2) == expected[:2]
    assert word_counts([]) == [] and word_counts(["the and a 7"]) == []


def test_the_word_cloud_is_a_list_in_order_sized_by_count_and_escaped():
    texts = ["<script>alert('x')</script> O'Neil listens", "O'Neil listens", "O'Neil"]
    page = word_cloud_html(texts)
    assert "<script" not in page and "o&#x27;neil" in page
    tree = Tree(page).root
    cloud = tree.find("ul", "mm-word-cloud")
    assert cloud.attrs["aria-label"] == "Most common words in the answers"
    items = cloud.find_all("li")
    words = [item.find("bdi").text() for item in items]
    spoken = [item.find("span", "mm-visually-hidden").text() for item in items]
    counted = [int(item.attrs["data-count"]) for item in items]
    assert list(zip(words, counted, strict=True)) == word_counts(texts)
    assert words[:2] == ["o'neil", "listens"]
    assert spoken[:2] == [" (3)", " (2)"]
    sizes = [item.attrs["class"] for item in items]
    assert sizes[0] == "mm-cloud-5" and sizes[-1] == "mm-cloud-2"  # 1 of 3: ceil(5/3)
    assert "style=" not in page
    empty = word_cloud_html(["the", ""])
    assert "mm-word-cloud" in empty and "<ul" not in empty and "No words" in empty


# -- the report of a real room -----------------------------------------------------------------


@pytest.fixture(scope="module")
def course():
    return load_course(PROJECT_ROOT / "content")


PEOPLE = [  # learner id, name, shows it when joining
    ("p0", "سارة", True),
    ("p1", "Li 🌟", True),
    ("p2", "王芳", True),
    ("p3", "Quiet Person", False),
]


def run_room(storage: Storage, course):
    """A room with a single-choice, a multiple-choice and a ranking scenario, and one nobody
    answers; four people answer and give open answers; one is hidden, one waits."""
    kinds = ("single", "multiple", "ranking", "single")
    scenarios = []
    for kind in kinds:
        scenarios.append(next(
            s for s in course.scenarios.values() if s.kind == kind and s not in scenarios
        ))
    room, _ = storage.rooms.create_room("غرفة الورشة 🙂 <b>", "w", [s.id for s in scenarios])
    for learner, name, show in PEOPLE:
        storage.rooms.join_room(room.code, learner, name, show_name=show)
    given: dict[str, list[tuple[str, ...]]] = {}
    single, multiple, ranking, _ = scenarios
    ids = [o.id for o in single.options]
    given[single.id] = [(ids[i],) for i in (1, 1, 0, 2)]
    ids = [o.id for o in multiple.options]
    given[multiple.id] = [(ids[0], ids[1]), (ids[1],), (ids[1], ids[3])]  # p3 does not answer
    key = [o.id for o in sorted(ranking.options, key=lambda o: o.rank)]
    given[ranking.id] = [tuple(key), tuple(key), tuple(reversed(key))]
    for index, scenario in enumerate(scenarios[:3]):
        storage.rooms.set_room_view(room.code, current_index=index)
        for (learner, _, _), answer in zip(PEOPLE, given[scenario.id], strict=False):
            storage.rooms.record_room_answer(room.code, learner, scenario.id, answer)
    number = storage.open_answers.ask_question(room.code, "ما الذي ساعدك؟ What helped? 🌟")
    opened = [
        ("p0", "الاستماع أولاً 🌟", True),
        ("p1", "Trust 🌟 the team", False),
        ("p2", "<script>alert('x')</script> 倾听", True),
        ("p3", "Hide this one, please", False),
    ]
    made = [storage.open_answers.give_open_answer(room.code, learner, number, text, show)
            for learner, text, show in opened]
    storage.open_answers.moderate(room.code, made[3].id, "hidden")
    storage.rooms.set_room_settings(room.code, approve_first=True)
    storage.open_answers.give_open_answer(room.code, "p1", number, "Still waiting 🕒", True)
    return storage.rooms.room(room.code), scenarios, given, opened


@pytest.fixture
def report(tmp_path, course):
    storage = Storage(tmp_path / "db.sqlite3")
    room, scenarios, given, opened = run_room(storage, course)
    selections = {s.id: storage.rooms.room_latest_selections(room.code, s.id) for s in scenarios}
    page = room_report_html(
        room, course, storage.rooms.room_participant_count(room.code), selections,
        storage.open_answers.asked_questions(room.code),
        storage.open_answers.room_open_answers(room.code),
    )
    return page, storage, room, scenarios, given, opened


def test_the_report_names_the_room_and_shows_each_distribution(report):
    page, storage, room, scenarios, given, _ = report
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert '<html lang="en">' in page and "@media print" in page
    tree = Tree(page).root
    assert tree.find("h1").text() == room.title == "غرفة الورشة 🙂 <b>"
    assert "<b>" not in page.split("<body>")[1]
    assert storage.rooms.room_participant_count(room.code) == len(PEOPLE)
    assert tree.find("span", "participants").text() == f"{len(PEOPLE)} participants"
    assert tree.find("strong", "room-code").text() == room.code
    assert report_date(room.created_at) in tree.find("p", "meta").text()
    sections = tree.find_all("section", "scenario")
    assert [s.attrs["data-scenario"] for s in sections] == [s.id for s in scenarios]
    for section, scenario in zip(sections[:3], scenarios, strict=False):
        answers = given[scenario.id]
        assert scenario.title in section.find("h3").text()
        assert section.find("p", "prompt").text() == scenario.question
        assert section.find("p", "answered").text() == (
            f"{len(answers)} of {len(PEOPLE)} participants answered."
        )
        table = section.find("table", "distribution")
        assert str(len(answers)) in table.find("caption").text()
        assert "so far" not in table.find("caption").text()
        rows = table.find("tbody").find_all("tr")
        order = room_order(room.code, len(scenario.options), scenario.id)
        assert [row.attrs["data-option"] for row in rows] == [
            scenario.options[i].id for i in order
        ]
        assert [row.find("th").text() for row in rows] == list("ABCDE"[:len(order)])
        for row in rows:
            option = next(o for o in scenario.options if o.id == row.attrs["data-option"])
            cells = [cell.text() for cell in row.find_all("td")]
            assert cells[0] == option.text
            if scenario.kind == "ranking":
                places = [answer.index(option.id) + 1 for answer in answers]
                assert cells[1] == f"mean rank {sum(places) / len(places):.1f}"
            else:
                chosen = Counter(o for answer in answers for o in answer)[option.id]
                assert cells[1:3] == [str(chosen), f"{round(100 * chosen / len(answers))}%"]
            key = cells[-1]
            assert ("Best" in key) == (option.rating == "best"), (option.id, key)
            assert (row.attrs["class"] == "best") == (option.rating == "best")
            assert scenario.question_kind.key_label(option) in key
    nobody = sections[3]
    assert nobody.find("p", "answered").text() == "Nobody in the room answered this scenario."
    assert not nobody.find_all("table")


def test_the_report_keeps_the_shown_open_answers_with_names_only_where_chosen(report):
    page, storage, room, _, _, opened = report
    names = {learner: name for learner, name, _ in PEOPLE}
    tree = Tree(page).root
    (question,) = tree.find_all("section", "question")
    assert question.find("h3").text() == "Open question 1: ما الذي ساعدك؟ What helped? 🌟"
    statuses = {a.text: a.status for a in storage.open_answers.room_open_answers(room.code)}
    kept = [(text, f"— {names[learner]}" if show else None) for learner, text, show in opened
            if statuses[text] == "shown"]
    assert len(kept) == 3 and sum(name is None for _, name in kept) == 1
    items = question.find("ul", "answers").find_all("li")
    shown = [
        (item.find("p", "answer").text(),
         item.find("p", "by").text() if item.find_all("p", "by") else None)
        for item in items
    ]
    assert shown == kept
    assert "Hide this one, please" not in page and "Still waiting" not in page
    assert "Li 🌟" not in page  # Li chose not to show it with the answer
    assert "Quiet Person" not in page
    assert question.find("p", "hidden-count").text() == "1 answer was hidden by the facilitator."
    assert question.find("p", "waiting-count").text() == (
        "1 answer still waiting for approval is left out."
    )
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)" in page


def test_the_csv_holds_every_open_answer_with_its_moderation(report, course):
    _, storage, room, scenarios, given, opened = report
    text = results_csv(
        room, storage.rooms.room_answers(room.code), course,
        storage.open_answers.room_open_answers(room.code),
        storage.open_answers.asked_questions(room.code),
    )
    data = text.encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    reader = csv.DictReader(io.StringIO(data[3:].decode("utf-8")))
    assert reader.fieldnames == [
        "room", "scenario_id", "scenario", "options_chosen", "option_ids", "answer", "rating",
        "score", "participant", "answered_at", "open_question", "open_answer", "moderation",
    ]
    rows = list(reader)
    scenario_rows = [row for row in rows if row["scenario_id"]]
    assert len(scenario_rows) == sum(len(answers) for answers in given.values())
    assert all(row["open_question"] == row["open_answer"] == row["moderation"] == ""
               for row in scenario_rows)
    assert {row["participant"] for row in scenario_rows} == {
        name if show else f"Participant {number}"
        for number, (_, name, show) in enumerate(PEOPLE, start=1)
    }
    open_rows = [row for row in rows if not row["scenario_id"]]
    expected = [
        (text_, "hidden" if text_ == "Hide this one, please" else "shown",
         name if show else f"Participant {number}")
        for number, ((_, name, _), (_, text_, show))
        in enumerate(zip(PEOPLE, opened, strict=True), start=1)
    ] + [("Still waiting 🕒", "waiting", "Li 🌟")]
    assert [(r["open_answer"], r["moderation"], r["participant"]) for r in open_rows] == expected
    assert {r["open_question"] for r in open_rows} == {"ما الذي ساعدك؟ What helped? 🌟"}
    assert all(r["room"] == room.code and r["answered_at"] and not r["options_chosen"]
               for r in open_rows)
