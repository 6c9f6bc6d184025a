"""The conversation's drawing (bot/line/conversation.md) and its transition table say the same thing."""
import re
from pathlib import Path

from bot.line import conversation
from bot.line.chat import ADVANCE, ANY, NEXT, SAME, STATES
from bot.line.intent import ONLY_IN_STATE

DIAGRAM = Path(conversation.__file__).with_name("conversation.md")
ARROW = re.compile(r"^\s+(\w+) --> (\w+) : (.+?)(?: / (\w+))?$")


def drawn() -> list[tuple[str, str, str, str | None]]:
    """Every arrow of the Mermaid block as (from, to, inputs, step)."""
    block = DIAGRAM.read_text().split("```mermaid", 1)[1].split("```", 1)[0]
    return [m.groups() for line in block.splitlines() if (m := ARROW.match(line))]


def test_the_diagram_draws_every_row_of_the_table_and_nothing_else():
    arrows = {(a, b, said.strip(), step) for a, b, inputs, step in drawn() if a != NEXT
              for said in inputs.split(",")}
    table = {(state, state if target == SAME else target, said, conversation.step_name(step))
             for (state, said), (step, targets) in conversation.TRANSITIONS.items() for target in targets}
    assert arrows == table, f"only drawn: {arrows - table}; only in the table: {table - arrows}"


def test_the_diagram_says_what_next_stands_for():
    assert {b for a, b, _inputs, _step in drawn() if a == NEXT} == set(ADVANCE)


def test_every_state_and_input_has_a_step():
    inputs = {said for _state, said in conversation.TRANSITIONS}
    for state in STATES:
        for said in inputs - {only for only, its_state in ONLY_IN_STATE.items() if its_state != state}:
            step, _targets = conversation.route(state, said)
            assert callable(step)
    assert {state for state, _said in conversation.TRANSITIONS} <= {*STATES, ANY}
