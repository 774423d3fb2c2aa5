"""Screen 6, confirmation, with « Lancer la configuration » ticked by default."""

from __future__ import annotations

from collections.abc import Mapping

from ssm.connector import messages as msg
from ssm.connector.install import Answers
from ssm.connector.wizard.parts import buttons, truthy
from ssm.connector.wizard.view import ScreenView


class DoneScreen:
    """The install is done; choose whether the configuration starts now."""

    name = "done"
    title = msg.DONE_TITLE
    commits = True  # the install stays, even if the configuration that follows is cancelled

    def applies(self, answers: Answers) -> bool:
        """Always shown."""
        return True

    def view(self, answers: Answers) -> ScreenView:
        """The confirmation and the box, ticked as the answers say (default: ticked)."""
        return {
            "title": self.title,
            "text": msg.DONE_TEXT.format(path=answers.install_dir),
            "fields": [
                {
                    "name": "launch_configuration",
                    "label": msg.LAUNCH_CONFIGURATION,
                    "type": "checkbox",
                    "value": answers.launch_configuration,
                }
            ],
            "buttons": buttons(msg.FINISH, back=False),
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """Nothing can be wrong."""
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """Record the box (an unticked HTML checkbox is absent from the form)."""
        return answers.model_copy(
            update={"launch_configuration": truthy(form, "launch_configuration")}
        )
