"""The service's cadences come from ``connector.toml`` (``[sync]``, ``[service]``) or defaults."""

from __future__ import annotations

import threading
import time
import tomllib

import pytest
import tomli_w
from structlog.testing import capture_logs

from ssm.connector.errors import ConfigurationError
from ssm.connector.service.loop import LoopState, Service, ServiceOptions
from ssm.connector.settings import InstallLayout, ServiceSection, read_config

pytestmark = pytest.mark.shared_cloud  # needs only a cloud: the session's


def _edit_config(layout: InstallLayout, edit) -> None:
    data = tomllib.loads(layout.config_file.read_text(encoding="utf-8"))
    edit(data)
    layout.config_file.write_text(tomli_w.dumps(data), encoding="utf-8")


def test_the_service_runs_at_the_configurations_cadences(installed):
    layout = installed()

    def custom(data):
        data["sync"]["poll_interval"] = 0.5  # not the default (0.25)
        data["service"] = {"heartbeat_interval": 7.0, "max_backoff": 5.0}

    _edit_config(layout, custom)
    service = Service(layout)
    with capture_logs() as logs:
        thread = threading.Thread(target=service.run)
        thread.start()
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not any(
                e["event"] == "service.polling" for e in logs
            ):
                time.sleep(0.05)
        finally:
            service.stop()
            thread.join(timeout=30)
    (polling,) = [e for e in logs if e["event"] == "service.polling"]
    assert polling["interval"] == 0.5
    assert polling["heartbeat_interval"] == 7.0
    assert polling["reconcile_interval"] == 600.0  # not in the file: the default
    assert service.next_wait(0.5, LoopState(failures=10)) == 5.0  # backoff capped by the file


def test_a_configuration_without_a_service_table_gets_todays_cadences(installed):
    layout = installed()
    _edit_config(layout, lambda data: data.pop("service", None))
    assert read_config(layout).service == ServiceSection(
        reconcile_interval=600.0, heartbeat_interval=30.0, requests_interval=10.0, max_backoff=60.0
    )


def test_a_configuration_without_a_poll_interval_looks_four_times_a_second(installed):
    layout = installed()
    _edit_config(layout, lambda data: data["sync"].pop("poll_interval"))
    assert read_config(layout).sync.poll_interval == 0.25


def test_a_cadence_that_is_not_positive_is_refused_in_french(installed):
    layout = installed()
    _edit_config(layout, lambda data: data.update(service={"heartbeat_interval": 0}))
    with pytest.raises(ConfigurationError) as refused:
        read_config(layout)
    assert "valeur refusée pour « service.heartbeat_interval » (0 : il faut une valeur " in str(
        refused.value
    )


def test_the_command_lines_interval_overrides_the_configuration(tmp_path):
    service = Service(InstallLayout(tmp_path), ServiceOptions(reconcile_interval=5.0))
    chosen = service._timings(ServiceSection(reconcile_interval=100.0, heartbeat_interval=9.0))
    assert (chosen.reconcile_interval, chosen.heartbeat_interval) == (5.0, 9.0)
