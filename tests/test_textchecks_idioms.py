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



@pytest.mark.parametrize("text, audience", [
    ("The locker doors should be opening for everyone well before the evening rush.", "customer"),
    ("Your refund request will be in our queue by Friday at the latest.", "customer"),
    ("Rides should unlock normally by 9ish.", "customer"),
    ("All stuck prescriptions will reach the pharmacy overnight.", "customer"),
    ("You'll be streaming the match again in time for kick-off.", "customer"),
    ("Courier payouts will land on Wednesday as usual.", "customer"),
    ("Expect normal loading times by 17:30.", "customer"),
    ("Ops reckons the backlog will clear itself in about 40 min.", "internal"),
    ("We should be completely recovered by late afternoon.", "executive"),
    ("Facilities assures me the scanners come back before gates open.", "executive"),
])
def test_fix_time_promise_as_a_future_outcome_with_a_time_or_an_event(text, audience):
    assert flagged("fix_time_promise", text, audience)


@pytest.mark.parametrize("text, audience", [
    ("The installer should have tested the lockers before the evening rush.", "customer"),
    ("Fares were higher than expected this evening.", "customer"),
    ("We'll do the review on Friday.", "internal"),
    ("We'll check the scanner logs before gates open.", "internal"),
    ("We will post the next update by 17:30.", "customer"),
    ("Sam will roll the config back at 9ish and verify one locker.", "internal"),
    ("We won't be able to say by tonight whether payouts are late.", "customer"),
    ("Will rides unlock normally by 9?", "customer"),
    ("You should have received a receipt within a few minutes of paying.", "customer"),
    ("We'll refund every affected ride automatically.", "customer"),
])
def test_fix_time_promise_near_misses_activities_counterfactuals_and_questions(text, audience):
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


@pytest.mark.parametrize("text", [
    "The ticketing vendor rotated our keys without warning anyone.",
    "Our locker supplier never tested the firmware on the old units.",
    "The payroll provider failed to regression-test the new tax table.",
    "A member of the booking team made an error in the fare rules.",
    "The translation agency's QA contractor shipped an untested glossary.",
    "Our courier partner, in its infinite wisdom, renamed every depot code.",
    "Their support desk has been worse than useless all morning.",
    "This hosting partner is an absolute joke.",
    "Thanks a bunch, billing squad, for the Friday deploy.",
    "The CDN vendor ignored the change freeze despite our repeated warnings.",
    "Frankly the data team should have had a rollback plan.",
])
def test_blame_on_third_parties_for_negligence_and_contempt(text):
    assert flagged("blame", text, "internal")


@pytest.mark.parametrize("text", [
    "Locker unlocks fail because the supplier changed the unlock API at 09:00.",
    "The payment provider failed to renew its certificate overnight.",
    "The new fare rules are at fault.",
    "Thanks a lot for your patience this morning.",
    "Our courier partner is rerouting parcels through Leeds.",
    "The provider is useful for tracking, and that part works.",
])
def test_blame_near_misses_a_third_partys_change_stated_as_the_cause(text):
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


# ------------------------------------------------------------------ generalisation classes (third round)
# Each class is a grammatical shape, not a domain's nouns: the sentences below use domains the labelled
# sets do not (gyms, airlines, photo storage, insurance, bike hire, school timetables, food delivery).

@pytest.mark.parametrize("text", [
    "Class bookings fail for some members; your membership and saved classes are kept.",
    "Check-in is down. Your seat choices are stored and boarding passes already issued are valid.",
    "Claim uploads fail. Claims you already sent are still being processed.",
    "Photo backups stall on Android. Albums OK.",
    "Bike unlocks fail at three docks; rentals already started continue normally.",
    "timetable sync broken rn, lessons safe, homework portal normal.",
])
def test_what_works_as_a_part_kept_or_named_with_a_bare_state(text):
    assert says("what_works", text)


@pytest.mark.parametrize("text", [
    "Class bookings fail for some members; we're still finding out why.",
    "Check-in is down. We are keeping you posted.",
    "Claim uploads fail. Volumes are higher than normal.",
    "Photo backups stall on Android. Is your data safe? We are checking.",
])
def test_what_works_near_misses_state_words_that_say_nothing_works(text):
    assert not says("what_works", text)


@pytest.mark.parametrize("text", [
    "Boarding passes have not reached the app for some travellers. We're looking into it.",
    "Gym door codes won't activate this morning.",
    "The nightly statement job has not completed since Monday.",
    "Video lessons are disconnecting after a few minutes for some pupils.",
    "Delivery tracking maps are cutting out in the app.",
])
def test_what_fails_as_any_verb_negated_or_a_failure_predicate(text):
    assert says("what_fails", text)


