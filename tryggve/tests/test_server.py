"""`tryggve serve` as an operator sees it: no connection inherited across a fork, a control
socket per instance, a job worker beside the web workers, and log lines without client
addresses or survey codes."""

import logging
import os
import re
import signal
import socket
import time
from pathlib import Path

import pytest
from django.db.utils import ConnectionHandler
from django.test import SimpleTestCase
from gunicorn.config import Config
from gunicorn.ctl.client import ControlClient

from tryggve.forking import close_before_fork, close_inherited
from tryggve.management.commands.serve import (
    PrivateAccessLogger,
    build_server,
    control_socket,
    scrub,
)
from tryggve.tests.servers import Server, migrate_sqlite


@pytest.fixture
def connections(tmp_path, django_db_blocker):
    """A connection handler of its own, with an open connection to a SQLite file."""
    handler = ConnectionHandler({"default": {"ENGINE": "django.db.backends.sqlite3",
                                             "NAME": str(tmp_path / "fork.sqlite3")}})
    with django_db_blocker.unblock():
        handler["default"].ensure_connection()
        yield handler
        handler.close_all()


def test_a_connection_found_after_a_fork_is_closed_loudly(connections, caplog):
    with caplog.at_level(logging.ERROR, "tryggve.forking"):
        assert close_inherited(connections) == ["default"]
    assert "was inherited across a fork" in caplog.text
    assert connections["default"].connection is None
    caplog.clear()
    assert close_inherited(connections) == []
    assert caplog.text == ""


def test_the_parent_closes_its_connections_before_forking(connections):
    close_before_fork(connections)
    assert connections["default"].connection is None


class ErrorLogTests(SimpleTestCase):
    def test_it_takes_the_client_address_out_of_invalid_request_lines(self):
        for address in ("203.0.113.9", "::1", "2001:db8::7", ""):
            self.assertEqual(
                scrub(f"Invalid request from ip={address}: Invalid HTTP Version 'HTTP/9'"),
                "Invalid request: Invalid HTTP Version 'HTTP/9'")
        proxy = scrub("Invalid request from ip=10.0.0.5: Invalid PROXY line "
                      "'PROXY TCP4 198.51.100.7 10.0.0.1 5000 80'")
        self.assertNotRegex(proxy, r"\d+\.\d+\.\d+\.\d+")
        forwarded = scrub("Invalid request from ip=10.0.0.5: Invalid header value "
                          "'for=198.51.100.7:4711, for=\"[2001:db8::7]:443\"'")
        self.assertNotIn("198.51", forwarded)
        self.assertNotIn("2001:db8", forwarded)

    def test_it_takes_survey_codes_out_of_every_line(self):
        self.assertEqual(
            scrub("Invalid request from ip=203.0.113.9: Invalid HTTP request line: "
                  "'GET /enkat/K7QX2MPA/ HTTP/1.1 x'"),
            "Invalid request: Invalid HTTP request line: 'GET /enkat/… HTTP/1.1 x'")
        self.assertEqual(scrub("/enkat/K7QX2MPA/?lang=en"), "/enkat/…")
        self.assertEqual(scrub("/enkat"), "/enkat/…")
        self.assertEqual(scrub("/enkatsvar/ is another page"), "/enkatsvar/ is another page")

    def test_it_leaves_the_servers_own_lines_alone(self):
        line = "Listening at: http://127.0.0.1:8000 (4242)"
        self.assertEqual(scrub(line), line)

    def test_gunicorns_logger_writes_the_scrubbed_line(self):
        logger = PrivateAccessLogger(Config())
        with self.assertLogs("gunicorn.error", "WARNING") as logs:
            logger.warning("Invalid request from ip=203.0.113.9: Invalid HTTP request line: "
                           "'GET /enkat/K7QX2MPA/ x'")
            logger.exception("Error handling request %s", "/enkat/K7QX2MPA/")
        output = "\n".join(logs.output)
        self.assertNotIn("203.0.113.9", output)
        self.assertNotIn("K7QX2MPA", output)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def job_worker_pids(server: Server) -> list[int]:
    return [int(p) for p in re.findall(r"Booting job worker with pid: (\d+)", server.log())]


def wait_for(condition, timeout: float = 15) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def send_raw(server: Server, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        s.sendall(data)
        return s.recv(1024)


def show_listeners(path: Path) -> list[str]:
    with ControlClient(str(path), timeout=5) as client:
        return [listener["address"] for listener in
                client.send_command("show listeners")["listeners"]]


def test_two_servers_on_one_host_each_keep_their_control_socket_and_job_worker(tmp_path):
    """Two instances sharing TRYGGVE_DATA_DIR (on a SQLite file: gunicorn's side of things
    does not depend on the database)."""
    migrate_sqlite(tmp_path)
    first, second = Server(tmp_path, workers=1), Server(tmp_path, workers=1)  # both booting
    with first, second:
        sockets = {s: tmp_path / f"gunicorn-127.0.0.1-{s.port}.ctl" for s in (first, second)}
        assert wait_for(lambda: all(p.exists() for p in sockets.values()))
        assert show_listeners(sockets[second]) == [second.url]
        assert wait_for(lambda: job_worker_pids(first) and job_worker_pids(second))
        first_worker, second_worker = job_worker_pids(first)[0], job_worker_pids(second)[0]

        assert send_raw(second, b"GET /enkat/K7QX2MPA/ HTTP/1.1 x\r\n\r\n").startswith(
            b"HTTP/1.1 400")
        assert send_raw(second, b"\x16\x03\x01 not http\r\n\r\n").startswith(b"HTTP/1.1 400")

        assert first.stop() == 0
        assert not sockets[first].exists()
        assert not alive(first_worker)  # stopped with its server
        assert sockets[second].exists()
        assert show_listeners(sockets[second]) == [second.url]
        assert second.get("/login/")[0] == 200

        os.kill(second_worker, signal.SIGKILL)  # a job worker that dies is started again
        assert wait_for(lambda: len(job_worker_pids(second)) == 2), second.log()
        assert alive(job_worker_pids(second)[1])
        assert second.stop() == 0
        assert not alive(job_worker_pids(second)[1])

    log = second.log()
    invalid = [line for line in log.splitlines() if "Invalid request" in line]
    assert len(invalid) == 2, log
    assert not any("127.0.0.1" in line for line in invalid), invalid
    assert "ip=" not in log
    assert "K7QX2MPA" not in log


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "0.0.0.0"])
def test_each_address_served_gets_its_own_socket_name(host, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    assert control_socket(host, 8000).parent == tmp_path
    assert control_socket(host, 8000) != control_socket(host, 8001)
    assert "/" not in control_socket(host, 8000).name.replace(".ctl", "")


def test_no_control_socket_when_its_path_would_be_too_long(settings, tmp_path, caplog):
    settings.DATA_DIR = tmp_path / ("d" * 120)
    with caplog.at_level(logging.WARNING, "tryggve.serve"):
        assert control_socket("127.0.0.1", 8000) is None
    assert "too long" in caplog.text


@pytest.mark.parametrize("proxies", [[], ["10.0.0.1", "192.168.0.0/16"]])
def test_gunicorn_believes_forwarded_headers_only_from_the_trusted_proxies(proxies, settings):
    settings.TRUSTED_PROXIES = proxies
    server = build_server("127.0.0.1", 8123, 1)
    assert server.cfg.forwarded_allow_ips == proxies
