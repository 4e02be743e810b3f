"""Transcripts: everything a teacher grades from, in Markdown and in HTML."""

from __future__ import annotations

import re

from game.loader import load
from game.saves.replay import rebuild
from game.saves.session import SaveSession
from game.saves.store import load_save
from game.saves.transcript import to_html, to_markdown

WIN = ["ask_mentor", "thank_mentor", "promise_firm", "offer_soft", "call_vote"]


def _with_events(store, tutorial) -> SaveSession:
    """A finished game in which an event fired on its own and one was injected."""
    for seed in range(100):
        s = SaveSession.new(
            tutorial, None, seed, store=store, name=f"ev{seed}", player="Ana", class_code="7B"
        )
        s.choose("ask_mentor", votes={"ask_mentor": 14, "skip_briefing": 6})
        s.choose("thank_mentor")
        s.choose("promise_firm")  # the leak may fire now (50%)
        s.inject("leak")
        s.choose("offer_soft")
        s.choose("call_vote")
        if any(t.events for t in s.turns):
            return s
    raise AssertionError("no seed fired the leak")


def test_markdown_holds_the_header_every_turn_and_the_ending(store, tutorial):
    s = _with_events(store, tutorial)
    r = rebuild(load_save(s.path))
    md = to_markdown(r)
    for row in [
        "| Player | Ana |",
        "| Class | 7B |",
        "| Role | Trainee envoy (trainee) |",
        f"| Seed | {s.game.seed} |",
        "version 1.0",
    ]:
        assert row in md
    for t in s.turns:
        assert f"## Turn {t.number}: " in md
        assert f"**Choice:** {t.choice_text} (`{t.choice}`)" in md
        for resp in t.responses:
            assert resp.name in md and resp.because in md
        for ev in t.events:
            assert f"**Event: {ev.title}.**" in md
    assert "*Because:* Northland wants a firm text." in md
    assert "## Event (injected by the facilitator): A leak" in md
    assert "**Class vote:** ask_mentor: 14, skip_briefing: 6" in md
    assert "| Ambassador Lind: Trust | 0 | 1 | +1 |" in md
    assert "| Statement | No text yet | A firm statement |  |" in md
    e = s.game.ending()
    assert f"## Ending: {e.title}" in md and "### Outcome scores" in md
    for sc in e.scores:
        assert f"| {sc.label} | {sc.value} |" in md
    assert "(lower is better)" in md


def test_an_unfinished_game_says_so(store, tutorial):
    s = SaveSession.new(tutorial, None, 1, store=store, name="half")
    s.choose("ask_mentor")
    md = to_markdown(rebuild(load_save(s.path)))
    assert "| Result | Not finished" in md and "## Not finished" in md
    assert "| Player | (not given) |" in md


def test_html_is_self_contained_prints_cleanly_and_escapes_everything(store, tutorial_copy):
    scenes = tutorial_copy / "scenes.yaml"
    scenes.write_text(
        scenes.read_text().replace(
            "Ambassador Lind is reading a draft.",
            'Ambassador Lind is reading <script>alert("draft")</script> & co.',
        )
    )
    cs = load(str(tutorial_copy))
    s = SaveSession.new(
        cs,
        None,
        2,
        store=store,
        name="x",
        player='<img src=x onerror="alert(1)">',
        class_code="7B&8C",
        source=str(tutorial_copy),
    )
    for c in WIN:
        s.choose(c)
    page = to_html(rebuild(load_save(s.path)))
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    lower = page.lower()
    for banned in ["http://", "https://", "@import", "url("]:
        assert banned not in lower, banned
    tags = re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>", page)
    allowed = {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "h1",
        "h2",
        "h3",
        "table",
        "tr",
        "th",
        "td",
        "div",
        "section",
        "p",
        "ul",
        "li",
        "strong",
        "span",
        "footer",
    }
    assert {t for t, _ in tags} <= allowed
    for _, attrs in tags:
        assert not re.search(r"\b(src|href|on\w+)\s*=", attrs), attrs
    assert "&lt;script&gt;alert(&quot;draft&quot;)&lt;/script&gt; &amp; co." in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page and "7B&amp;8C" in page
    assert "@media print" in page and "break-inside: avoid" in page
    # the same content as the Markdown
    assert "Because: Northland wants a firm text." in page
    assert "<h2>Ending: A statement everyone signs</h2>" in page
    assert len(re.findall(r'<section class="turn">', page)) == 5


def test_the_transcript_flags_an_inconsistent_save(finished_game):
    import json

    s = finished_game()
    raw = json.loads(s.path.read_text())
    raw["summary"]["turns"] = 1
    s.path.write_text(json.dumps(raw))
    r = rebuild(load_save(s.path))
    assert "inconsistent" in to_markdown(r) and "inconsistent" in to_html(r)