@pytest.mark.parametrize("text", [
    "We haven't identified why this is happening yet.",
    "We won't put a time on the fix. Next update at 10:00.",
    "Your rides have not been affected.",
    "We're looking into a problem. Still unclear what's behind it.",
])
def test_what_fails_near_misses_negations_about_us_or_being_unaffected(text):
    assert not says("what_fails", text)


@pytest.mark.parametrize("text", [
    "Claim approvals dropped at 09:12. Omar checks the rules engine. Next update 10:00.",
    "Rider payouts stopped at 07:45. Next update 08:30.",
    "The fare table changed overnight, meaning every weekly pass reads as expired. Next update 11:00.",
])
def test_what_we_know_as_an_event_at_a_time_or_a_stated_cause(text):
    assert says("what_we_know", text, "internal")


@pytest.mark.parametrize("text", [
    "Omar checks the rules engine at 09:30. Next update 10:00.",
    "This is human error, plain and simple. Next update 08:30.",
    "We're aware. Next update 11:00.",
])
def test_what_we_know_near_misses_plans_at_a_time_and_fault_attributions(text):
    assert not says("what_we_know", text, "internal")


@pytest.mark.parametrize("text", [
    "Seat selection fails. We won't put a time on the fix until it's tested.",
    "Uploads stall. We can't set a date for the repair yet.",
    "Bookings fail. RCA pending.",
    "Bookings fail. Root cause: TBD.",
])
def test_unknown_as_a_refusal_to_put_a_time_on_it(text):
    assert says("what_is_unknown", text)


@pytest.mark.parametrize("text", [
    "Seat selection fails. We'll put the fix out at noon.",
    "Uploads stall. We set a date for the repair: Friday.",
    "Bookings fail. RCA done, fix in progress.",
])
def test_unknown_near_misses_times_that_are_given(text):
    assert not says("what_is_unknown", text)


@pytest.mark.parametrize("text", [
    "Lesson sync fails. Updates on the hour until it's fixed.",
    "Rides fail to start. We'll be back with another update at 15:30.",
    "Orders stall. Updates on the half hour.",
])
def test_next_update_on_the_hour_or_back_with_an_update(text):
    assert not flagged("no_next_update_time", text)


@pytest.mark.parametrize("text", [
    "Lesson sync fails. Back with more in a bit.",
    "Rides fail to start. We'll update you in a while.",
    "Orders stall. More in a moment.",
])
def test_next_update_near_misses_vague_intervals(text):
    assert flagged("no_next_update_time", text)


@pytest.mark.parametrize("text", [
    "Uploads failing since 09:00. Affected: photographers on the pro plan. Ana restarting the resizer.",
    "Bookings failing since 09:00. Impacted: weekend climbers. Ana restarting the resizer.",
    "bookings failing since 09:00. gold cardholders. ana restarting the resizer.",
    "Bookings failing since 09:00. Travellers in the EU app. Ana restarting the resizer.",
])
def test_who_is_affected_from_a_label_or_a_sentence_that_is_only_the_group(text):
    assert says("who_is_affected", text, "internal")


@pytest.mark.parametrize("text", [
    "Uploads failing since 09:00. Affected: the resize workers. Ana restarting them.",
    "Bookings failing since 09:00. Engineers on it. Ana restarting the resizer.",
    "bookings failing since 09:00. servers in eu. ana restarting the resizer.",
])
def test_who_is_affected_near_misses_things_and_our_own_staff(text):
    assert not says("who_is_affected", text, "internal")


@pytest.mark.parametrize("text", [
    "About 12,000 travellers cannot check in online.",
    "~30k subscribers have lost their watch history.",
    "Roughly 900 climbers could not book a wall slot this morning.",
    "Payouts are late for 4,200 couriers.",
])
def test_quantified_impact_as_a_count_of_any_people_noun(text):
    assert not flagged("missing_quantified_impact", text, "executive")


@pytest.mark.parametrize("text", [
    "About 12,000 scanners are offline.",
    "~30k requests failed in the last hour.",
    "Many climbers could not book a wall slot this morning.",
    "Payouts are late for several couriers.",
])
def test_quantified_impact_near_misses_devices_requests_and_vague_groups(text):
    assert flagged("missing_quantified_impact", text, "executive")


@pytest.mark.parametrize("text", [
    "bookings failing since 09:00, all gym members. tomas flipping the feature flag. next update 10:00",
    "payouts late for couriers since 07:45. wen pinning v3 of the rates file. next update 08:30",
    "uploads stalled since 06:00 for pro photographers. kim moving half the traffic to the old cluster. next upd 07:00",
])
def test_next_check_as_a_lower_case_name_with_a_step_and_its_object(text):
    assert says("next_check", text, "internal")


