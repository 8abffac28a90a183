from datetime import timedelta

from django.core.exceptions import PermissionDenied

from audit.models import AuditEntry
from meetings import cases, services
from meetings.agenda import build_agenda
from meetings.models import Assignment, AssignmentStatus, Meeting, Phase, ProblemCase
from reports import weeks
from reports.intake import do_create_report
from tryggve.errors import InputError
from tryggve.test import BaseTestCase

WEEK = 202523


def in_week(key: int, hours: int = 20) -> str:
    return (weeks.week_bounds(key)[0] + timedelta(hours=hours)).isoformat()


class LoopTestCase(BaseTestCase):
    """The weekly loop: report → flagged → case and assignment → next week's follow-up."""

    def report(self, key, **extra):
        data = {"category": "drug_dealing", "place": "Fittja torg", "occurred_at": in_week(key)}
        return do_create_report(self.alice, data | extra).report

    def test_it_walks_the_loop(self):
        for key, n in ((202520, 1), (202521, 2), (202522, 2), (202523, 3)):
            for _ in range(n):
                self.report(key)
        self.client.force_login(self.bob)

        # The place is flagged in the picture of week 23.
        r = self.client.get("/picture/test/2025-W23/")
        self.assertContains(r, "Fittja torg (Fittja)")
        self.assertContains(r, "Rapporter 4 av 4 veckor")

        # The meeting of week 23: open it, prioritise the place, send the security guards.
        r = self.client.post("/meetings/test/2025-W23/open/",
                             {"participants": [self.housing.pk, self.police.pk]}, follow=True)
        self.assertContains(r, "Mötet är sparat.")
        self.client.post("/meetings/test/2025-W23/priorities/", {
            "problem": "Öppen narkotikaförsäljning", "place": self.square.pk,
            "reason": "Fyra veckor i rad"})
        r = self.client.post("/meetings/test/2025-W23/assignments/", {
            "resource": "security_guard", "responsible": self.housing.pk,
            "place": self.square.pk, "starts_at": "2025-06-09T19:00",
            "ends_at": "2025-06-09T23:00", "task": "Extra rundor"}, follow=True)
        self.assertContains(r, "Uppdraget är sparat.")
        assignment = Assignment.objects.get()

        # A problem case is opened from the flagged place; it takes the place off the list.
        r = self.client.post("/meetings/cases/new/test/", {
            "place": self.square.pk, "group": "drugs", "origin": "recurrence",
            "week": "2025-W23", "title": "Narkotika vid Fittja torg"}, follow=True)
        self.assertContains(r, "Problemärendet är öppnat.")
        case = ProblemCase.objects.get()
        self.assertEqual(case.reports.count(), 8)
        r = self.client.get("/picture/test/2025-W23/")
        self.assertNotContains(r, "Rapporter 4 av 4 veckor")

        # Week 24: one report only; the guards did their rounds.
        self.report(202524)
        self.client.post(f"/meetings/assignments/{assignment.pk}/status/",
                         {"status": "done", "outcome": "Lugnt under rundorna"})
        r = self.client.get("/meetings/test/2025-W24/")
        self.assertContains(r, "Väktare – Fittja torg")
        self.assertContains(r, "Utförd: Lugnt under rundorna")
        self.assertContains(r, "3 → 1")
        self.assertContains(r, "Färre rapporter")
        self.assertContains(r, "Narkotika vid Fittja torg")  # open case on the agenda
        actions = set(AuditEntry.objects.values_list("action", flat=True))
        self.assertTrue({"meeting", "priority", "assignment", "assignment_status",
                         "case_open"} <= actions)


