"""Stories of background jobs: a report import from the page to its result, its progress,
who may see it, a job that crashes, and jobs whose worker was killed."""

import datetime as dt
import os
import socket
import stat
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path
from unittest import mock

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from jobs import liveness, queue, registry, runner, uploads
from jobs.models import Job, Status
from jobs.registry import JobFailed
from jobs.testing import run_queued_jobs
from reports.jobs import IMPORT
from reports.models import Report
from surveys.models import Survey
from tryggve.test import BaseTestCase

GOOD_FILE = b"category,area,text\ngraffiti,fittja,Klotter.\nnoise,alby,Musik.\n"


def kind(name: str, function, template: str = "reports/_import_result.html"):
    """A job kind for one test (the registry is as it was afterwards)."""
    return mock.patch.dict(registry.KINDS, {name: registry.Kind(name, function, "Testjobb",
                                                                template)})


class JobTestCase(BaseTestCase):
    def setUp(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.enterContext(override_settings(DATA_DIR=Path(folder.name)))

    def enqueue(self, user=None, kind_name=IMPORT, data: bytes | None = GOOD_FILE) -> Job:
        upload = SimpleUploadedFile("avvikelser.csv", data) if data is not None else None
        return queue.do_enqueue(user or self.bob, kind_name, {"filename": "avvikelser.csv"},
                                upload=upload)

    def page(self, job: Job, user=None, fragment: bool = False):
        self.client.force_login(user or self.bob)
        return self.client.get(f"/jobs/{job.pk}/" + ("status/" if fragment else ""))


class ImportJobStoryTests(JobTestCase):
    def test_the_import_page_queues_the_file_and_the_job_page_shows_the_result(self):
        self.client.force_login(self.bob)
        r = self.client.post("/reports/import/",
                             {"file": SimpleUploadedFile("avvikelser.csv", GOOD_FILE)})
        job = Job.objects.get()
        self.assertRedirects(r, f"/jobs/{job.pk}/", fetch_redirect_response=False)
        self.assertEqual((job.kind, job.status, job.requested_by), (IMPORT, "queued", self.bob))
        self.assertEqual(job.organisation, self.municipality)
        stored = uploads.directory() / job.upload
        self.assertEqual(stored.read_bytes(), GOOD_FILE)
        self.assertEqual(stat.S_IMODE(stored.stat().st_mode), 0o600)  # the server's user only
        self.assertEqual(stat.S_IMODE(stored.parent.stat().st_mode), 0o700)
        self.assertFalse(Report.objects.exists())

        waiting = self.client.get(r["Location"])
        self.assertContains(waiting, "Import av avvikelser")
        self.assertContains(waiting, "I kö")
        self.assertContains(waiting, f'hx-get="/jobs/{job.pk}/status/"')
        self.assertContains(waiting, 'hx-trigger="every 1s"')
        self.assertNotContains(waiting, "<script>")

        self.assertEqual(run_queued_jobs(), 1)
        done = self.client.get(f"/jobs/{job.pk}/status/")
        self.assertContains(done, "Klart: 2 nya avvikelser sparade.")
        self.assertNotContains(done, "hx-get")  # the polling stops
        self.assertEqual(Report.objects.count(), 2)
        self.assertFalse(stored.exists())  # the upload is deleted when done
        job.refresh_from_db()
        self.assertEqual((job.status, job.attempts, job.result["created"]), ("done", 1, 2))

    def test_a_file_over_the_limit_is_refused_before_it_is_stored(self):
        self.client.force_login(self.bob)
        with mock.patch("tryggve.imports.MAX_BYTES", len(GOOD_FILE) - 1):
            r = self.client.post("/reports/import/",
                                 {"file": SimpleUploadedFile("avvikelser.csv", GOOD_FILE)})
        self.assertContains(r, "Filen är för stor", status_code=400)
        self.assertFalse(Job.objects.exists())
        self.assertEqual(list(uploads.directory().iterdir()), [])

    def test_both_import_pages_state_the_same_limits(self):
        self.client.force_login(self.bob)
        survey = Survey.objects.create(
            collaboration=self.est, owner=self.municipality, provider="police", title="Mätning",
            period_start=dt.date(2025, 3, 1), period_end=dt.date(2025, 4, 30))
        for url in ("/reports/import/", f"/surveys/{survey.pk}/import/"):
            self.assertContains(self.client.get(url), "Högst 200000 rader och 50 MB")

    def test_a_bad_file_ends_with_every_bad_row_and_stores_nothing(self):
        job = self.enqueue(data=b"category,area\nufo,fittja\ngraffiti,nowhere\n")
        run_queued_jobs()
        r = self.page(job)
        self.assertContains(r, "Inget sparades – filen innehåller 2 fel")
        self.assertContains(r, "rad 2, category: Okänd kategori")
        self.assertContains(r, "rad 3, area:")
        self.assertContains(r, 'href="/reports/import/"')
        self.assertFalse(Report.objects.exists())

    def test_it_lists_200_errors_and_counts_the_rest(self):
        job = self.enqueue(data=b"category,area\n" + b"ufo,fittja\n" * 250)
        run_queued_jobs()
        r = self.page(job)
        self.assertContains(r, "filen innehåller 250 fel")
        self.assertContains(r, "<li>", count=200)
        self.assertContains(r, "och 50 fel till")

    def test_the_asker_who_lost_the_right_to_import_gets_a_clear_refusal(self):
        job = self.enqueue()
        self.bob.memberships.update(role="viewer")
        run_queued_jobs()
        job.refresh_from_db()
        self.assertEqual(job.status, "failed")
        self.assertContains(self.page(job), "Din roll får inte importera avvikelser.")
        self.assertFalse(Report.objects.exists())


class ProgressTests(JobTestCase):
    def test_the_page_shows_how_far_a_running_job_has_come(self):
        job = self.enqueue()
        Job.objects.filter(pk=job.pk).update(status="running", progress_done=500,
                                             progress_total=2000)
        for fragment in (False, True):
            r = self.page(job, fragment=fragment)
            self.assertContains(r, "Pågår: 25 % (500 av 2000).")
            self.assertContains(r, '<progress max="2000" value="500">')
            self.assertContains(r, f'hx-get="/jobs/{job.pk}/status/"')
        self.assertNotContains(self.page(job, fragment=True), "<html")

    def test_the_heartbeat_writes_the_progress_the_job_reports(self):
        job = self.enqueue(data=None)
        claimed = queue.claim_next("test")
        progress = runner.Progress()
        heartbeat = runner.Heartbeat(claimed, progress)
        seen = []
        for done in range(0, 3001, 1000):
            progress(done, 3000)
            heartbeat.beat()  # what the heartbeat thread does every few seconds
            seen.append(Job.objects.values_list("progress_done", "progress_total").get(
                pk=job.pk))
        self.assertEqual(seen, [(0, 3000), (1000, 3000), (2000, 3000), (3000, 3000)])
        self.assertGreater(Job.objects.get(pk=job.pk).heartbeat_at, claimed.started_at)

    def test_a_job_that_completed_in_its_transaction_is_still_its_own(self):
        self.enqueue(data=None)
        claimed = queue.claim_next("test")
        progress = runner.Progress()
        with transaction.atomic():
            queue.complete(claimed, {"created": 0})
        runner.Heartbeat(claimed, progress).beat()  # a beat between the commit and the end
        progress(100, 100)  # not taken for lost
        self.assertEqual(Job.objects.get(pk=claimed.pk).status, "done")

    def test_a_job_taken_over_by_another_worker_stops_at_its_next_progress(self):
        self.enqueue(data=None)
        claimed = queue.claim_next("slow")
        progress = runner.Progress()
        Job.objects.filter(pk=claimed.pk).update(claim="other:2:z")
        runner.Heartbeat(claimed, progress).beat()
        with self.assertRaises(queue.JobLost):
            progress(10, 100)


class AccessTests(JobTestCase):
    def test_only_the_asker_and_superusers_see_a_job(self):
        job = self.enqueue()
        run_queued_jobs()
        self.assertEqual(self.page(job).status_code, 200)
        for other in (self.alice, self.polly, self.charlie):
            self.assertEqual(self.page(job, other).status_code, 404, other)
            self.assertEqual(self.page(job, other, fragment=True).status_code, 404, other)
        admin = User.objects.create_superuser("root", password="a-long-test-password")
        self.assertContains(self.page(job, admin), "Klart: 2 nya avvikelser sparade.")

    def test_an_anonymous_visitor_is_sent_to_log_in(self):
        job = self.enqueue()
        r = self.client.get(f"/jobs/{job.pk}/status/")
        self.assertRedirects(r, f"/login/?next=/jobs/{job.pk}/status/",
                             fetch_redirect_response=False)

    def test_an_unknown_job_is_404(self):
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(
            "/jobs/00000000-0000-4000-8000-000000000000/").status_code, 404)