@pytest.mark.parametrize("text", [
    "bookings failing since 09:00, all gym members. tomas owning it. next update 10:00",
    "payouts late for couriers since 07:45. wen on it. next update 08:30",
    "uploads stalled since 06:00 for pro photographers. queue growing fast. next update 07:00",
])
def test_next_check_near_misses_ownership_and_state_verbs(text):
    assert not says("next_check", text, "internal")


@pytest.mark.parametrize("text", [
    "Seat maps fail to load: the GDS handshake times out. Next update 10:00.",
    "Photo uploads fail because of an SFTP gateway restart.",
    "Bike docks reject unlocks after the NB-IoT firmware push; the MQTT broker is overloaded.",
    "Claims fail with HL7 errors from our partner.",
    "Tracking fails: the PushTokenRefreshWorker keeps crashing.",
    "Lessons don't load; the WebDAV sync is stuck.",
    "Payouts fail with a timeout from payout-api.",
])
def test_jargon_as_classes_of_acronyms_code_names_and_service_names(text):
    assert flagged("jargon", text)


@pytest.mark.parametrize("text", [
    "Our API is slow and SSO logins fail at some ATMs.",
    "PayPal and YouTube links work; your PIN is safe.",
    "Check-in fails for flights from the UK and EU. Next update at 10:00 UTC.",
    "URGENT: PLEASE DO NOT RETRY PAYMENTS UNTIL WE CONFIRM.",
    "Please quote error code PAY-203 when you contact us.",
])
def test_jargon_near_misses_plain_acronyms_brands_and_shouting(text):
    assert not flagged("jargon", text)


@pytest.mark.parametrize("text", [
    "Class bookings fail as a knock-on effect of the calendar provider's change.",
    "Payouts are late as a consequence of last night's rates migration.",
    "The new image resizer is responsible, it hangs on large files.",
    "A faulty timetable import is to blame.",
    "The rates import at 06:00 broke the payout run.",
    "The fare table changed overnight, meaning every weekly pass reads as expired.",
    "Uploads fail on account of the storage provider throttling us.",
    "Caused by an expired signing key on the locker hubs.",
    "Ride unlocks time out. Triggered by the 3.2 firmware push.",
    "Ferry prices were doubled overnight by a stale currency table.",
    "A gap in how we round tax lines caused the payslip errors.",
    "It all boils down to the new retry limit.",
    "Gate scanners reject tickets, courtesy of a truncated barcode field.",
    "We've tracked it down to Tuesday's permissions change.",
    "All failed unlocks trace back to the 02:00 key rotation.",
    "The origin is our own edit to the booking rules.",
    "The courier app's new GPS throttle is what's dropping jobs.",
    "The reseller's feed is at fault.",
    "The matchmaker ignores region, that's the whole problem.",
    "That's my rate-limit config from this morning, sorry.",
])
def test_cause_claims_in_more_grammatical_forms(text):
    assert flagged("root_cause_claim", text)


@pytest.mark.parametrize("text", [
    "Payouts broke this morning and are still failing.",
    "Ana is responsible for the rollback.",
    "Picking is down to half speed at one site.",
    "Seats stay reserved, so no traveller loses their booking.",
    "We haven't pinned down the cause yet.",
    "The resizer may be responsible; we're checking whether it hangs.",
    "The alert was triggered by queue depth at 02:10.",
    "Tickets were scanned by the gate staff by hand.",
    "A gap in the queue probably caused the delay.",
    "It doesn't come down to the firmware; we tested that.",
    "The source is unclear so far.",
    "That's the whole picture we have right now.",
    "That's our booking page, the one that fails.",
])
def test_cause_claim_near_misses_symptoms_roles_and_effects(text):
    assert not flagged("root_cause_claim", text)


# ------------------------------------------------------------------ states of waiting, wrong amounts, absence

@pytest.mark.parametrize("text", [
    "Ferry refunds are pending for some travellers.",
    "Thermostat schedules are stalled in the app.",
    "Parcel labels are waiting to be generated.",
    "Delivery fees show higher than they should on some orders.",
    "Parking charges were inflated for a few drivers.",
    "Your new photos aren't in the gallery yet.",
    "Some bookings have not yet appeared in your calendar.",
    "Library search is showing empty pages for most titles.",
    "You may see timeouts on the booking page.",
])
def test_what_fails_as_waiting_wrong_amounts_or_absence(text):
    assert says("what_fails", text)


