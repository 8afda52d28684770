"""The reply coach's rules, each with at least ten replies that should pass and ten that should not.

The person the replies are addressed to is Priya Natarajan.
"""

from __future__ import annotations

import pytest

from widgets.content.models import SituationCheck
from widgets.content.reply_rules import RULES, check_reply, check_situation, coach_reply

PERSON = "Priya Natarajan"

EXAMPLES: dict[str, dict[str, list[str]]] = {
    "uses-name": {
        "pass": [
            "Priya, thanks for flagging this.",
            "Thanks for flagging this, Priya.",
            "Morning priya! Got a minute?",
            "I read Priya's notes from Tuesday.",
            "PRIYA, that was a great catch.",
            "Hi Priya Natarajan, welcome to the team.",
            "So, Priya: what would help?",
            "That's a fair point (Priya, you were right).",
            "Good to see you, Priya.",
            "Ms Natarajan's sister? No. Priya, how are you?",
        ],
        "fail": [
            "Thanks for flagging this.",
            "Hi there, got a minute?",
            "Hey you, great catch.",
            "Thanks, team.",
            "Pri, thanks for this.",
            "Priyanka, thanks for this.",
            "I loved the Priyaa font you picked.",
            "Good morning everyone.",
            "That sounds hard. What would help?",
            "",
        ],
    },
    "stays-respectful": {
        "pass": [
            "Priya, that sounds like a hard shift. What would help?",
            "I need the report by Friday; can we talk about what's in the way?",
            "Fair point. Let's look at it together after lunch.",
            "I was frustrated this morning and I'm sorry I snapped.",
            "If the rota doesn't work for you, tell me and we'll change it.",
            "Priya, the numbers are off and the client noticed. Walk me through them?",
            "It's your call. Either option works for me.",
            "Thanks for the warning about the fire door.",
            "One more thing before you go: the keys are in the drawer.",
            "This is the last time slot we have this week, so let's use it.",
            "That was not your fault, and I will tell the client so.",
        ],
        "fail": [
            "That sounds hard, Priya. What would help? Sort it by Friday or you're fired.",
            "Thanks for flagging it. Do it again and you'll be written up.",
            "Priya, you idiot, the client saw those numbers.",
            "This is your final warning.",
            "If you can't manage the desk, I'll find someone who can be sacked less easily... "
            "I mean, I'll find someone who can.",
            "Grow up and take the feedback.",
            "What's wrong with you today?",
            "Finish it tonight, or don't bother coming in tomorrow.",
            "Stop being so sensitive about it.",
            "Take it or leave it: Saturday shift or nothing.",
            "Honestly, that was a useless handover.",
            "Are you serious? We went over this twice.",
        ],
    },
    "acknowledges-first": {
        "pass": [
            "That sounds exhausting. Could we look at the rota together?",
            "I can see how much work went into this. One idea: split the list by shift.",
            "Thanks for telling me straight away. Let's call the family together.",
            "I hear you, the handover was rushed. Next time I'll hold it at the desk.",
            "That makes sense given the week you've had. You could ask Sam to cover Friday.",
            "Priya, I appreciate you raising it. I'd suggest we add it to Monday's agenda.",
            "You've clearly put hours into the grant draft. Try leading with the outcomes.",
            "That must have been a tough call to make alone.",
            "Fair point, I had not thought about the night shift. Send me the numbers?",
            "I'm sorry, that was a rough shift. Take the first break today.",
            "Okay, that's frustrating after all your prep. Make sure you eat something first.",
        ],
        "fail": [
            "You should have asked for help earlier. That sounds hard though.",
            "Try splitting the list by shift.",
            "Just send it to me and I'll fix it.",
            "Have you tried restarting the till? I get why you're annoyed.",
            "Next time, check the rota first.",
            "Priya, make sure the form is signed. I understand it's busy.",
            "I'd recommend you escalate it. I hear you.",
            "Let's move on to the next item.",
            "The fix is simple: use the new template.",
            "Okay. Don't worry about it.",
            "Why don't you ask Marcus? That makes sense as a worry.",
        ],
    },
    "open-question": {
        "pass": [
            "What do you think would help?",
            "How did the family react?",
            "Priya, what got in the way this week?",
            "That sounds hard. How are you holding up?",
            "What would you do differently next time, if anything?",
            "Tell me more about what happened at the desk.",
            "Walk me through how you planned the schedule.",
            "I noticed the dip in numbers. What's your read on it?",
            "How could we make Friday handovers easier?",
            "Talk me through the options you considered.",
        ],
        "fail": [
            "Why didn't you tell me sooner?",
            "Did you check the rota?",
            "Is everything okay?",
            "Can you fix it by Friday?",
            "Why did you send it without review? What happened?",
            "How could you miss that?",
            "What were you thinking?",
            "Please fix it by Friday.",
            "Why haven't you finished the report?",
            "Would it help if I took the call?",
        ],
    },
    "specific-thanks": {
        "pass": [
            "Thanks for staying late to rebuild the invoice export.",
            "Priya, thank you for re-labelling every drawer in the supply room.",
            "I appreciate how you walked the new hires through the alarm codes.",
            "Thank you for catching the dosage error on the night chart.",
            "Thanks for covering the front desk while Sam was at the dentist.",
            "I'm grateful you rewrote the volunteer guide over the weekend.",
            "Thank you so much for calling each family about the closure.",
            "Really appreciated the summary you posted after the client call.",
            "Thanks for helping with the budget spreadsheet.",
            "Thanks, Priya, for keeping the launch checklist up to date.",
        ],
        "fail": [
            "Thanks!",
            "Thanks for everything.",
            "Thank you for all your hard work.",
            "Thanks for your help today.",
            "Priya, thank you so much.",
            "I appreciate you.",
            "Great job on this.",
            "Thanks for all you do, you're a star.",
            "Thanks for your effort on this.",
            "Thank you for being awesome as always.",
        ],
    },
    "no-absolutes": {
        "pass": [
            "The report came in after the deadline on Tuesday.",
            "This is the second late shift swap this month.",
            "Nevertheless, I think we can fix it.",
            "Never mind the typo, the content is strong.",
            "I noticed you were quiet in today's meeting.",
            "Your last two updates were short on detail.",
            "Sometimes the handover runs long; today it did.",
            "We missed the delivery window yesterday.",
            "Several customers mentioned the wait.",
            "How did the call with the supplier go?",
        ],
        "fail": [
            "You always hand things in late.",
            "You never ask for help.",
            "Every time we plan, this happens.",
            "You're constantly on your phone in meetings.",
            "This happens all the time with your team.",
            "You have not once asked me first.",
            "Every single time, the same mistake.",
            "Nothing ever changes with this rota.",
            "I ALWAYS have to check your work.",
            "Priya, you never reply to my emails.",
        ],
    },
}


