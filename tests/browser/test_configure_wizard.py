"""``ssm-connector configure`` in Chromium: the configuration assistant's own texts, the
advanced mode's fields, and « Annuler » that leaves the folder as it was."""

from __future__ import annotations

from pathlib import Path

from ssm.connector.wizard.configuration import configure_wizard


def test_advanced_mode_then_cancel_leaves_nothing(
    serve, sage_server: Path, cloud_url: str, tmp_path
) -> None:
    folder = tmp_path / "install"
    folder.mkdir()
    s = serve(configure_wizard(folder))
    page = s.page
    assert page.inner_text(".wizard-name") == "Assistant de configuration"
    assert s.screen() == "launch"
    assert "primary" in str(page.get_attribute("#field-mode-rapide", "class"))
    assert "discreet" in str(page.get_attribute("#field-mode-avancee", "class"))
    page.click("#field-mode-avancee")

    assert s.screen() == "prerequisites"
    page.fill("#field-sage_server", str(sage_server))
    page.click("#next")
    assert s.screen() == "instance"
    assert page.get_attribute("#field-private_key", "type") == "password"
    page.fill("#field-cloud_url", cloud_url)
    page.fill("#field-instance_id", "douze")
    page.fill("#field-public_key", "pk_x")
    page.fill("#field-private_key", "sk_secret_value")
    page.click("#next")
    assert "« douze » ne convient pas" in page.inner_text(".alert.error")
    assert page.input_value("#field-private_key") == ""  # a secret never comes back
    assert "sk_secret_value" not in page.content()
    s.shot("instance-refused")

    page.click("#cancel")
    assert page.inner_text("h1") == "Voulez-vous vraiment annuler la configuration ?"
    page.click("#yes")
    page.wait_for_selector("text=Configuration annulée")
    assert s.stopped()
    assert list(folder.iterdir()) == []


def test_the_knowledge_base_is_served_from_the_docs(serve, tmp_path) -> None:
    folder = tmp_path / "install"
    folder.mkdir()
    s = serve(configure_wizard(folder))
    s.page.goto(s.url.split("?")[0] + "base-de-connaissances")
    assert s.page.inner_text("h1").startswith("Base de connaissances")
    assert s.page.locator("table").count() >= 1  # the entities table, rendered
    docs = Path(__file__).resolve().parents[2] / "docs" / "knowledge-base.md"
    first_heading = docs.read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
    assert s.page.inner_text("h1") == first_heading