@pytest.mark.parametrize("text", [
    "We're not in a position to say more.",
    "Your data is not in danger.",
    "Your data is not at risk.",
    "We aren't in touch with the supplier yet.",
])
def test_what_fails_near_misses_absence_idioms_about_us(text):
    assert not says("what_fails", text)


@pytest.mark.parametrize("text", [
    "We can't yet tell you when lockers will open again.",
    "We can't say why or for how long.",
    "We are not knowing yet if the bookings are lost.",
    "Why this happens, we are still finding out.",
    "We're still looking hard into why the gates reject tickets.",
    "No time yet for when payouts will go.",
    "We'd rather not guess at a fix time.",
])
def test_unknown_as_refusals_and_searches_in_more_forms(text):
    assert says("what_is_unknown", text)


@pytest.mark.parametrize("text", [
    "We can tell you more at 10:00.",
    "We found out why at 10:20.",
    "We're still looking at the dashboards.",
])
def test_unknown_near_misses_answers_and_idle_looking(text):
    assert not says("what_is_unknown", text)


@pytest.mark.parametrize("text", [
    "Gate scanners down since 06:00. Pax at gates 4-9 affected. Next: Abe reboots scanner 4.",
    "Affected: shift supervisors + night crew at the Leeds depot. Next: Ola checks the rota export.",
    "Who: St Mary's ward managers, porters. Next: Ben restarts the sync.",
    "who's affected beyond the Leeds depot isn't clear yet. Next: Ola checks the rota export.",
])
def test_who_is_affected_as_domain_groups_lists_and_an_open_scope(text):
    assert says("who_is_affected", text, "internal")


@pytest.mark.parametrize("text", [
    "Rota export broken since 06:00. Dana turning the night-shift flag off now.",
    "Rota export broken since 06:00. Sven rate-limiting that client.",
    "rota export broken since 06:00. joana pinning to v2.3 at 06:40",
    "Rota export broken since 06:00. Ana on the cache swap at 06:35.",
    "Rota export broken since 06:00. We're on the rollback now.",
])
def test_next_check_as_a_step_someone_holds(text):
    assert says("next_check", text, "internal")


@pytest.mark.parametrize("text", [
    "Rota export broken since 06:00. Nobody turned the flag off.",
    "@ops you dropped the ball on the cert renewal, rota export down",
    "Rota export broken since 06:00. Waiting on the vendor fix.",
])
def test_next_check_near_misses_steps_nobody_holds(text):
    assert not says("next_check", text, "internal")


@pytest.mark.parametrize("text", [
    "Your MP4 downloads are stuck; PDF receipts still work.",
    "Photo uploads (JPG and HEIC) fail; ZIP exports work.",
])
def test_jargon_near_misses_file_formats(text):
    assert not flagged("jargon", text)


def test_next_update_back_with_you_at_a_time():
    assert not flagged("no_next_update_time", "Rota export broken. Ola checking the export. back with you 07:15",
                       "internal")


@pytest.mark.parametrize("text", [
    "Locker doors stay shut because the LCU firmware dropped its MQTT session.",
    "Ticket scans fail; the ACS rejects every barcode.",
    "Payroll files are stuck in the SFTP drop.",
])
def test_jargon_as_unexplained_acronyms(text):
    assert flagged("jargon", text)


@pytest.mark.parametrize("text", [
    "Card payments in USD and EUR work; the booking page WILL be back, we promise.",
    "Your CRM and RSS feeds are fine.",
])
def test_jargon_near_misses_currencies_everyday_acronyms_and_emphasis(text):
    assert not flagged("jargon", text)


@pytest.mark.parametrize("text", [
    "About 1.2M premium listeners can't download since 07:40.",
    "Roughly 2.5 million Android subscribers can't stream since this morning.",
])
def test_quantified_impact_in_millions(text):
    assert not flagged("missing_quantified_impact", text, "executive")


# ------------------------------------------------------------------ a way round it is what works

@pytest.mark.parametrize("text", [
    "Ticket scanning fails at gate B. Please show your e-ticket at the info desk.",
    "Season-pass renewals fail online. Call the box office instead.",
    "Card top-ups fail. The canteen can still take cash.",
    "Bike unlocks fail in the app. Use the dock keypad in the meantime.",
    "Dental reminder texts are late. Your appointment is going ahead as booked.",
    "Payouts are late, but every completed shift will still be paid.",
])
def test_what_works_as_a_workaround_or_a_promise_kept(text):
    assert says("what_works", text)


@pytest.mark.parametrize("text", [
    "Ticket scanning fails at gate B. Please try scanning again later.",
    "Card top-ups fail and cash isn't taken either.",
    "Bike unlocks fail. We'll call you once we know more.",
])
def test_what_works_near_misses_retries_and_promises_to_call(text):
    assert not says("what_works", text)


