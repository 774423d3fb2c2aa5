"""The configuration screens, in the guide's order (« Installer le module complémentaire CRM»).

Each screen does its checks in ``validate`` so a refusal keeps the wizard on the screen:
the connection test, the automatic Sage login check on « Enregistrer », and the activation
itself (Sage checked first, then the key redeemed, then the files written).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ssm.connector import _configure
from ssm.connector import _messages as connector_msg
from ssm.connector.errors import ConnectorError
from ssm.connector.install import Answers
from ssm.connector.install import _messages as msg
from ssm.connector.settings import InstallLayout
from ssm.connector.wizard._view import FieldView, ScreenView
from ssm.connector.wizard.configuration._answers import config_answers
from ssm.connector.wizard.screens._common import buttons, truthy
from ssm.sage100 import Sage100Error, SageLoginError, open_server

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _text(name: str, label: str, value: str) -> FieldView:
    return {"name": name, "label": label, "type": "text", "value": value}


class _Base:
    name = ""
    title = ""

    def applies(self, answers: Answers) -> bool:
        """Always shown."""
        return True

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """Nothing to check by default."""
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Nothing to keep by default."""
        return answers


class LaunchScreen(_Base):
    """1. « Installation rapide » or « Installation avancée »."""

    name = "launch"
    title = msg.CONFIGURE_LAUNCH_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """The two modes."""
        return {
            "title": self.title,
            "text": msg.CONFIGURE_LAUNCH_TEXT,
            "fields": [
                {
                    "name": "mode",
                    "label": msg.CONFIGURE_MODE_LABEL,
                    "type": "select",
                    "value": config_answers(answers).mode,
                    "options": dict(msg.CONFIGURE_MODES),
                }
            ],
            "buttons": buttons(back=False),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """A known mode; the advanced one is not available yet."""
        mode = form.get("mode", config_answers(answers).mode)
        if mode not in msg.CONFIGURE_MODES:
            known = ", ".join(msg.CONFIGURE_MODES)
            return [msg.CONFIGURE_MODE_UNKNOWN.format(mode=mode, known=known)]
        if mode == "avancee":
            return [msg.CONFIGURE_ADVANCED_UNAVAILABLE]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the mode."""
        return answers.model_copy(update={"mode": form.get("mode", "rapide")})


class PrerequisitesScreen(_Base):
    """2. Prerequisites, with the Sage 100 version detected on the server."""

    name = "prerequisites"
    title = msg.CONFIGURE_PREREQ_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """The detected version (found when the server was given)."""
        a = config_answers(answers)
        return {
            "title": self.title,
            "text": msg.CONFIGURE_PREREQ_TEXT.format(version=a.sage_version or "?"),
            "fields": [_text("sage_server", msg.CONFIGURE_SERVER_LABEL, a.sage_server)],
            "buttons": buttons(),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """The server exists and its version is detected."""
        server = form.get("sage_server", config_answers(answers).sage_server).strip()
        if not server:
            return [msg.CONFIGURE_SERVER_MISSING]
        try:
            open_server(server).version()
        except Sage100Error as exc:
            return [str(exc)]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the server and its version."""
        server = form.get("sage_server", config_answers(answers).sage_server).strip()
        found = open_server(server).version()
        version = f"{found.product} {found.version}"
        return answers.model_copy(update={"sage_server": server, "sage_version": version})


class ActivationKeyScreen(_Base):
    """3. The activation key (checked by the cloud at activation: one use only)."""

    name = "activation_key"
    title = msg.CONFIGURE_KEY_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """The key and the service address."""
        a = config_answers(answers)
        return {
            "title": self.title,
            "text": "",
            "fields": [
                _text("activation_key", msg.CONFIGURE_KEY_LABEL, ""),
                _text("cloud_url", msg.CONFIGURE_CLOUD_LABEL, a.cloud_url),
            ],
            "buttons": buttons(),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """A key that is not blank (any other refusal comes from the cloud, same message)."""
        a = config_answers(answers)
        errors = []
        if not form.get("activation_key", a.activation_key).strip():
            errors.append(connector_msg.INVALID_ACTIVATION_KEY)
        if not form.get("cloud_url", a.cloud_url).strip():
            errors.append(msg.CONFIGURE_CLOUD_MISSING)
        return errors

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the key and the address."""
        a = config_answers(answers)
        key = form.get("activation_key", a.activation_key).strip()
        url = form.get("cloud_url", a.cloud_url).strip()
        return answers.model_copy(update={"activation_key": key, "cloud_url": url})


class ConnectionScreen(_Base):
    """4. « Test de connexion » to the Sage 100 server."""

    name = "connection"
    title = msg.CONFIGURE_CONNECTION_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """The server tested."""
        return {
            "title": self.title,
            "text": config_answers(answers).sage_server,
            "buttons": buttons(msg.CONFIGURE_CONNECTION_BUTTON),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """The server lists at least one company."""
        try:
            if not open_server(config_answers(answers).sage_server).companies():
                return [msg.CONFIGURE_COMPANY_UNKNOWN.format(company="", known="aucune")]
        except Sage100Error as exc:
            return [str(exc)]
        return []


class AdministratorScreen(_Base):
    """5. The administrator: a Sage rep with an e-mail, or typed in."""

    name = "administrator"
    title = msg.CONFIGURE_ADMIN_TITLE

    def candidates(self, answers: Answers) -> list[_configure.Administrator]:
        """The reps with an e-mail, over the server's companies."""
        a = config_answers(answers)
        found: list[_configure.Administrator] = []
        try:
            for company in open_server(a.sage_server).companies():
                for admin in _configure.sage_administrators(a.sage_server, company.database):
                    if admin not in found:
                        found.append(admin)
        except Sage100Error:
            return []
        return found

    def view(self, answers: Answers) -> ScreenView:
        """The candidates as a select, and the three typed fields."""
        a = config_answers(answers)
        options = {
            c.email: f"{c.first_name} {c.last_name} <{c.email}>" for c in self.candidates(answers)
        }
        return {
            "title": self.title,
            "text": msg.CONFIGURE_ADMIN_TEXT,
            "fields": [
                {
                    "name": "candidate",
                    "label": msg.CONFIGURE_ADMIN_TITLE,
                    "type": "select",
                    "value": a.admin_email or None,
                    "options": options,
                },
                _text("first_name", msg.CONFIGURE_ADMIN_FIRST, a.admin_first_name),
                _text("last_name", msg.CONFIGURE_ADMIN_LAST, a.admin_last_name),
                _text("email", msg.CONFIGURE_ADMIN_EMAIL, a.admin_email),
            ],
            "buttons": buttons(),
        }

    def _chosen(self, answers: Answers, form: Mapping[str, str]) -> tuple[str, str, str]:
        candidate = form.get("candidate", "").strip()
        if candidate:
            for c in self.candidates(answers):
                if c.email == candidate:
                    return c.first_name, c.last_name, c.email
        a = config_answers(answers)
        return (
            form.get("first_name", a.admin_first_name).strip(),
            form.get("last_name", a.admin_last_name).strip(),
            form.get("email", a.admin_email).strip(),
        )

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """Three values, a plausible e-mail."""
        first, last, email = self._chosen(answers, form)
        if not (first and last and email):
            return [msg.CONFIGURE_ADMIN_MISSING]
        if not _EMAIL.match(email):
            return [msg.CONFIGURE_ADMIN_BAD_EMAIL.format(email=email)]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the administrator."""
        first, last, email = self._chosen(answers, form)
        update = {"admin_first_name": first, "admin_last_name": last, "admin_email": email}
        return answers.model_copy(update=update)


class CompanyScreen(_Base):
    """6. The Sage company, « Configurer » and the single-company alert."""

    name = "company"
    title = msg.CONFIGURE_COMPANY_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """The companies of the server, and the alert to confirm."""
        a = config_answers(answers)
        try:
            options = {c.database: c.name for c in open_server(a.sage_server).companies()}
        except Sage100Error:
            options = {}
        return {
            "title": self.title,
            "text": "",
            "warnings": [msg.CONFIGURE_SINGLE_COMPANY],
            "fields": [
                {
                    "name": "company",
                    "label": msg.CONFIGURE_COMPANY_LABEL,
                    "type": "select",
                    "value": a.company or None,
                    "options": options,
                },
                {
                    "name": "confirm_single_company",
                    "label": msg.CONFIGURE_SINGLE_COMPANY,
                    "type": "checkbox",
                    "value": a.confirm_single_company,
                },
            ],
            "buttons": buttons(msg.CONFIGURE_COMPANY_BUTTON),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """A company of the server, and the alert confirmed."""
        a = config_answers(answers)
        company = form.get("company", a.company).strip()
        try:
            known = [c.database for c in open_server(a.sage_server).companies()]
        except Sage100Error as exc:
            return [str(exc)]
        if company not in known:
            return [msg.CONFIGURE_COMPANY_UNKNOWN.format(company=company, known=", ".join(known))]
        if not truthy(form, "confirm_single_company"):
            return [msg.CONFIGURE_SINGLE_COMPANY]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the company."""
        company = form.get("company", config_answers(answers).company).strip()
        return answers.model_copy(update={"company": company, "confirm_single_company": True})


class CredentialsScreen(_Base):
    """6b. The Sage user and password, « Enregistrer » with an automatic login check."""

    name = "credentials"
    title = msg.CONFIGURE_CREDENTIALS_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """User and password (never shown back)."""
        a = config_answers(answers)
        return {
            "title": self.title,
            "text": a.company,
            "fields": [
                _text("sage_user", msg.CONFIGURE_USER_LABEL, a.sage_user),
                _text("sage_password", msg.CONFIGURE_PASSWORD_LABEL, ""),
            ],
            "buttons": buttons(msg.CONFIGURE_SAVE),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """The login test against the company."""
        a = config_answers(answers)
        user = form.get("sage_user", a.sage_user)
        password = form.get("sage_password", a.sage_password)
        try:
            open_server(a.sage_server).check_login(a.company, user, password)
        except SageLoginError as exc:
            return [msg.CONFIGURE_LOGIN_REFUSED.format(company=a.company, detail=exc)]
        except Sage100Error as exc:
            return [str(exc)]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the credentials."""
        a = config_answers(answers)
        update = {
            "sage_user": form.get("sage_user", a.sage_user),
            "sage_password": form.get("sage_password", a.sage_password),
        }
        return answers.model_copy(update=update)


class CompaniesSummaryScreen(_Base):
    """6c. The companies of the server: « Prêt à synchroniser » or « Configurer »."""

    name = "summary"
    title = msg.CONFIGURE_SUMMARY_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """One row per company."""
        a = config_answers(answers)
        try:
            companies = open_server(a.sage_server).companies()
        except Sage100Error:
            companies = []
        return {
            "title": self.title,
            "text": "",
            "summary": [
                {
                    "label": f"{c.name} ({c.database})",
                    "value": msg.CONFIGURE_READY
                    if c.database == a.company
                    else msg.CONFIGURE_NOT_CONFIGURED,
                }
                for c in companies
            ],
            "buttons": buttons(),
        }


class ActivationScreen(_Base):
    """7. Activation: Sage checked again, the key redeemed, the configuration written."""

    name = "activation"
    title = msg.CONFIGURE_ACTIVATION_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """What is about to be activated."""
        return {
            "title": self.title,
            "text": config_answers(answers).company,
            "buttons": buttons(msg.CONFIGURE_ACTIVATE),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """Run the activation; a refusal (e.g. the key) keeps the wizard here, nothing written."""
        a = config_answers(answers)
        if a.configured or a.install_dir is None:
            return []
        try:
            config = _configure.configure(
                InstallLayout(a.install_dir),
                sage_server=a.sage_server,
                company=a.company,
                sage_user=a.sage_user,
                sage_password=a.sage_password,
                cloud_url=a.cloud_url,
                activation_key=a.activation_key,
                administrator=_configure.Administrator(
                    a.admin_first_name, a.admin_last_name, a.admin_email
                ),
            )
        except (ConnectorError, Sage100Error) as exc:
            return [str(exc)]
        self._instance = config.cloud.instance_id
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Remember the activation."""
        instance = getattr(self, "_instance", config_answers(answers).instance_id)
        return answers.model_copy(update={"configured": True, "instance_id": str(instance)})


class EndScreen(_Base):
    """8. End of the configuration."""

    name = "end"
    title = msg.CONFIGURE_END_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """Where the logs are."""
        folder = config_answers(answers).install_dir
        logs = InstallLayout(folder).logs_dir if folder is not None else "?"
        return {
            "title": self.title,
            "text": msg.CONFIGURE_END_TEXT.format(logs=logs),
            "buttons": buttons(msg.NEXT, back=False),
        }
