"""The configuration screens, in the guide's order (« Installer le module complémentaire CRM »).

Each screen does its checks in ``validate`` so a refusal keeps the wizard on the screen: the
Sage server and how to log in to it (a folder, or a SQL Server with Windows or SQL Server
authentication), the activation key asked to the cloud, the connection test, the automatic
Sage login and company check on « Enregistrer », and the activation itself (Sage checked
again, the key redeemed or the existing instance bound, the files written, the background
sync started). What the connection test finds (companies, administrators) is kept in the
answers, so the screens after it render without asking the Sage server again.

The Sage 100 screens (prerequisites, connection test, Sage login) live in
``_sage_screens.py``; this module lists every screen in ``__all__``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ssm.connector import _configure
from ssm.connector import messages as msg
from ssm.connector.errors import ConnectorError, WizardError
from ssm.connector.install import Answers, start_background
from ssm.connector.settings import InstallLayout
from ssm.connector.wizard._view import ChoiceView, FieldView, ScreenView
from ssm.connector.wizard.configuration._answers import ConfigAnswers, config_answers
from ssm.connector.wizard.configuration._context import EndLinks, qr_svg_data_uri
from ssm.connector.wizard.configuration._parts import (
    ConfigScreen,
    QuickScreen,
    choices_field,
    form_value,
    password_field,
    text_field,
    without_cancel,
    without_submit,
)
from ssm.connector.wizard.configuration._sage_screens import (
    ConnectionResultScreen,
    ConnectionScreen,
    CredentialsScreen,
    PrerequisitesScreen,
)
from ssm.connector.wizard.screens._common import buttons
from ssm.sage100 import Sage100Error

__all__ = [
    "ActivationKeyScreen",
    "ActivationScreen",
    "AdministratorScreen",
    "CompaniesSummaryScreen",
    "CompanyConfirmScreen",
    "CompanyScreen",
    "ConnectionResultScreen",
    "ConnectionScreen",
    "CredentialsScreen",
    "EndScreen",
    "InstanceScreen",
    "LaunchScreen",
    "PrerequisitesScreen",
    "activate",
]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class LaunchScreen(ConfigScreen):
    """1. « Installation rapide » (recommended, first) or « Installation avancée » (discreet)."""

    name = "launch"
    title = msg.CONFIGURE_LAUNCH_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """Two buttons, the quick one primary."""
        choices: list[ChoiceView] = [
            {
                "value": mode,
                "label": msg.CONFIGURE_MODE_TEXTS[mode],
                "action": label,
                "state": "",
                "primary": mode == "rapide",
            }
            for mode, label in msg.CONFIGURE_MODES.items()
        ]
        return {
            "title": self.title,
            "text": msg.CONFIGURE_LAUNCH_TEXT,
            "fields": [
                {
                    "name": "mode",
                    "label": msg.CONFIGURE_MODE_LABEL,
                    "type": "choices",
                    "value": config_answers(answers).mode,
                    "choices": choices,
                }
            ],
            "buttons": without_submit(buttons(back=False)),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """A known mode, and a folder not configured yet."""
        mode = form.get("mode", config_answers(answers).mode)
        if mode not in msg.CONFIGURE_MODES:
            known = ", ".join(msg.CONFIGURE_MODES)
            return [msg.CONFIGURE_MODE_UNKNOWN.format(mode=mode, known=known)]
        folder = answers.install_dir
        if folder is not None and InstallLayout(folder).config_file.is_file():
            return [msg.CONFIGURE_ALREADY_CONFIGURED.format(path=folder)]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the mode."""
        return answers.model_copy(update={"mode": form.get("mode", "rapide")})