# ------------------------------------------------------------------ blame, in more forms

@pytest.mark.parametrize("text", [
    "Somebody in finance reworked the payout rules w/o telling anyone.",
    "The agency changed a setting without following our change process.",
    "The data team's schema change broke the nightly import.",
    "The scheduling team is 'investigating' again.",
    "Infra missed the disk alarm for two hours.",
    "The contractor was told twice to test the scanners and didn't.",
    "Approvals down since 09:00. qa signed this off?? seriously.",
    "Our partner timed out under load, thanks to nobody load-testing the flow.",
    "The release manager skipped the review, a failure on their part.",
])
def test_blame_as_changes_behind_backs_scare_quotes_and_breaking_by_people(text):
    assert flagged("blame", text, "internal")


@pytest.mark.parametrize("text", [
    "The outage is the result of the carrier team's driver release this morning.",
    "We changed the payout rules without telling anyone, and we're sorry.",
    "The scheduling team is investigating the queue.",
    "Support quoted 'Payment failed' from the customer's screenshot.",
])
def test_blame_near_misses_neutral_naming_owning_and_quotes(text):
    assert not flagged("blame", text, "internal")


@pytest.mark.parametrize("text", [
    "The 5.1 firmware took the scanners offline.",
    "Printer drivers got wiped by the overnight OS update.",
    "It's down to our card processor's outage.",
    "The new player build caused it.",
    "The tariff import wiped out the zone table.",
    "The calendar shows no slots because of last night's config change.",
    "Marketing reused the sender ID, and that's what got it suspended.",
    "The import dropped every row, that's the problem.",
])
def test_cause_claims_as_offline_wiped_and_down_to(text):
    assert flagged("root_cause_claim", text)


# ------------------------------------------------------------------ round 3 (tuned on heldout5, now tune6)

def test_a_quoted_word_is_still_a_word():
    assert says("what_fails", "The app shows 'Error 502' when you open a locker.")


@pytest.mark.parametrize("text", [
    "Lift passes are back up and scanning at every gate. Thanks for bearing with us.",
    "Your pledges are safe 😊 Everything is working normally now.",
    "Sorry for the double emails this morning. Everything's fine now.",
])
def test_closing_in_chat_form_needs_no_next_update(text):
    assert not flagged("no_next_update_time", text)


def test_a_service_back_only_when_something_happens_is_no_closing():
    assert flagged("no_next_update_time", "Seat maps are paused, sorry! We'll let you know when it's back.")


@pytest.mark.parametrize("text", [
    "Seat maps freeze on some phones. Refreshing the page helps most people.",
    "Seat maps freeze. Your booked seats are all safe.",
    "Seat maps freeze. If you already booked, your booking stands.",
])
def test_what_works_as_a_step_that_helps_or_a_booking_that_stands(text):
    assert says("what_works", text)


@pytest.mark.parametrize("text", [
    "Seat map freezing since 19:10. Moviegoers trying to book online. Jo checks the CDN logs.",
    "Seat map freezing since 19:10. All ticket-holders at the Leeds site. Jo checks the CDN logs.",
    "Seat map freezing since 19:10. Android customers w/ the 4.x app. Jo checks the CDN logs.",
])
def test_who_as_people_doing_something_or_a_hyphenated_group(text):
    assert says("who_is_affected", text, "internal")


@pytest.mark.parametrize("text", [
    "Barrier cams offline. Ravi reflashing, ~2h and we're done.",
    "Barrier cams offline. Ravi swapping the cert, 10 min and gates are back.",
    "Barrier cams offline. Ravi reissuing, everyone back on in 30 min.",
    "Barrier cams offline. Ravi rolling the rest, all green by 21:20.",
    "Barrier cams offline. Fix merged, in prod within 25 min.",
    "Barrier cams are flaky this week. A fix is expected by the weekend.",
])
def test_fix_time_promise_as_a_time_and_what_it_brings(text):
    assert flagged("fix_time_promise", text, "internal" if "Ravi" in text or "merged" in text else "customer")


@pytest.mark.parametrize("text", [
    "Barrier cams offline. Someone should really have tested the firmware before the rollout.",
    "The supplier says cams could be back by 11:30 but they haven't confirmed it, so we're not counting on it.",
    "Any barrier fee charged twice will be refunded and you'll see the money back within 5 days.",
])
def test_fix_time_promise_near_misses_hindsight_unconfirmed_and_refunds(text):
    assert not flagged("fix_time_promise", text, "internal")


