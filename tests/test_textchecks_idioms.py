"""Classes of idiom the text detectors recognise, each with sentences written for this file (other
domains and voices than the labelled sets) and near misses that must not count.

A "missing part" detector flags an absence, so a positive here is a text that SAYS the part (the
detector must stay quiet) and a near miss is one that only seems to (the detector must flag it).
"""

from __future__ import annotations

import pytest

from drills.scoring.textchecks import detect


def flagged(detector: str, text: str, audience: str = "customer") -> bool:
    return bool(detect(detector, text, audience=audience))


def says(part: str, text: str, audience: str = "customer") -> bool:
    """Whether the text says the part a `missing_*` detector looks for."""
    return not flagged(f"missing_{part}", text, audience)


# ------------------------------------------------------------------ typed in a hurry

@pytest.mark.parametrize("text", [
    "Parcel lockers wont open for some members. We dont know why yet.",
    "Meal plans arent loading; we havent found a cause and cant say more yet.",
    "The thermostat app doesnt sync. we still not know the reason.",
])
def test_unknown_in_apostrophe_less_contractions(text):
    assert says("what_is_unknown", text)


@pytest.mark.parametrize("text", [
    "Parcel lockers won't open for some members. We want to know more.",
    "Meal plans are not loading. The parent account is being fixed.",
    "The thermostat app doesnt sync. We went through the logs.",
])
def test_unknown_near_misses_with_nt_words(text):
    assert not says("what_is_unknown", text)


# ------------------------------------------------------------------ what is unknown

@pytest.mark.parametrize("text", [
    "Ticket scanning fails at gate B. We still investigate why the scanners reject codes.",
    "Podcast uploads stall. The team is verifying which episodes were affected.",
    "Rebooking fails for some flights; we're hunting for the underlying cause.",
    "Payroll exports fail. We haven't cracked what is going on.",
    "Playlists are empty for some listeners. Reason we still look for.",
    "Grades don't save. We have not got to the bottom of it yet.",
])
def test_unknown_stated_as_a_question_still_being_answered(text):
    assert says("what_is_unknown", text)


@pytest.mark.parametrize("text", [
    "Ticket scanning fails at gate B. We are investigating.",
    "Podcast uploads stall. The team is looking at it.",
    "Rebooking fails for some flights; we found the cause and are fixing it.",
    "Payroll exports fail. We checked the servers this morning.",
])
def test_unknown_near_misses_investigating_without_a_question(text):
    assert not says("what_is_unknown", text)


# ------------------------------------------------------------------ what works

@pytest.mark.parametrize("text", [
    "Seat maps don't load, but the prices shown are accurate.",
    "Grade reports are delayed; attendance records are correct and up to date.",
    "The tram timetable page shows correct departure times; only live positions are missing.",
    "Invoices are stuck in the outbox. Balances remain valid.",
])
def test_what_works_stated_as_content_being_right(text):
    assert says("what_works", text)


@pytest.mark.parametrize("text", [
    "Seat maps don't load, and the prices shown may not be accurate.",
    "Grade reports are delayed; we're checking whether attendance records are correct.",
    "The tram timetable shows incorrect departure times.",
    "Invoices are stuck in the outbox. Balances are not correct either.",
])
def test_what_works_near_misses_correctness_in_doubt(text):
    assert not says("what_works", text)


# ------------------------------------------------------------------ what fails

@pytest.mark.parametrize("text", [
    "The recipe search is returning old results. Everything else works.",
    "Flight status shows outdated gates at two airports.",
    "Leaderboards are stale since this morning; playing works.",
    "The catalogue displays yesterday's prices.",
])
def test_what_fails_stated_as_stale_or_wrong_content(text):
    assert says("what_fails", text)


@pytest.mark.parametrize("text", [
    "Booking and paying work normally; we are still checking which venues are affected.",
    "The app and the website work; we're not sure yet whether any reminders went out late.",
    "Playing works. We don't know yet whether some leaderboards were affected.",
])
def test_what_fails_near_misses_failure_only_as_an_open_question(text):
    assert not says("what_fails", text)