class MeetingRulesTestCase(BaseTestCase):
    def test_it_refuses_an_assignment_without_a_responsible_organisation(self):
        meeting = services.do_open_meeting(self.bob, self.est, WEEK)
        with self.assertRaises(InputError) as caught:
            services.do_add_assignment(self.bob, meeting, {
                "resource": "police", "place": self.square.pk,
                "starts_at": "2025-06-09T19:00", "ends_at": "2025-06-09T23:00"})
        self.assertIn("responsible", caught.exception.errors)
        self.assertEqual(Assignment.objects.count(), 0)

    def test_it_shows_the_error_on_the_page_and_saves_nothing(self):
        self.client.force_login(self.bob)
        r = self.client.post("/meetings/test/2025-W23/assignments/", {
            "resource": "police", "place": self.square.pk, "starts_at": "2025-06-09T19:00",
            "ends_at": "2025-06-09T18:00"}, follow=True)
        self.assertContains(r, "Ange vilken organisation som ansvarar.")
        self.assertContains(r, "Sluttiden måste vara efter starttiden.")
        self.assertEqual(Assignment.objects.count(), 0)

    def test_it_refuses_a_responsible_organisation_outside_the_collaboration(self):
        meeting = services.do_open_meeting(self.bob, self.est, WEEK)
        with self.assertRaises(InputError):
            services.do_add_assignment(self.bob, meeting, {
                "resource": "police", "responsible": self.outsider.pk, "area": self.fittja.pk,
                "starts_at": "2025-06-09T19:00", "ends_at": "2025-06-09T23:00"})

    def test_it_lets_only_coordinators_run_the_meeting(self):
        with self.assertRaises(PermissionDenied):
            services.do_open_meeting(self.alice, self.est, WEEK)
        self.client.force_login(self.polly)
        r = self.client.post("/meetings/test/2025-W23/priorities/", {"problem": "x"})
        self.assertEqual(r.status_code, 403)
        self.assertEqual(Meeting.objects.count(), 0)

    def test_it_hides_meetings_of_other_collaborations(self):
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get("/meetings/test/2025-W23/").status_code, 404)
        r = self.client.post("/meetings/test/2025-W23/open/")
        self.assertEqual(r.status_code, 404)

    def test_it_refuses_a_week_that_does_not_exist(self):
        self.client.force_login(self.bob)
        r = self.client.post("/meetings/test/2025-W54/assignments/", {"resource": "police"})
        self.assertContains(r, "ingen vecka 54", status_code=400)
        self.assertEqual(Meeting.objects.count(), 0)

    def test_it_lets_the_responsible_organisation_report_back(self):
        meeting = services.do_open_meeting(self.bob, self.est, WEEK)
        assignment = services.do_add_assignment(self.bob, meeting, {
            "resource": "property_on_call", "responsible": self.housing.pk,
            "area": self.fittja.pk, "starts_at": "2025-06-09T07:00",
            "ends_at": "2025-06-09T16:00"})
        services.do_update_assignment(self.alice, assignment, AssignmentStatus.NOT_DONE,
                                      "Ingen personal")
        with self.assertRaises(PermissionDenied):
            services.do_update_assignment(self.polly, assignment, AssignmentStatus.DONE)

    def test_it_lists_open_assignments_of_earlier_meetings(self):
        meeting = services.do_open_meeting(self.bob, self.est, 202520)
        services.do_add_assignment(self.bob, meeting, {
            "resource": "field_worker", "responsible": self.municipality.pk,
            "area": self.alby.pk, "starts_at": "2025-05-16T18:00",
            "ends_at": "2025-05-16T22:00"})
        agenda = build_agenda(self.bob, self.est, WEEK)
        self.assertEqual(len(agenda.open_assignments), 1)
        # Meetings may skip weeks: the follow-up is of the latest earlier meeting.
        self.assertEqual([f.assignment.area for f in agenda.followups], [self.alby])


class ProblemCaseTestCase(BaseTestCase):
    def open_case(self):
        return cases.do_open_case(self.bob, self.est, {
            "title": "Klotter vid torget", "place": self.square.pk,
            "group": "physical_disorder", "week": WEEK})

    def test_it_goes_through_sara_in_order_and_closes_with_counts(self):
        for key in (202521, 202522, 202523):
            do_create_report(self.alice, {"category": "graffiti", "place": "Fittja torg",
                                          "occurred_at": in_week(key)})
        case = self.open_case()
        with self.assertRaises(InputError):
            cases.do_advance_case(self.bob, case, Phase.RESPONSE)  # skips analysis
        cases.do_advance_case(self.bob, case, Phase.ANALYSIS)
        with self.assertRaises(InputError) as caught:
            cases.do_advance_case(self.bob, case, Phase.RESPONSE)
        self.assertIn("analysis", caught.exception.errors)
        cases.do_update_case(self.bob, case, {"guardian": "Mörk gångväg, ingen insyn"})
        cases.do_advance_case(self.bob, case, Phase.RESPONSE)
        cases.do_update_case(self.bob, case, {"response": "Ny belysning, klottersanering"})
        cases.do_advance_case(self.bob, case, Phase.ASSESSMENT)
        with self.assertRaises(InputError):
            cases.do_advance_case(self.bob, case, Phase.CLOSED)
        cases.do_update_case(self.bob, case, {"assessment": "Klottret upphörde"})
        cases.do_advance_case(self.bob, case, Phase.CLOSED)
        case.refresh_from_db()
        self.assertEqual(case.phase, Phase.CLOSED)
        self.assertEqual(cases.before_after(self.bob, case)[0], 2)  # weeks 19–22
        closing = AuditEntry.objects.filter(action="case_phase").latest("id")
        self.assertEqual(closing.detail["before"], 2)

    def test_it_shows_each_reader_only_the_counts_they_may_see(self):
        for key in (202520, 202521, 202522):
            do_create_report(self.alice, {"category": "graffiti", "place": "Fittja torg",
                                          "occurred_at": in_week(key),
                                          "visibility": "internal"})
        case = self.open_case()
        self.assertEqual(cases.before_after(self.bob, case)[0], 0)
        self.client.force_login(self.polly)
        r = self.client.get(f"/meetings/cases/{case.pk}/")
        self.assertContains(r, '<dd id="before">0')

    def test_it_lets_neither_reporters_nor_outsiders_open_cases(self):
        with self.assertRaises(PermissionDenied):
            cases.do_open_case(self.alice, self.est, {"title": "x", "place": self.square.pk})
        with self.assertRaises(PermissionDenied):
            cases.do_open_case(self.charlie, self.est, {"title": "x", "place": self.square.pk})

    def test_it_links_only_reports_the_opener_may_see(self):
        do_create_report(self.alice, {"category": "graffiti", "place": "Fittja torg",
                                      "occurred_at": in_week(WEEK), "visibility": "internal"})
        case = self.open_case()
        self.assertEqual(case.reports.count(), 0)

    def test_it_shows_the_case_to_members_only(self):
        case = self.open_case()
        self.client.force_login(self.polly)
        r = self.client.get(f"/meetings/cases/{case.pk}/")
        self.assertContains(r, "Klotter vid torget")
        self.assertContains(r, "readonly")
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(f"/meetings/cases/{case.pk}/").status_code, 404)