@pytest.mark.parametrize("text", [
    "Barrier cams offline. Someone should really have tested the firmware.",
    "Our camera supplier can't be bothered to test their updates.",
    "The installer cut corners on the new barriers.",
    "Ops sat on a certificate warning for weeks.",
    "Whoever owns the renewals needs to explain this.",
    "I'm not pointing fingers, but someone renewed the cert without checking the CN.",
    "One of our billing analysts uploaded the wrong tariff.",
    "The firmware team shipped 5.2 without a single test. Again.",
])
def test_blame_as_hindsight_contempt_and_unchecked_work(text):
    assert flagged("blame", text, "internal")


@pytest.mark.parametrize("text", [
    "The seat map isn't loading because the pricing feed stopped at 17:52.",
    "Gate errors are 100% down to the tz change in 6.12.",
    "The vendor made a mistake during maintenance and that's the reason.",
])
def test_cause_claims_after_a_negated_symptom_or_a_share(text):
    assert flagged("root_cause_claim", text)


def test_a_cause_negated_right_before_the_link_is_no_claim():
    assert not flagged("root_cause_claim", "The seat map is slow, but not because of the pricing feed.")


@pytest.mark.parametrize("text", [
    "Meter app down since 09:00. Affected: drivers renewing online. Next update at 11.",
    "Meter app down since 09:00. Weekend visitors trying to book online. Looking into it.",
    "Meter app down since 09:00. Rebuffering for ~30% of viewers. Next update 09:35.",
    "Meter app down since 09:00. Someone renewed the cert without checking the CN. Next update 10:00.",
    "Meter app down since 09:00. Third switch outage this month. Next update 09:50.",
    "Meter app down since 09:00. Femi and Jo looking at it. Next update 10:15.",
])
def test_next_check_near_misses_people_doing_things_nouns_and_past_acts(text):
    assert not says("next_check", text, "internal")


@pytest.mark.parametrize("text", [
    "Meter app down since 09:00. Marta running the replay for one test account first.",
    "Meter app down since 09:00. Lukas re-auths the test tenant first.",
    "Meter app down since 09:00. Lucía on the replay test.",
])
def test_next_check_with_names_that_end_in_s_or_carry_accents(text):
    assert says("next_check", text, "internal")


# ------------------------------------------------------------------ round 4 (tuned on heldout6, now tune7)

@pytest.mark.parametrize("text", [
    "Residents: the rounds-import cron failed. Collections go ahead. Next update 16:00.",
    "Growers: the LoRaWAN gateway at the north site is offline. Next update 09:00.",
    "Couples: registry-svc is 500ing on PATCH /lists. Next update 16:00.",
    "We're having technical difficulties with the app. Next update 16:00.",
])
def test_what_fails_near_misses_a_component_or_vague_difficulties(text):
    assert not says("what_fails", text)


@pytest.mark.parametrize("text", [
    "Alerts via APNs are delayed for iPhone users. Next update 22:45.",
    "Our API is returning HTTP 503 errors for invoice exports. Next update 12:00.",
    "Roaming charges in Ireland were applied by mistake. Next update at noon.",
    "You may not be able to use mobile data while roaming. Next update 11:00.",
    "Hello! The reminders not arrive for some students. Next message 17:00.",
    "Rated games are temporarily unrated. Next update 22:10.",
])
def test_what_fails_said_of_a_function_even_with_a_component_named(text):
    assert says("what_fails", text)


@pytest.mark.parametrize("text", [
    "Gate scans fail at Glacier. The village gates were never affected.",
    "Gate scans fail. Your passes are still valid.",
    "Gate scans fail. Lessons go ahead as planned.",
    "Gate scans fail. Until then please buy a paper pass at the desk.",
])
def test_what_works_as_never_affected_still_valid_or_a_workaround_after_a_lead_in(text):
    assert says("what_works", text)


@pytest.mark.parametrize("text", [
    "Donor reminders: 0 sent for tomorrow. Affected: ~3,100 donors. Looking into it. Next update 11:00.",
    "Gates ok again after the revert, Tomas watching. Next update 10:30.",
    "Tracking lag is ~15 min for all runners. Next update 11:00.",
    "Warehouse supplier zeroed stock for 600 items. Maya requesting a corrected feed.",
])
def test_what_we_know_as_counts_recoveries_measurements_and_changes(text):
    assert says("what_we_know", text, "internal")


def test_who_alone_is_not_what_we_know():
    assert not says("what_we_know", "Customers on the Go Abroad add-on are affected. Next update 16:00.", "internal")


@pytest.mark.parametrize("text", [
    "Basket broken. 6.4.1 will be live in Google Play in 90 mins.",
    "Gateway down. Rhys driving out to power-cycle it.",
    "Reschedule broken. Jo shipping 4.8.1 now.",
])
def test_next_check_as_a_release_on_its_way_or_a_trip_to_fix_it(text):
    assert says("next_check", text, "internal")