def test_a_failure_named_inside_a_question_still_names_it():
    assert says("what_fails", "We'll know by noon whether the patch removed the upload errors.")
    assert says("what_fails", "We don't know yet how many bookings failed.")


# ------------------------------------------------------------------ closing messages

@pytest.mark.parametrize("text", [
    "Resolved: ticket sales have worked normally since 18:20. No orders were lost.",
    "All clear - podcast uploads have been running fine since noon.",
    "RESOLVED: grade sync has functioned correctly since 09:05 for every school.",
])
def test_closing_message_as_status_label_or_lasting_recovery(text):
    assert says("what_is_unknown", text)
    assert not flagged("no_next_update_time", text)


@pytest.mark.parametrize("text", [
    "Not resolved: ticket sales still fail for some fans.",
    "Ticket sales have worked normally since 18:20, but refunds still fail.",
    "The team resolved to look at it: sales fail.",
])
def test_closing_near_misses(text):
    assert flagged("no_next_update_time", text)


# ------------------------------------------------------------------ next update time

@pytest.mark.parametrize("text", [
    "Route planning fails for some depots. Next information at 16:40.",
    "Meter readings are delayed. Next notice 08:15.",
    "Gate scanners offline at terminal 2, crew on it. Back at 19:05.",
    "Grade sync is failing. I'll be back in 20 minutes with more.",
])
def test_next_update_as_other_nouns_or_an_elided_return(text):
    assert not flagged("no_next_update_time", text, "internal")


@pytest.mark.parametrize("text", [
    "Route planning fails for some depots. More information soon.",
    "Meter readings are delayed; they came back at 08:15 for a while.",
    "Gate scanners were back at 19:05 but failed again.",
    "Back soon with more.",
])
def test_next_update_near_misses(text):
    assert flagged("no_next_update_time", text, "internal")


# ------------------------------------------------------------------ next check

@pytest.mark.parametrize("text", [
    "Meter import broken since 04:00. I adapt the mapping for the new CSV columns. Next update 05:00.",
    "route planner down for ~40 depots. priya swapping the map tiles provider now. nxt 11:20",
    "Barcode printing fails. Will compare the driver versions first. Next update 13:00.",
    "Tills offline in 12 stores. Reverting it now. Update at 09:30.",
    "Grade export stuck. Omar moving the job to the spare worker. Next 14:10.",
    "App 5.2 crashes on launch for ~2% of users. 5.2.1 goes to the App Store tonight.",
])
def test_next_check_as_an_action_verb_with_its_object(text):
    assert says("next_check", text, "internal")


@pytest.mark.parametrize("text", [
    "Meter import broken since 04:00. Still looking into the problem. Next update 05:00.",
    "route planner down for ~40 depots. someone pls look at the map tiles. nxt 11:20",
    "Barcode printing fails. Customers uploading the new labels see errors. Next update 13:00.",
    "Tills offline in 12 stores. Team is on it. Update at 09:30.",
    "Grade export stuck for all schools. Next ping 14:10.",
    "Grade export stuck. Nobody will restart the job before the vendor answers.",
])
def test_next_check_near_misses_placeholders_requests_and_people_acting(text):
    assert not says("next_check", text, "internal")


# ------------------------------------------------------------------ fix-time promises

