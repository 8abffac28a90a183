"""Workers as they run: two `tryggve worker` processes on one queue, and the command."""

import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import TransactionTestCase, override_settings

from jobs import queue, registry, uploads
from jobs.models import Job
from jobs.worker import Worker
from tryggve.tests.servers import ROOT, migrate_sqlite, postgres_test_url, server_env

JOBS = 24
ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]

# Run in a process of its own, on the workers' database: the cast and JOBS report imports
# queued for bob, one row each.
ENQUEUE = f"""
from types import SimpleNamespace
from django.conf import settings
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # quick
from django.core.files.uploadedfile import SimpleUploadedFile
from jobs.queue import do_enqueue
from tryggve.test import build_cast
cast = SimpleNamespace()
build_cast(cast)
for n in range({JOBS}):
    data = f"category,area,text\\ngraffiti,fittja,Jobb {{n}}\\n".encode()
    do_enqueue(cast.bob, "reports.import", upload=SimpleUploadedFile("a.csv", data))
"""
OUTCOME = """
import json
from jobs.models import Job
from reports.models import Report
print(json.dumps({"jobs": [[j.status, j.attempts, j.claim.rsplit(":", 1)[0], j.error]
                           for j in Job.objects.all()],
                  "reports": sorted(Report.objects.values_list("text", flat=True))}))
"""


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_never_run_the_same_job(tmp_path):
    """On the database as deployed: PostgreSQL (SKIP LOCKED) or a SQLite file (WAL, IMMEDIATE
    transactions), each worker with its heartbeat thread."""
    database_url = postgres_test_url() if ON_POSTGRES else None
    if database_url is None:
        migrate_sqlite(tmp_path)
    env = server_env(tmp_path, database_url)

    def tryggve(*args, **kwargs):
        return subprocess.run([sys.executable, "-m", "tryggve.cli", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, check=True, **kwargs)

    tryggve("shell", "-c", ENQUEUE)
    workers = [subprocess.Popen([sys.executable, "-m", "tryggve.cli", "worker",
                                 "--until-idle"], cwd=ROOT, env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
               for _ in range(2)]
    outputs = [w.communicate(timeout=120) for w in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs
    outcome = json.loads(tryggve("shell", "-c", OUTCOME).stdout.splitlines()[-1])

    assert len(outcome["jobs"]) == JOBS
    assert {(status, attempts) for status, attempts, _, _ in outcome["jobs"]} == {("done", 1)}
    assert outcome["reports"] == sorted(f"Jobb {n}" for n in range(JOBS))  # each once
    ran = sum(int(out.split("Ran ")[1].split()[0]) for out, _ in outputs)
    assert ran == JOBS, outputs
    assert list((tmp_path / "uploads").iterdir()) == []


class WorkerCommandTests(TransactionTestCase):
    def setUp(self):
        self.user = User.objects.create_user("bob")
        self.ran: list[str] = []
        self.enterContext(mock.patch.dict(registry.KINDS, {"test.note": registry.Kind(
            "test.note", self.note, "Test", "reports/_import_result.html")}))

    def note(self, job, progress):
        self.ran.append(str(job.pk))
        return {}

    def test_the_worker_command_runs_the_queue_and_stops_when_idle(self):
        queued = {str(queue.do_enqueue(self.user, "test.note").pk) for _ in range(3)}
        out = io.StringIO()
        call_command("worker", "--until-idle", stdout=out)
        self.assertIn("Ran 3 job(s).", out.getvalue())
        self.assertEqual(set(self.ran), queued)
        self.assertEqual(Job.objects.filter(status="done").count(), 3)

    def test_a_job_whose_heart_beats_while_it_works_ends_done_and_cleaned_up(self):
        def steady(job, progress):
            for done in range(5):
                progress(done, 5)
                time.sleep(0.03)  # the heartbeat thread writes meanwhile
            with transaction.atomic():
                queue.complete(job, {"created": 5})  # as an import completes as it stores
            time.sleep(0.03)  # a beat after the commit
            progress(5, 5)
            return {"created": 5}

        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.enterContext(override_settings(DATA_DIR=Path(folder.name)))
        with mock.patch.dict(registry.KINDS, {"test.steady": registry.Kind(
                "test.steady", steady, "Test", "reports/_import_result.html")}):
            job = queue.do_enqueue(self.user, "test.steady",
                                   upload=SimpleUploadedFile("a.csv", b"category\n"))
            with self.assertNoLogs("tryggve.jobs", "WARNING"):
                Worker(heartbeat=0.01).run(until_idle=True)
        job.refresh_from_db()
        self.assertEqual((job.status, job.result), ("done", {"created": 5}))
        self.assertGreater(job.heartbeat_at, job.started_at)
        self.assertFalse((uploads.directory() / job.upload).exists())

    def test_a_worker_started_by_a_server_stops_when_the_server_is_gone(self):
        queue.do_enqueue(self.user, "test.note")
        worker = Worker(parent_pid=1)  # not our parent: as if the server had died
        self.assertEqual(worker.run(), 0)
        self.assertEqual(Job.objects.get().status, "queued")
