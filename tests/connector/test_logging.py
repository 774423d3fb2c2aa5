"""The connector's log file: private whatever the umask (F8 of issue 12)."""

import logging
import logging.handlers
import os
import stat

import pytest

from ssm.connector.logs import LOG_FILE, configure_logging, get_logger


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)
    configure_logging(None, console=False)  # close the file handler


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="access rights are ACLs on Windows")
def test_the_log_is_0600_in_a_0700_folder_under_umask_022(tmp_path, umask_022):
    logs = tmp_path / "install" / "logs"
    configure_logging(logs, console=False)
    get_logger().info("sync.started", stream="accounts")
    assert mode(logs / LOG_FILE) == 0o600
    assert mode(logs) == 0o700
    [handler] = logging.getLogger().handlers
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    handler.doRollover()
    get_logger().info("sync.finished", stream="accounts")
    assert mode(logs / LOG_FILE) == 0o600
    assert mode(logs / f"{LOG_FILE}.1") == 0o600
    assert "sync.finished" in (logs / LOG_FILE).read_text(encoding="utf-8")


@pytest.mark.skipif(os.name != "posix", reason="access rights are ACLs on Windows")
def test_a_log_made_readable_before_becomes_private(tmp_path, umask_022):
    logs = tmp_path / "logs"
    logs.mkdir(mode=0o755)
    (logs / LOG_FILE).write_text("", encoding="utf-8")
    os.chmod(logs / LOG_FILE, 0o644)
    configure_logging(logs, console=False)
    get_logger().info("service.started")
    assert (mode(logs), mode(logs / LOG_FILE)) == (0o700, 0o600)