@pytest.mark.parametrize("text, audience", [
    ("The patch lands at 5pm.", "customer"),
    ("Hotfix 3.8.2 ships tonight via the store.", "customer"),
    ("Meter readings will be processed by 18:00.", "executive"),
    ("Boarding passes will start going through any minute.", "customer"),
    ("We'll have reminders flowing normally by 07:30.", "executive"),
    ("Parcel scans flowing normally in 15.", "internal"),
    ("I restart the broker now, in 5 minutes everything is running again.", "internal"),
    ("Kiosks down in 3 stores. Jo resetting them, ETA ~25.", "internal"),
    ("Tills offline. Priya toggling the flag, we're 10 mins out.", "internal"),
    ("Statement downloads will be repaired until 16:00.", "customer"),
    ("We'll have you up and running by tomorrow afternoon.", "customer"),
    ("We haven't confirmed which schools are hit, but it'll be fixed shortly.", "customer"),
])
def test_fix_time_promise_idioms(text, audience):
    assert flagged("fix_time_promise", text, audience)


@pytest.mark.parametrize("text, audience", [
    ("The patch landed at 5pm and did not help.", "customer"),
    ("Meter readings were processed by 18:00 yesterday.", "executive"),
    ("Parcel scans have been flowing normally since 15:10.", "internal"),
    ("Kiosks down in 3 stores. ETA unknown, next update 10:40.", "internal"),
    ("The vendor says 14:00 for a fix but hasn't confirmed it.", "customer"),
    ("We'll go through the logs in 10 minutes.", "internal"),
    ("We paused syncing until 14:00.", "customer"),
])
def test_fix_time_promise_near_misses(text, audience):
    assert not flagged("fix_time_promise", text, audience)


# ------------------------------------------------------------------ blame

@pytest.mark.parametrize("text", [
    "Someone in dispatch fat-fingered the depot code.",
    "Our payroll vendor let us all down this week.",
    "Typical of the data squad to deploy at 5pm.",
    "The night shift sat on the pager alert for an hour.",
    "Whoever skipped the dry run needs to own up.",
    "The migration ran with no supervision, which says it all.",
    "The warehouse team was warned twice and did nothing.",
    "who schedules a schema change during the sale??",
    "The billing crew let the card processor contract lapse.",
    "Marta merged an unreviewed hotfix at midnight.",
    "The mobile team really should have dry-run the migration.",
])
def test_blame_negligence_inaction_and_accountability(text):
    assert flagged("blame", text, "internal")


@pytest.mark.parametrize("text", [
    "We should have numbers on refunds by 15:00.",
    "The alert sat in the queue for an hour before paging.",
    "We made a mistake in the cutoff and are fixing it.",
    "We let the old certificate expire by design; the new one is live.",
    "Marta merged the revert at 10:05.",
    "Who is affected is not known yet.",
    "You should have received a confirmation email.",
])
def test_blame_near_misses(text):
    assert not flagged("blame", text, "internal")


# ------------------------------------------------------------------ who is affected, in any domain

@pytest.mark.parametrize("text", [
    "Known: seat maps fail to load since 14:02. About 900 exhibitors cannot book stands. Next: Lee checks the cache.",
    "since 7:10 boarding passes wont print, all gate agents on terminal 2. next: ravi restarts the print spooler",
    "Streaming keys are rejected since 20:00 for ~3k broadcasters. Next check: the auth token rotation log.",
    "Dispatchers are affected: the map view freezes since 06:30. Next: compare the tile server config.",
    "Lab results are stuck since 11:00 for every partner clinic's technicians. Next: Oona reads the HL7 queue.",
])
def test_who_a_group_of_people_named_by_what_they_do(text):
    assert says("who_is_affected", text, "internal")


@pytest.mark.parametrize("text", [
    "Known: seat maps fail to load since 14:02 on 900 servers. Next: Lee checks the cache.",
    "since 7:10 boarding passes wont print on the printers in terminal 2. next: ravi restarts the spooler",
    "Stream keys are rejected since 20:00; ~3k requests per minute fail. Next check: the token rotation log.",
    "The map view freezes since 06:30 for all tile workers. Next: compare the tile server config.",
    "Lab results stuck since 11:00, 40 documents and 12 attachments in the queue. Next: Oona reads the queue.",
])
def test_who_near_misses_things_with_the_same_endings(text):
    assert not says("who_is_affected", text, "internal")
