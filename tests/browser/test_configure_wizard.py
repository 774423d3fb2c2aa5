"""``ssm-connector configure`` in Chromium: the configuration assistant's own texts, the
advanced mode's fields, a SQL Server and its authentication typed on the prerequisites
screen, and « Annuler » that leaves the folder as it was."""

from __future__ import annotations

from pathlib import Path

from ssm.connector import messages as msg
from ssm.connector.wizard.configure import configure_wizard


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


def test_a_sql_server_and_its_authentication_can_be_typed(serve, tmp_path, free_port) -> None:
    folder = tmp_path / "install"
    folder.mkdir()
    s = serve(configure_wizard(folder))
    page = s.page
    page.click("#field-mode-rapide")
    assert s.screen() == "prerequisites"
    assert "SRV-SAGE\\SAGE100" in page.inner_text(".field-text:has(#field-sage_server) .help")
    assert page.inner_text("label[for=field-sage_authentication-windows]") == (
        "Authentification Windows"
    )
    assert page.inner_text("label[for=field-sage_authentication-sql]") == (
        "Authentification SQL Server"
    )
    assert page.is_checked("#field-sage_authentication-windows")
    assert page.get_attribute("#field-sql_password", "type") == "password"

    # SQL Server authentication without a login: one French sentence, nothing typed lost.
    page.fill("#field-sage_server", "SRV-SAGE\\SAGE100")
    page.check("#field-sage_authentication-sql")
    page.fill("#field-sql_password", "sql_secret_value")
    page.click("#next")
    assert s.screen() == "prerequisites"
    assert page.inner_text(".alert.error") == msg.CONFIGURE_SQL_USER_MISSING
    assert page.input_value("#field-sage_server") == "SRV-SAGE\\SAGE100"
    assert page.is_checked("#field-sage_authentication-sql")
    assert page.input_value("#field-sql_password") == ""  # a password is never sent back
    assert "sql_secret_value" not in page.content()
    s.shot("sql-login-missing")

    # A SQL Server nobody answers on is accepted here: « Test de connexion » reaches it.
    server = f"127.0.0.1,{free_port}"
    page.fill("#field-sage_server", server)
    page.fill("#field-sql_user", "ssm_lecture")
    page.fill("#field-sql_password", "sql_secret_value")
    page.click("#next")
    assert s.screen() == "activation_key"
    page.click("#back")
    assert s.screen() == "prerequisites"
    assert page.input_value("#field-sage_server") == server
    assert page.is_checked("#field-sage_authentication-sql")
    assert page.input_value("#field-sql_user") == "ssm_lecture"
    assert page.input_value("#field-sql_password") == ""
    assert "sql_secret_value" not in page.content()
    assert msg.CONFIGURE_SQL_KEPT_HELP in page.content()
    s.shot("sql-server-typed")

    page.click("#cancel")
    page.click("#yes")
    page.wait_for_selector("text=Configuration annulée")
    assert s.stopped()
    assert list(folder.iterdir()) == []
