"""The wizard machinery: screens, a state machine over them, the result of each step.

A front end (web pages, the unattended mode, a test) shows ``wizard.current.view(answers)``
and calls :meth:`Wizard.submit`, :meth:`Wizard.back` or :meth:`Wizard.cancel`; it never
validates nor stores anything itself, so every front end gets the same steps and messages.

Some steps cannot be walked back: a screen with an action (the install) and a screen whose
class sets ``commits = True`` (the end of the install, the activation). The wizard never
goes back past them, and once a committing screen is submitted, cancelling no longer undoes
the actions run before it: the install stays when the configuration that follows is
cancelled. A screen may also set ``phase`` (``"install"``, the default, or ``"configure"``)
so the front end names the right assistant and asks the right question on « Annuler ».
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from ssm.connector import messages as msg
from ssm.connector.install import Answers
from ssm.connector.wizard.view import ScreenView, WizardView

#: Work run when a screen is submitted (e.g. the install itself); returns new answers.
Action = Callable[[Answers], Answers]


class Screen(Protocol):
    """One screen of a wizard; rendering (``view``) does no I/O."""

    name: str
    title: str

    def applies(self, answers: Answers) -> bool:
        """Whether the screen is shown for these answers."""
        ...

    def view(self, answers: Answers) -> ScreenView:
        """What a front end shows: texts, fields with defaults, buttons."""
        ...

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        """French errors for ``form``; empty when it can be applied."""
        ...

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        """The answers once ``form`` (validated) is taken into account."""
        ...


@dataclass(frozen=True)
class StepResult:
    """Where a wizard stands after a step.

    Attributes:
        screen: name of the current screen (``None`` once finished or cancelled).
        errors: French messages when the step was refused; the screen did not change.
        finished: the last screen was submitted.
        cancelled: the wizard was cancelled and the machine left as it was.
    """

    screen: str | None
    errors: list[str] = field(default_factory=list)
    finished: bool = False
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        """The step was accepted."""
        return not self.errors


class Wizard:
    """A state machine over screens: submit (« Suivant »), back (« Précédent »), cancel.

    Args:
        screens: in order; a screen whose ``applies`` is false is skipped both ways.
        answers: the starting answers (defaults when omitted).
        actions: work run after a screen is applied, by screen name (the install).
        undo: what cancelling must undo once an action has run (the uninstall).
    """

    def __init__(
        self,
        screens: list[Screen],
        answers: Answers | None = None,
        *,
        actions: Mapping[str, Action] | None = None,
        undo: Callable[[Answers], None] | None = None,
    ) -> None:
        self.screens = screens
        self.initial = answers or Answers()
        self.answers = self.initial
        self.actions = dict(actions or {})
        self.undo = undo
        self.acted = False
        self._floor = 0  # no going back before this index
        self.finished = False
        self.cancelled = False
        first = self._next_index(-1)
        if first is None:
            raise ValueError("a wizard needs at least one applicable screen")
        self._index = first

    @property
    def current(self) -> Screen:
        """The screen shown now."""
        return self.screens[self._index]

    def view(self) -> WizardView:
        """The current screen's view, with the wizard's navigation state."""
        screen = self.current
        return {
            **screen.view(self.answers),
            "name": screen.name,
            "can_go_back": self._previous_index() is not None,
            "phase": getattr(screen, "phase", "install"),
        }

    def leads_to_action(self) -> bool:
        """Whether submitting now runs an action, here or on the next screen (the install)."""
        if self.finished or self.cancelled:
            return False
        following = self._next_index(self._index)
        names = {self.current.name}
        if following is not None:
            names.add(self.screens[following].name)
        return bool(names & set(self.actions))

    def submit(self, form: Mapping[str, str] | None = None) -> StepResult:
        """Validate and apply the current screen, run its action, move to the next one."""
        if self.finished or self.cancelled:
            return StepResult(None, [msg.WIZARD_OVER])
        form = form or {}
        screen = self.current
        errors = screen.validate(self.answers, form)
        if errors:
            return StepResult(screen.name, errors)
        answers = screen.apply(self.answers, form)
        action = self.actions.get(screen.name)
        if action is not None:
            answers = action(answers)
            self.acted = True
        if getattr(screen, "commits", False):
            self.undo = None  # what was done so far stays, whatever comes next
        self.answers = answers
        following = self._next_index(self._index)
        if following is None:
            self.finished = True
            return StepResult(None, finished=True)
        if action is not None or getattr(screen, "commits", False):
            self._floor = following
        self._index = following
        return StepResult(self.current.name)

    def back(self) -> StepResult:
        """Go to the previous applicable screen; the answers are kept."""
        if self.finished or self.cancelled:
            return StepResult(None, [msg.WIZARD_OVER])
        previous = self._previous_index()
        if previous is None:
            refusal = msg.BACK_AT_START
            if self._floor:
                refusal = msg.BACK_AFTER_INSTALL if self.undo else msg.BACK_AFTER_STEP
            return StepResult(self.current.name, [refusal])
        self._index = previous
        return StepResult(self.current.name)

    def cancel(self) -> StepResult:
        """Stop; undo what an action did, so the machine is left as it was."""
        if self.acted and self.undo is not None and not self.cancelled:
            self.undo(self.answers)
        self.cancelled = True
        self.answers = self.initial
        return StepResult(None, cancelled=True)

    def resume_at(self, name: str) -> None:
        """Show the screen ``name`` first, as a configuration reopened where it stopped.

        The screens before it are taken as answered (their answers are the wizard's starting
        ones); ``Précédent`` still reaches them. An unknown or inapplicable name changes nothing.
        """
        for index, screen in enumerate(self.screens):
            if screen.name == name and screen.applies(self.answers):
                self._index = index
                return

    def _next_index(self, start: int) -> int | None:
        for index in range(start + 1, len(self.screens)):
            if self.screens[index].applies(self.answers):
                return index
        return None

    def _previous_index(self) -> int | None:
        for index in range(self._index - 1, self._floor - 1, -1):
            if self.screens[index].applies(self.answers):
                return index
        return None
