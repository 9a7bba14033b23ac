"""The facilitator console, headless, as the facilitator's seat of a real loopback host: the truth,
the clock controls (also paused), ad-hoc injects to chosen parts, the seats, the score preview, the end."""

from __future__ import annotations

from drills.seats import FACILITATOR_SEAT
from drills.tui.console import ConsoleApp
from drills.tui.screens.console_inject import AdHocInjectForm

from .conftest import hosted, until


def console_app(drill) -> ConsoleApp:
    return ConsoleApp(drill.address, drill.codes[FACILITATOR_SEAT], commands=["drill join … (test)"],
                      log_path=drill.folder / "events.jsonl", score_every=3600, cursor_blink=False,
                      highlight_seconds=3600, notice_seconds=3600)


def shown(app: ConsoleApp, widget_id: str) -> str:
    from textual.widgets import Static

    return " ".join(str(app.screen.query_one(f"#{widget_id}", Static).render()).split())


async def test_the_console_shows_the_truth_and_runs_the_clock(tmp_path):
    async with hosted(tmp_path) as drill:
        support = await drill.seat("support")
        app = console_app(drill)
        async with app.run_test(size=(120, 40)) as pilot:
            await until(lambda: app.scenario is not None and app.seats)
            await pilot.pause()
            app.console_screen.refresh_all()
            truth = shown(app, "console-truth")
            assert drill.host.scenario.incident.root_cause.split()[0] in truth
            assert drill.host.scenario.repairs[0].label in truth
            assert "support" in shown(app, "console-seats")
            await pilot.press("space")
            await until(lambda: drill.host.clock.paused)
            await until(lambda: app.model.paused)
            app.console_screen.refresh_all()
            clock = shown(app, "console-clock")
            assert "PAUSED" in clock and "real min left" in clock
            await pilot.press("plus")
            await until(lambda: drill.host.clock.speed > 10.0)
            await until(lambda: app.card is not None)  # the first preview, scored on the log so far
            assert support.welcomes  # the other seat is untouched by all this


async def test_an_ad_hoc_inject_reaches_only_the_chosen_part(tmp_path):
    async with hosted(tmp_path) as drill:
        support, boss = await drill.seat("support"), await drill.seat("boss")
        app = console_app(drill)
        async with app.run_test(size=(120, 40)) as pilot:
            await until(lambda: app.model is not None)
            await pilot.press("i")
            await until(lambda: isinstance(app.screen, AdHocInjectForm))
            form = app.screen
            form.query_one("#text").value = "Board meeting moved to now"
            from textual.widgets import SelectionList

            form.query_one("#to", SelectionList).select("cto")
            form.action_send()
            await until(lambda: any(e.kind == "inject" for e in boss.events))
            inject = next(e for e in boss.events if e.kind == "inject")
            assert inject.data["to"] == ["cto"] and inject.data["text"] == "Board meeting moved to now"
            await support.client.act({"kind": "add_note", "actor": "support-lead", "label": "fact", "text": "m"})
            await until(lambda: support.of("done") and any(e.kind == "action" for e in support.events))
            assert not any(e.kind == "inject" and e.data["text"].startswith("Board") for e in support.events)


async def test_ending_from_the_console_gives_everyone_the_debrief(tmp_path):
    async with hosted(tmp_path) as drill:
        support = await drill.seat("support")
        app = console_app(drill)
        async with app.run_test(size=(120, 40)) as pilot:
            await until(lambda: app.model is not None)
            await pilot.press("ctrl+e")
            await pilot.press("y")
            await until(lambda: drill.host.engine.done)
            await until(lambda: app.final and support.of("debrief"), timeout=60)
            assert app.card is not None and support.of("debrief")[0]["card"]["score"] == app.card.score
            await pilot.press("d")
            from drills.tui.screens.debrief import DebriefScreen

            await until(lambda: isinstance(app.screen, DebriefScreen) and app.screen.debrief is not None,
                        timeout=60)


async def test_the_console_releases_what_the_scenario_holds_back(tmp_path):
    """Format 2: an inject without a time or condition waits for the facilitator; `r` lists what is held
    and releases the chosen one through the engine (once: it leaves the list), to its recipients."""
    from drills.tui.screens.dialogs import ChoiceScreen

    async with hosted(tmp_path, scenario_ref="checkout-payments-deploy") as drill:
        boss = await drill.seat("boss")
        held = [item.id for item in truth_of_host(drill).held]
        assert held, "the checkout scenario holds an inject back for the facilitator"
        app = console_app(drill)
        async with app.run_test(size=(120, 40)) as pilot:
            await until(lambda: app.model is not None and app.scenario is not None)
            app.console_screen.refresh_all()
            assert "Held back for you to release" in shown(app, "console-truth")
            await pilot.press("r")
            await until(lambda: isinstance(app.screen, ChoiceScreen))
            app.screen.dismiss(held[0])
            await until(lambda: any(e.kind == "inject" and e.data.get("inject_id") == held[0]
                                    for e in drill.host.engine.events))
            assert held[0] not in [item.id for item in truth_of_host(drill).held]
            released = [e for e in drill.host.engine.events if e.data.get("inject_id") == held[0]]
            assert len(released) == 1 and released[0].data["generated"] is False
            if "cto" in released[0].data["to"]:
                await until(lambda: any(e.data.get("inject_id") == held[0] for e in boss.events))


def truth_of_host(drill):
    from drills.seats import truth_of

    return truth_of(drill.host.scenario, drill.host.engine.events)