@pytest.mark.parametrize("text", [
    "Roughly one in five subscribers will get boxes late today.",
    "The payment provider thinks their fix lands around 10:00 but won't commit to it.",
    "We'll have a figure for the losses by 12:00.",
])
def test_fix_time_promise_near_misses_harm_uncommitted_and_figures(text):
    assert not flagged("fix_time_promise", text, "executive")


@pytest.mark.parametrize("text", [
    "Calendar right by 3pm.",
    "Pledging normal by 15:00.",
    "Fix tonight.",
])
def test_fix_time_promise_as_a_terse_state_and_time(text):
    assert flagged("fix_time_promise", text, "executive")


def test_next_update_at_half_the_hour_british_style():
    assert not flagged("no_next_update_time", "Roaming patchy in ES. Ash checks with them. next upd half 11",
                       "internal")


# ------------------------------------------------------------------ round 5 (tuned on heldout7, now tune8)

@pytest.mark.parametrize("text", [
    "Pitch booking: resolved. Everything's working and your bookings are intact.",
    "Audio guide: fixed. Thanks for your patience.",
    "Vaccine slots have now been corrected.",
    "The app connects to the lockers again on every phone.",
    "Seat reservations are showing correctly again on all trains.",
])
def test_closing_as_a_status_label_a_correction_or_a_function_again(text):
    assert not flagged("no_next_update_time", text)


@pytest.mark.parametrize("text", [
    "Pitch booking will be working again from 14:10.",
    "The gym doors fail again this morning. Next update 09:00.",
])
def test_closing_near_misses_a_future_recovery_or_a_repeat_failure(text):
    assert flagged("no_next_update_time", text) or not flagged("missing_what_fails", text)


@pytest.mark.parametrize("text", [
    "Subtitles show English text instead of French.",
    "The app shows readings from yesterday.",
    "Some meter readings are off by 20%.",
    "Ticket machines at the pier are out of service.",
    "Members see no slots when booking.",
])
def test_what_fails_as_wrong_content_or_out_of_service(text):
    assert says("what_fails", text)


@pytest.mark.parametrize("text", [
    "Your savings reports won't be affected.",
    "Your controller settings were not changed.",
    "Please check the dashboard by hand; it's up to date.",
    "Harbour staff can open the gate for you.",
])
def test_what_works_as_unchanged_up_to_date_or_staff_who_can_help(text):
    assert says("what_works", text)


@pytest.mark.parametrize("text", [
    "Fob entry broken since 06:00. Affected: every member with a new fob. Next: Sam checks the controller.",
    "Fob entry broken since 06:00. Whoever books an evening class hits it. Next: Sam checks the controller.",
    "Fob entry broken since 06:00. Visitors queuing at reception. Next: Sam checks the controller.",
    "Fob entry broken since 06:00. Alerts sent to parents in error. Next: Sam checks the controller.",
])
def test_who_as_one_standing_for_the_group_or_people_doing_something(text):
    assert says("who_is_affected", text, "internal")


def test_who_near_miss_whoever_owns_a_task_is_no_affected_group():
    assert not says("who_is_affected", "Pushes dead since 05:00. Whoever owns the cert renewal needs to own up.",
                    "internal")


@pytest.mark.parametrize("text", [
    "Online bookers see no slots. Li re-running the capacity job now.",
    "Double confirmations going out. Next update 12:00.",
    "Bridge keeps restarting. Marta restarting it again.",
    "Prod still down for members. Sue applies the rollback at 10:05.",
    "Scanner licence expired 00:00. Ravi applying the temp key.",
])
def test_what_we_know_as_symptoms_components_and_expiries(text):
    assert says("what_we_know", text, "internal")


def test_unknown_in_chat_shorthand():
    assert says("what_is_unknown", "Tram tickets print slowly. dunno why yet. next update 11:00")


def test_next_update_as_more_at_a_time():
    assert not flagged("no_next_update_time", "Walk booking is broken in the app. Existing bookings are fine. "
                                              "more at 2pm")


# ------------------------------------------------------------------ round 6 (tuned on heldout8, now tune9)

@pytest.mark.parametrize("text", [
    "Kayak racks refuse bookings at three beaches.",
    "Your print orders vanished from the tracker this morning.",
    "The wildlife cam is silent since noon.",
    "Some members couldn't renew online.",
    "Online renewal is still out at the Leeds desk.",
])
def test_what_fails_as_refusal_vanishing_silence_and_still_out(text):
    assert says("what_fails", text)