def test_every_rule_has_ten_examples_each_way():
    assert set(EXAMPLES) == set(RULES)
    for rule_id, examples in EXAMPLES.items():
        assert len(examples["pass"]) >= 10, rule_id
        assert len(examples["fail"]) >= 10, rule_id


@pytest.mark.parametrize(
    ("rule_id", "reply"),
    [(rule_id, reply) for rule_id, ex in EXAMPLES.items() for reply in ex["pass"]],
)
def test_rule_passes(rule_id: str, reply: str):
    result = RULES[rule_id](reply, PERSON)
    assert result.passed, result.reason
    assert result.reason


@pytest.mark.parametrize(
    ("rule_id", "reply"),
    [(rule_id, reply) for rule_id, ex in EXAMPLES.items() for reply in ex["fail"]],
)
def test_rule_fails(rule_id: str, reply: str):
    result = RULES[rule_id](reply, PERSON)
    assert not result.passed, result.reason
    assert result.reason


def test_failing_reason_quotes_the_learners_words():
    [result, _respect] = check_reply(
        "You should rest. I hear you though.", PERSON, ["acknowledges-first"]
    )
    assert "'You should rest.'" in result.reason
    assert "'I hear you though.'" in result.reason


def test_check_reply_runs_all_rules_by_default_in_order():
    results = check_reply("Priya, what would help?", PERSON)
    assert [r.rule_id for r in results] == list(RULES)
    assert [r.passed for r in results] == [True, False, True, False, True, True]