class ReviewFindingsTestCase(BaseTestCase):
    """Bad input and privacy at the edges (from a security review)."""

    def test_it_leaves_no_meeting_behind_when_the_first_form_is_rejected(self):
        self.client.force_login(self.bob)
        self.client.post("/meetings/test/2025-W30/priorities/", {"problem": ""})
        self.assertEqual(Meeting.objects.count(), 0)

    def test_it_answers_odd_ids_and_cells_with_messages_not_500s(self):
        self.client.force_login(self.bob)
        for data in ({"problem": "x", "place": "²"}, {"problem": "x", "area": "9" * 30},
                     {"problem": "x", "h3_cell": "x" * 40}):
            r = self.client.post("/meetings/test/2025-W23/priorities/", data)
            self.assertEqual(r.status_code, 302, data)
        r = self.client.post("/meetings/test/2025-W23/assignments/", {
            "resource": "police", "responsible": "²", "priority": "abc", "area": self.alby.pk,
            "starts_at": "2025-06-09T19:00", "ends_at": "2025-06-09T23:00"})
        self.assertEqual(r.status_code, 302)
        self.assertEqual(Assignment.objects.count(), 0)
        for url in ("/picture/test/0001-W01/", "/meetings/test/9999-W52/",
                    "/picture/test/2025-W23/?area=²"):
            self.assertLess(self.client.get(url).status_code, 500, url)

    def test_it_masks_identity_numbers_in_case_and_meeting_texts(self):
        meeting = services.do_open_meeting(self.bob, self.est, WEEK)
        priority = services.do_add_priority(self.bob, meeting, {
            "problem": "Bråk", "place": self.square.pk, "reason": "Anmält av 811218-9876"})
        self.assertNotIn("811218", priority.reason)
        case = cases.do_open_case(self.bob, self.est, {"title": "Bråk", "place": self.square.pk})
        cases.do_update_case(self.bob, case, {"offender": "Ring 070-123 45 67"})
        case.refresh_from_db()
        self.assertNotIn("123 45 67", case.offender)

    def test_it_logs_who_read_a_case(self):
        case = cases.do_open_case(self.bob, self.est, {"title": "Bråk", "place": self.square.pk})
        self.client.force_login(self.polly)
        self.client.get(f"/meetings/cases/{case.pk}/")
        self.assertTrue(AuditEntry.objects.filter(action="case_read", actor=self.polly).exists())

    def test_it_refuses_a_case_opened_in_the_future(self):
        with self.assertRaises(InputError) as caught:
            cases.do_open_case(self.bob, self.est, {"title": "x", "place": self.square.pk,
                                                    "week": "2099-W01"})
        self.assertIn("week", caught.exception.errors)

    def test_it_does_not_redirect_off_site(self):
        meeting = services.do_open_meeting(self.bob, self.est, WEEK)
        assignment = services.do_add_assignment(self.bob, meeting, {
            "resource": "police", "responsible": self.police.pk, "area": self.alby.pk,
            "starts_at": "2025-06-09T19:00", "ends_at": "2025-06-09T23:00"})
        self.client.force_login(self.bob)
        r = self.client.post(f"/meetings/assignments/{assignment.pk}/status/",
                             {"status": "done", "next": "//evil.example/x"})
        self.assertTrue(r["Location"].startswith("/meetings/test/"))