class FailureTests(JobTestCase):
    def test_a_crashing_job_fails_with_a_clear_message_and_no_traceback(self):
        def crash(job, progress):
            raise RuntimeError("secret detail of the crash")

        with kind("test.crash", crash):
            job = self.enqueue(kind_name="test.crash")
            with self.assertLogs("tryggve.jobs", "ERROR") as logs:
                self.assertEqual(run_queued_jobs(), 1)
            r = self.page(job)
        self.assertIn("secret detail of the crash", "\n".join(logs.output))  # for the operator
        job.refresh_from_db()
        self.assertEqual(job.status, "failed")
        self.assertContains(r, "Jobbet avbröts av ett oväntat fel.")
        self.assertNotContains(r, "secret detail")
        self.assertNotContains(r, "RuntimeError")
        self.assertNotContains(r, "hx-get")
        self.assertFalse((uploads.directory() / job.upload).exists())

    def test_a_job_that_cannot_be_done_says_why(self):
        def refuse(job, progress):
            raise JobFailed("Filen är tom.")

        with kind("test.refuse", refuse):
            job = self.enqueue(kind_name="test.refuse")
            run_queued_jobs()
            self.assertContains(self.page(job), "Filen är tom.")

    def test_an_interrupted_job_goes_back_to_the_queue(self):
        def interrupted(job, progress):
            raise KeyboardInterrupt  # the worker's second stop signal

        with kind("test.interrupted", interrupted), self.assertRaises(KeyboardInterrupt):
            job = self.enqueue(kind_name="test.interrupted")
            run_queued_jobs()
        job.refresh_from_db()
        self.assertEqual((job.status, job.claim, job.attempts), ("queued", "", 1))
        self.assertTrue((uploads.directory() / job.upload).exists())  # kept for the retry

    def test_an_unknown_kind_is_refused_when_queued(self):
        with self.assertRaises(ValueError):
            self.enqueue(kind_name="no.such.kind")
        self.assertFalse(Job.objects.exists())
        self.assertEqual(list(uploads.directory().iterdir()), [])


