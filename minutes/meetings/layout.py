"""The body of the minutes as paragraphs: one layout, read by the print page and the Word file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from minutes.meetings.view import WORDS, MinutesView, SectionView


@dataclass(frozen=True)
class Line:
    """One paragraph of the body: ``part`` (I., II., III.), ``heading``, ``item`` or ``text``;
    the first line of a section names it (the readable page sets the committee's comments there)."""

    style: str
    text: str
    section: str | None = None


def document_body(view: MinutesView) -> tuple[Line, ...]:
    """Lay out parts I to III the way a trained secretary writes them (DOMAIN B.2)."""
    lines = [Line("text", view.opening_line)] if view.opening_line else []
    for part, heading in (("opening", WORDS.opening), ("content", WORDS.content), ("closing", WORDS.closing)):
        block = _part(view, part)
        if block:
            lines += [Line("part", heading), *block]
    return tuple(lines)


def _part(view: MinutesView, part: str) -> list[Line]:
    sections = [s for s in view.sections if s.part == part]
    lines: list[Line] = []
    number = 0
    for section in sections:
        block = _section(view, section, number + 1 if part == "content" else None)
        if block and section.kind != "opinions":
            number += 1
        if block:
            block[0] = replace(block[0], section=section.key)
        lines += block
    if part == "opening" and not any(s.kind == "roll_call" for s in sections):
        lines = _people(view) + lines
    return lines + _orphans(view, part)


def _orphans(view: MinutesView, part: str) -> list[Line]:
    """What has no section of its own in this structure, so that nothing is left out."""
    keys, kinds = {s.key for s in view.sections}, {s.kind for s in view.sections}
    lines: list[Line] = []
    if part == "content" and "previous_tasks" not in keys:
        lines += _evaluations(view)
    if part == "content" and "tasks" not in kinds:
        lines += _tasks(view)
    if part == "closing":
        lines += [] if "votes" in kinds else _items(view.votes)
        lines += _items([view.closing_line] if view.closing_line else [])
    return lines


def _section(view: MinutesView, section: SectionView, number: int | None) -> list[Line]:
    if section.kind == "roll_call":
        return _people(view)
    if section.kind == "votes":
        return _items(view.votes)
    body = _paragraphs(section.text)
    if section.key == "self_assessment":
        body = _with_score(view, body)
    if section.key == "previous_tasks":
        body += _evaluations(view)
    if section.kind == "tasks":
        body += _tasks(view)
    body += _items(
        WORDS.speaker.format(name=o.speaker, text=o.content) if o.speaker else o.content
        for o in section.opinions
    )
    if not body:
        return []
    if number is None:
        return _titled_item(section.title, body)
    heading = section.title.upper() if section.kind == "opinions" else f"{number}. {section.title}"
    return [Line("heading", heading), *body]


def _with_score(view: MinutesView, body: list[Line]) -> list[Line]:
    """The self-assessed score leads the section's text, unless the text already gives it."""
    points = WORDS.points.format(points=view.self_score)
    if view.self_score is None or any(points in line.text for line in body):
        return body
    if not body:
        return [Line("text", f"{points}.")]
    return [Line("text", f"{points}; {body[0].text}"), *body[1:]]


def _titled_item(title: str, body: list[Line]) -> list[Line]:
    """An opening or closing section as "- Title: text", its further lines below it."""
    if body[0].style == "text":
        return [Line("item", f"- {title}: {body[0].text}"), *body[1:]]
    return [Line("item", f"- {title}:"), *body]


def _people(view: MinutesView) -> list[Line]:
    people = [WORDS.chair.format(name=view.chair)] if view.chair else []
    people += [WORDS.recorder.format(name=view.recorder)] if view.recorder else []
    if view.delegates:
        names = "; ".join(WORDS.comrade.format(name=d) for d in view.delegates)
        people.append(WORDS.delegates.format(names=names))
    people += view.roll_call
    people += [WORDS.documents.format(text=view.documents)] if view.documents else []
    return _items(people)


def _evaluations(view: MinutesView) -> list[Line]:
    lines = []
    for task in view.evaluations:
        who = f" ({WORDS.comrade.format(name=task.assignee)})" if task.assignee else ""
        note = f"; {task.note.strip().rstrip('.')}" if task.note.strip() else ""
        lines.append(f"{task.title.rstrip('.')}{who}: {task.status}{note}.")
    return _items(lines)


def _tasks(view: MinutesView) -> list[Line]:
    lines = []
    for number, task in enumerate(view.tasks, start=1):
        lines.append(Line("item", f"{number}. {task.title.rstrip('.')}."))
        terms = [WORDS.assignee.format(name=task.assignee)] if task.assignee else []
        terms += [WORDS.due.format(due=task.due)] if task.due else []
        if terms:
            text = "; ".join(terms)
            lines.append(Line("text", f"{text[0].upper()}{text[1:]}."))
    return lines


def _paragraphs(text: str) -> list[Line]:
    return [Line("text", line.strip()) for line in text.splitlines() if line.strip()]


def _items(texts: Iterable[str]) -> list[Line]:
    return [line for text in texts for line in _lead_item(text)]


def _lead_item(text: str) -> list[Line]:
    """A "- " item: its first line carries the dash, further lines follow as text."""
    first, *rest = _paragraphs(text) or [Line("text", "")]
    return [Line("item", f"- {first.text}"), *rest]
