"""The configuration's last screen: where to log in, the welcome e-mail, logs, help, the apps."""

from __future__ import annotations

from ssm.connector import messages as msg
from ssm.connector.install import Answers
from ssm.connector.settings import InstallLayout
from ssm.connector.wizard.configure._answers import config_answers
from ssm.connector.wizard.configure._context import EndLinks, qr_svg_data_uri
from ssm.connector.wizard.configure.parts import ConfigScreen, without_cancel
from ssm.connector.wizard.parts import buttons
from ssm.connector.wizard.view import ScreenView

__all__ = ["EndScreen"]


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
        where = msg.CONFIGURE_END_WEB.format(url=a.cloud_url)
        if a.admin_email and not a.advanced:  # a new instance: the cloud welcomed its admin
            where = f"{where} {msg.CONFIGURE_END_WELCOME.format(email=a.admin_email)}"
        end = msg.CONFIGURE_END_TEXT.format(started=where)
        return {
            "title": self.title,
            "text": f"{end} {msg.CONFIGURE_END_LOGS.format(logs=logs)}",
            "links": [
                {"label": msg.CONFIGURE_OPEN_WEB, "url": a.cloud_url},
                {"label": msg.CONFIGURE_KNOWLEDGE_BASE, "url": self.links.knowledge_base},
            ],
            "qr_codes": [
                {"label": label, "url": url, "svg_data_uri": qr_svg_data_uri(url)}
                for label, url in stores
            ],
            "buttons": without_cancel(buttons(msg.FINISH, back=False)),
        }