class InstanceScreen(ConfigScreen):
    """3 (« Installation avancée »). The existing instance and its API key pair."""

    name = "instance"
    title = msg.CONFIGURE_INSTANCE_TITLE

    def applies(self, answers: Answers) -> bool:
        """Only in the advanced mode."""
        return super().applies(answers) and config_answers(answers).advanced

    def view(self, answers: Answers) -> ScreenView:
        """The address, the instance and the pair (the private key never shown back)."""
        a = config_answers(answers)
        return {
            "title": self.title,
            "text": msg.CONFIGURE_INSTANCE_TEXT,
            "fields": [
                text_field("cloud_url", msg.CONFIGURE_CLOUD_LABEL, a.cloud_url),
                text_field("instance_id", msg.CONFIGURE_INSTANCE_ID_LABEL, a.instance_id),
                text_field("public_key", msg.CONFIGURE_PUBLIC_KEY_LABEL, a.public_key),
                password_field("private_key", msg.CONFIGURE_PRIVATE_KEY_LABEL),
            ],
            "buttons": buttons(),
        }

    def _form(self, answers: Answers, form: Mapping[str, str]) -> dict[str, str]:
        a = config_answers(answers)
        return {
            name: form_value(form, name, getattr(a, name))
            for name in ("cloud_url", "instance_id", "public_key", "private_key")
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """The pair logs in and opens the instance given."""
        values = self._form(answers, form)
        if not values["cloud_url"]:
            return [msg.CONFIGURE_CLOUD_MISSING]
        if not (values["instance_id"] and values["public_key"] and values["private_key"]):
            return [msg.CONFIGURE_INSTANCE_MISSING]
        if not values["instance_id"].isdigit():
            return [msg.CONFIGURE_INSTANCE_ID_INVALID.format(value=values["instance_id"])]
        try:
            found = _configure.check_instance(
                values["cloud_url"],
                int(values["instance_id"]),
                values["public_key"],
                values["private_key"],
            )
        except ConnectorError as exc:
            return [str(exc)]
        self._company = found.companyId or ""
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the pair and the company the instance already feeds."""
        update: dict[str, object] = dict(self._form(answers, form))
        update["instance_company"] = getattr(self, "_company", "")
        return answers.model_copy(update=update)


class ActivationKeyScreen(QuickScreen):
    """3. The activation key, checked by the cloud (the one message for every refusal)."""

    name = "activation_key"
    title = msg.CONFIGURE_KEY_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """The key and the service address."""
        a = config_answers(answers)
        return {
            "title": self.title,
            "text": msg.CONFIGURE_KEY_TEXT,
            "fields": [
                text_field("activation_key", msg.CONFIGURE_KEY_LABEL, a.activation_key),
                text_field("cloud_url", msg.CONFIGURE_CLOUD_LABEL, a.cloud_url),
            ],
            "buttons": buttons(),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """The cloud says the key can be redeemed (it is redeemed at the activation)."""
        a = config_answers(answers)
        key = form_value(form, "activation_key", a.activation_key)
        url = form_value(form, "cloud_url", a.cloud_url)
        if not url:
            return [msg.CONFIGURE_CLOUD_MISSING]
        try:
            _configure.check_activation_key(url, key)
        except ConnectorError as exc:
            return [str(exc)]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the key and the address."""
        a = config_answers(answers)
        return answers.model_copy(
            update={
                "activation_key": form_value(form, "activation_key", a.activation_key),
                "cloud_url": form_value(form, "cloud_url", a.cloud_url),
            }
        )


class AdministratorScreen(QuickScreen):
    """5. The administrator: a Sage rep with an e-mail, or typed in when there is none."""

    name = "administrator"
    title = msg.CONFIGURE_ADMIN_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """The reps as a select (plus « another person »), then the typed fields."""
        a = config_answers(answers)
        fields: list[FieldView] = []
        if a.administrators:
            options = {
                email: f"{first} {last} <{email}>" for first, last, email in a.administrators
            }
            options[""] = msg.CONFIGURE_ADMIN_OTHER
            typed_in = a.admin_email and a.admin_email not in options
            known = "" if typed_in else a.admin_email or next(iter(options))
            fields.append(
                {
                    "name": "candidate",
                    "label": msg.CONFIGURE_ADMIN_TITLE,
                    "type": "select",
                    "value": known,
                    "options": options,
                }
            )
        typed = not any(email == a.admin_email for *_, email in a.administrators)
        fields += [
            text_field(
                "first_name", msg.CONFIGURE_ADMIN_FIRST, a.admin_first_name if typed else ""
            ),
            text_field("last_name", msg.CONFIGURE_ADMIN_LAST, a.admin_last_name if typed else ""),
            text_field("email", msg.CONFIGURE_ADMIN_EMAIL, a.admin_email if typed else ""),
        ]
        text = msg.CONFIGURE_ADMIN_TEXT
        if not a.administrators:
            text = f"{msg.CONFIGURE_ADMIN_TYPED_TEXT} {text}"
        return {"title": self.title, "text": text, "fields": fields, "buttons": buttons()}

    def _chosen(self, answers: Answers, form: Mapping[str, str]) -> tuple[str, str, str]:
        a = config_answers(answers)
        candidate = form.get("candidate", "").strip()
        for first, last, email in a.administrators:
            if candidate and email == candidate:
                return first, last, email
        return (
            form_value(form, "first_name", a.admin_first_name),
            form_value(form, "last_name", a.admin_last_name),
            form_value(form, "email", a.admin_email),
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


class CompanyScreen(ConfigScreen):
    """6. The server's companies, each with « Configurer »."""

    name = "company"
    title = msg.CONFIGURE_COMPANY_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """One row per company."""
        a = config_answers(answers)
        choices = _company_rows(a, ready="", primary=True)
        return {
            "title": self.title,
            "text": msg.CONFIGURE_COMPANY_TEXT,
            "fields": [choices_field("company", msg.CONFIGURE_COMPANY_LABEL, a.company, choices)],
            "buttons": without_submit(buttons()),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """A company of the server, the one an existing instance feeds if it feeds one."""
        a = config_answers(answers)
        company = form_value(form, "company", a.company)
        known = [database for database, _ in a.companies]
        if company not in known:
            return [msg.CONFIGURE_COMPANY_UNKNOWN.format(company=company, known=", ".join(known))]
        if a.instance_company and company != a.instance_company:
            return [msg.CONFIGURE_SECOND_COMPANY.format(company=a.instance_company)]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Keep the company."""
        company = form_value(form, "company", config_answers(answers).company)
        return answers.model_copy(update={"company": company})


class CompanyConfirmScreen(ConfigScreen):
    """6b. The alert: « Annuler » goes back to the selection, « Suivant » goes on."""

    name = "company_confirm"
    title = msg.CONFIGURE_CONFIRM_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """The guide's alert, word for word."""
        a = config_answers(answers)
        return {
            "title": self.title,
            "text": a.company_name(a.company),
            "warnings": [msg.CONFIGURE_SINGLE_COMPANY],
            "buttons": [
                {"action": "back", "label": msg.CANCEL, "enabled": True},
                {"action": "cancel", "label": msg.CANCEL, "enabled": False},
                {"action": "submit", "label": msg.NEXT, "enabled": True},
            ],
        }


class CompaniesSummaryScreen(ConfigScreen):
    """6d. The companies: « Prêt à synchroniser » for the configured one, « Configurer » else."""

    name = "companies_summary"
    title = msg.CONFIGURE_SUMMARY_TITLE

    def view(self, answers: Answers) -> ScreenView:
        """One row per company; « Configurer » on another one explains the single company."""
        a = config_answers(answers)
        choices = _company_rows(a, ready=a.company, primary=False)
        return {
            "title": self.title,
            "text": msg.CONFIGURE_SUMMARY_TEXT,
            "fields": [choices_field("configure_other", msg.CONFIGURE_COMPANY_LABEL, "", choices)],
            "buttons": buttons(),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """« Configurer » on a second company is refused: one company per instance."""
        a = config_answers(answers)
        other = form.get("configure_other", "").strip()
        if other and other != a.company:
            return [msg.CONFIGURE_ONLY_ONE.format(company=a.company_name(a.company))]
        return []


class ActivationScreen(ConfigScreen):
    """7. Activation: the configuration written, then the background sync started."""

    name = "activation"
    title = msg.CONFIGURE_ACTIVATION_TITLE
    commits = True  # the key is redeemed: no going back, and « Annuler » leaves it configured

    def view(self, answers: Answers) -> ScreenView:
        """The confirmation, and « Activer »."""
        a = config_answers(answers)
        return {
            "title": self.title,
            "text": msg.CONFIGURE_ACTIVATION_TEXT.format(company=a.company_name(a.company)),
            "buttons": buttons(msg.CONFIGURE_ACTIVATE),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """Activate; a refusal keeps the wizard here, and « Activer » again resumes."""
        a = config_answers(answers)
        if a.install_dir is None:
            return [msg.CONFIGURE_NOT_AN_INSTALL.format(path="?")]
        try:
            self._started = activate(a)
        except (ConnectorError, Sage100Error) as exc:
            return [str(exc)]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Remember what was started."""
        return answers.model_copy(update={"activated": getattr(self, "_started", "")})


def activate(answers: ConfigAnswers) -> str:
    """Write the configuration (unless already written) and start the background sync.

    Raises:
        ConnectorError: the cloud refused or cannot be reached, or the service did not start.
        Sage100Error: the Sage company or login is refused.
    """
    if answers.install_dir is None:
        raise WizardError([msg.CONFIGURE_NOT_AN_INSTALL.format(path="?")])
    layout = InstallLayout(answers.install_dir)
    if not layout.config_file.is_file():
        a = answers
        if a.advanced:
            _configure.attach(
                layout,
                sage_server=a.sage_server,
                company=a.company,
                sage_user=a.sage_user,
                sage_password=a.sage_password,
                cloud_url=a.cloud_url,
                instance_id=int(a.instance_id),
                public_key=a.public_key,
                private_key=a.private_key,
                sql_login=a.sql_login(),
            )
        else:
            _configure.configure(
                layout,
                sage_server=a.sage_server,
                company=a.company,
                sage_user=a.sage_user,
                sage_password=a.sage_password,
                cloud_url=a.cloud_url,
                activation_key=a.activation_key,
                administrator=_configure.Administrator(
                    a.admin_first_name, a.admin_last_name, a.admin_email
                ),
                sql_login=a.sql_login(),
            )
    return start_background(answers.install_dir)


class EndScreen(ConfigScreen):
    """8. End: success, the log folder, the knowledge base, the two QR codes, « Terminer »."""

    name = "end"
    title = msg.CONFIGURE_END_TITLE

    def __init__(self, links: EndLinks | None = None) -> None:
        self.links = links or EndLinks()

    def view(self, answers: Answers) -> ScreenView:
        """Everything the guide lists for the last screen."""
        a = config_answers(answers)
        logs = InstallLayout(a.install_dir).logs_dir if a.install_dir is not None else "?"
        stores = (
            (msg.CONFIGURE_IOS_APP, self.links.ios_app),
            (msg.CONFIGURE_ANDROID_APP, self.links.android_app),
        )
        end = msg.CONFIGURE_END_TEXT.format(started=a.activated)
        return {
            "title": self.title,
            "text": f"{end} {msg.CONFIGURE_END_LOGS.format(logs=logs)}",
            "links": [{"label": msg.CONFIGURE_KNOWLEDGE_BASE, "url": self.links.knowledge_base}],
            "qr_codes": [
                {"label": label, "url": url, "svg_data_uri": qr_svg_data_uri(url)}
                for label, url in stores
            ],
            "buttons": without_cancel(buttons(msg.FINISH, back=False)),
        }


def _company_rows(a: ConfigAnswers, *, ready: str, primary: bool) -> list[ChoiceView]:
    """One row per company: « Prêt à synchroniser » for ``ready``, « Configurer » for others."""
    return [
        {
            "value": database,
            "label": f"{name} ({database})",
            "action": "" if database == ready else msg.CONFIGURE_COMPANY_BUTTON,
            "state": msg.CONFIGURE_READY if database == ready else "",
            "primary": primary,
        }
        for database, name in a.companies
    ]