def test_the_respect_rule_always_runs_even_when_an_exercise_names_other_checks():
    results = check_reply("Priya, that sounds hard. Fix it or you're fired.", PERSON, ["uses-name"])
    assert [(r.rule_id, r.passed) for r in results] == [
        ("uses-name", True), ("stays-respectful", False),
    ]
    assert "'or you're fired'" in results[-1].reason



# -- an exercise's own situation checks --------------------------------------------------------

SITUATION = SituationCheck(
    id="remembers-the-driving-test",
    title="Remembers what she told you",
    any_of=("driving test", "roundabout", "pass*", "licence"),
    why="She told you about her test.",
)
SITUATION_EXAMPLES = {
    "pass": [
        "Morning Priya! How did the driving test go?",
        "Did you pass?",
        "Priya, did you get through the roundabout in the end?",
        "Passed or not, I hope yesterday went well.",
        "How was the DRIVING TEST?",
        "Any news on the licence?",
        "I was thinking of you and that roundabout yesterday.",
        "Congratulations on passing, Priya!",
        "How did the driving\ntest go?",
        "The roundabout: did it behave?",
        "Priya, how did the driving test go yesterday? I know you were dreading it.",
    ],
    "fail": [
        "Morning Priya, thanks for printing the list.",
        "How was your weekend?",
        "Great work on the nine o'clock list.",
        "Did you drive in today?",
        "How did the test of the new printer go?",
        "Priya, you look happy today.",
        "Morning! Busy day ahead.",
        "Thanks for checking in the first two patients.",
        "Surpassed yourself with that list!",
        "How are you getting on with everything?",
        "",
    ],
}


@pytest.mark.parametrize("reply", SITUATION_EXAMPLES["pass"])
def test_situation_check_passes(reply: str):
    result = check_situation(reply, SITUATION)
    assert result.passed and result.rule_id == SITUATION.id and result.reason


@pytest.mark.parametrize("reply", SITUATION_EXAMPLES["fail"])
def test_situation_check_fails_with_the_contents_reason(reply: str):
    result = check_situation(reply, SITUATION)
    assert not result.passed and result.reason == SITUATION.why


def test_situation_examples_are_ten_each_way():
    assert len(SITUATION_EXAMPLES["pass"]) >= 10 and len(SITUATION_EXAMPLES["fail"]) >= 10


def _reply_exercises():
    from widgets.content import get_course

    return [e for e in get_course().exercises.values() if e.kind == "reply"]


def test_every_reply_exercise_has_its_own_check_and_its_example_passes_all():
    exercises = _reply_exercises()
    assert len(exercises) >= 5
    for exercise in exercises:
        assert exercise.situation_checks, exercise.id
        results = coach_reply(exercise.example_reply, exercise)
        assert all(r.passed for r in results), (exercise.id, [r for r in results if not r.passed])


def test_one_template_reply_cannot_pass_every_exercise():
    template = (
        "{name}, thank you for telling me, that sounds really hard and I appreciate all "
        "your hard work on this. What do you think could help?"
    )
    for exercise in _reply_exercises():
        reply = template.format(name=exercise.person.name.split()[0])
        results = coach_reply(reply, exercise)
        assert not all(r.passed for r in results), exercise.id
        assert any(
            not r.passed for r in results if r.rule_id in {c.id for c in exercise.situation_checks}
        ), exercise.id


def test_a_threat_at_the_end_fails_every_exercise():
    for exercise in _reply_exercises():
        reply = exercise.example_reply + " Get it done today, or you're fired."
        results = coach_reply(reply, exercise)
        assert results[-1].rule_id == "stays-respectful" and not results[-1].passed, exercise.id