class AbandonedJobTests(JobTestCase):
    def abandon(self, job: Job, attempts: int = 1) -> None:
        """As a worker killed while running the job leaves it."""
        long_ago = timezone.now() - liveness.STALE_AFTER - timedelta(seconds=1)
        Job.objects.filter(pk=job.pk).update(status="running", claim="gone:1:x",
                                             heartbeat_at=long_ago, started_at=long_ago,
                                             attempts=attempts)

    def test_a_worker_runs_again_a_job_whose_worker_was_killed(self):
        job = self.enqueue()
        self.abandon(job)
        recent = self.enqueue()
        Job.objects.filter(pk=recent.pk).update(status="running", claim="alive:2:y",
                                                heartbeat_at=timezone.now())
        self.assertEqual([j.pk for j in queue.recover_stale()], [job.pk])
        self.assertEqual(run_queued_jobs(), 1)
        job.refresh_from_db()
        self.assertEqual((job.status, job.attempts, job.result["created"]), ("done", 2, 2))
        self.assertEqual(Job.objects.get(pk=recent.pk).status, "running")  # alive: untouched

    def claimed_here(self, job: Job, pid: int, silent_for: timedelta) -> None:
        """As a worker on this machine, process pid, holds it."""
        Job.objects.filter(pk=job.pk).update(
            status="running", claim=f"{socket.gethostname()}:{pid}:{liveness.machine()}:n",
            heartbeat_at=timezone.now() - silent_for, attempts=1)

    def test_a_job_whose_worker_on_this_machine_is_gone_is_recovered_at_once(self):
        job = self.enqueue()
        gone = subprocess.Popen(["true"])
        gone.wait()
        self.claimed_here(job, gone.pid, silent_for=timedelta(seconds=1))
        self.assertEqual([j.pk for j in queue.recover_stale()], [job.pk])
        self.assertEqual(Job.objects.get(pk=job.pk).status, "queued")

    def test_a_job_whose_worker_on_this_machine_lives_is_left_alone_while_it_is_silent(self):
        job = self.enqueue()  # e.g. on SQLite, busy storing in a transaction of its own
        self.claimed_here(job, os.getppid(), silent_for=timedelta(minutes=30))
        self.assertEqual(queue.recover_stale(), [])
        self.claimed_here(job, os.getppid(), silent_for=liveness.HUNG_AFTER * 2)  # hung
        self.assertEqual([j.pk for j in queue.recover_stale()], [job.pk])

    def test_it_gives_up_after_three_attempts(self):
        job = self.enqueue()
        self.abandon(job, attempts=queue.MAX_ATTEMPTS)
        queue.recover_stale()
        job.refresh_from_db()
        self.assertEqual(job.status, "failed")
        self.assertContains(self.page(job), "Jobbet avbröts 3 gånger")
        self.assertFalse((uploads.directory() / job.upload).exists())

    def test_a_worker_whose_job_was_taken_over_cannot_store_it(self):
        job = self.enqueue()
        first = queue.claim_next("slow")
        # Its heartbeat stopped long enough for another worker to recover and claim it.
        self.abandon(job)
        queue.recover_stale()
        second = queue.claim_next("other")
        with self.assertLogs("tryggve.jobs", "WARNING") as logs:
            runner.execute(first, heartbeat=3600)
        self.assertIn("taken over", logs.output[0])
        self.assertFalse(Report.objects.exists())  # rolled back with the lost "done"
        self.assertEqual(Job.objects.get(pk=job.pk).status, Status.RUNNING)
        runner.execute(second, heartbeat=3600)
        self.assertEqual(Report.objects.count(), 2)
        self.assertEqual(Job.objects.get(pk=job.pk).status, Status.DONE)