@pytest.mark.parametrize("text", [
    "Renewals fail online. Staffed desks are open.",
    "Renewals fail online. Reception staff are letting members in.",
    "Renewals fail online. Members can still log in through the app.",
    "Don't worry, your pass will still be valid tomorrow.",
])
def test_what_works_as_open_desks_staff_letting_people_in_and_kept_promises(text):
    assert says("what_works", text)


def test_closing_as_back_on_every_device():
    assert not flagged("no_next_update_time", "Captions are back on all glasses for tonight's show.")


@pytest.mark.parametrize("text", [
    "Renewals failing since 07:40. Femi: raise the limit. Ade: email the 38 practices. Next update 11:00.",
])
def test_next_check_as_a_task_list(text):
    assert says("next_check", text, "internal")


@pytest.mark.parametrize("text", [
    "Kiosks: the printer driver update broke printing. Will update at 09:00.",
    "Affected: all drivers on the morning sailings.",
])
def test_next_check_near_misses_labels_and_things_before_a_colon(text):
    assert not says("next_check", text, "internal")


def test_a_remedy_cleared_from_the_bill_is_no_fix_time():
    assert not flagged("fix_time_promise", "Wrong minibar charges will be cleared from your bill by the end of "
                                           "the day.")


def test_not_saying_one_caused_the_other_is_a_hedge():
    assert not flagged("root_cause_claim", "Cert expired at 16:48, doors stopped at 16:50; not saying one caused "
                                           "the other yet.", "internal")


# ------------------------------------------------------------------ round 7 (tuned on heldout9, now tune10)

@pytest.mark.parametrize("text", [
    "Lane bookings back for everyone. Mo watching payment errors for 30 min before we close.",
    "Kiln schedule fixed for all 85 members, job rerun at 19:10.",
    "The planetarium stream is live again! Thanks for bearing with us.",
    "Billing's all good again. Anyone charged twice has been refunded.",
])
def test_closing_for_everyone_or_live_again_needs_no_next_update(text):
    assert not flagged("no_next_update_time", text, "internal")


@pytest.mark.parametrize("text", [
    "Permits broken since 07:00. Ola checking. next upd 11",
    "Permits broken since 07:00. Ola checking. Next at 3.",
])
def test_next_update_as_a_bare_hour_after_the_cue(text):
    assert not flagged("no_next_update_time", text, "internal")


@pytest.mark.parametrize("text", [
    "Lesson times in the app are an hour out for Welsh users.",
    "Rehearsal reminders weren't sent this week.",
])
def test_what_fails_as_times_out_by_an_hour_or_not_sent(text):
    assert says("what_fails", text)


@pytest.mark.parametrize("text", [
    "Permit receipts are wrong, but you are being billed correctly.",
    "Welsh lesson times are off; English users see correct times.",
    "Login fails for some. Other parts of the site load.",
    "The web timetable is right.",
    "Your Mother's Day bouquets will still be delivered on Sunday.",
])
def test_what_works_as_correct_billing_correct_views_and_other_parts(text):
    assert says("what_works", text)


@pytest.mark.parametrize("text", [
    "Pool lanes double-booked since 06:00. Who: anyone trying to book June. Beth restoring the backup.",
    "Pool lanes double-booked since 06:00. Who exactly is affected is unclear so far. Tom re-sending.",
    "Pool lanes double-booked since 06:00. Affected: all over-60s renewing online.",
])
def test_who_as_anyone_doing_something_an_open_scope_or_an_age_group(text):
    assert says("who_is_affected", text, "internal")


def test_who_near_miss_things_with_agentive_endings_before_a_colon():
    assert not says("who_is_affected", "Text reminders: 0 sent since Monday. Gav chasing them at 11:30.", "internal")


@pytest.mark.parametrize("text", [
    "Payouts are late. The bank hasn't told us the new payout date yet. Next update Monday 9:00.",
    "Bookings stick at 'processing', because of a change our processor made overnight, as far as we can tell.",
])
def test_unknown_as_a_date_not_given_or_a_hedge(text):
    assert says("what_is_unknown", text)


@pytest.mark.parametrize("text", [
    "The waiver form won't submit on phones, so you can't finish a booking on mobile.",
    "Search is working again. Thanks to everyone who told us about it!",
])
def test_cause_claim_near_misses_effects_on_customers_and_gratitude(text):
    assert not flagged("root_cause_claim", text)


def test_next_check_as_a_call_at_a_time():
    assert says("next_check", "Tracker off since 09:40 after order names leaked. DPO call at 11:00 to decide.",
                "internal")


def test_quantified_impact_as_one_in_n_people():
    assert not flagged("missing_quantified_impact", "The room mix-up hit roughly 1 in 4 undergraduates.", "executive")
