"""THE life cycle of a stay: the allowed steps, in one place.

invited → arrived → enrolled (or working) → academic leave → completed / expelled /
transferred → departed. Services call `check_transition()` before any change of status;
pages and the API ask `next_statuses()` to offer only possible steps.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yntymaq.core.errors import ApplicationError

from .enums import StayStatus as S
from .enums import TaskKind

TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.INVITED: (S.ARRIVED,),
    S.ARRIVED: (S.ENROLLED, S.WORKING, S.EXPELLED, S.DEPARTED),
    S.ENROLLED: (S.ACADEMIC_LEAVE, S.COMPLETED, S.EXPELLED, S.TRANSFERRED),
    S.WORKING: (S.COMPLETED, S.EXPELLED),
    S.ACADEMIC_LEAVE: (S.ENROLLED, S.COMPLETED, S.EXPELLED, S.TRANSFERRED),
    S.COMPLETED: (S.DEPARTED,),
    S.EXPELLED: (S.DEPARTED,),
    S.TRANSFERRED: (S.DEPARTED,),
    S.DEPARTED: (),
}

# Steps that end (or suspend) the ground for stay: each creates tasks for the Service, because
# the organization is liable when the foreigner does not leave (Administrative Code art. 518).
# Academic leave cancels the visa (LAW-CONTEXT.md).
TASKS_AFTER: dict[str, tuple[str, ...]] = {
    S.EXPELLED: (TaskKind.CANCEL_VISA, TaskKind.CANCEL_REGISTRATION, TaskKind.TRACK_DEPARTURE),
    S.COMPLETED: (TaskKind.CANCEL_VISA, TaskKind.CANCEL_REGISTRATION, TaskKind.TRACK_DEPARTURE),
    S.TRANSFERRED: (
        TaskKind.CANCEL_VISA,
        TaskKind.CANCEL_REGISTRATION,
        TaskKind.TRACK_DEPARTURE,
    ),
    S.ACADEMIC_LEAVE: (
        TaskKind.CANCEL_VISA,
        TaskKind.CANCEL_REGISTRATION,
        TaskKind.TRACK_DEPARTURE,
    ),
}


class StayError(ApplicationError):
    """A change of a stay that the rules refuse."""


def next_statuses(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def check_transition(current: str, target: str) -> None:
    """Refuse an impossible step with a message that names both statuses."""
    if target not in next_statuses(current):
        raise StayError(
            _("A stay cannot go from “%(current)s” to “%(target)s”.")
            % {"current": S(current).label, "target": S(target).label},
            field="status",
        )


def tasks_after(status: str) -> tuple[str, ...]:
    return TASKS_AFTER.get(status, ())


def path(current: str, target: str) -> list[str]:
    """The shortest sequence of steps from `current` to `target` (empty when equal)."""
    if current == target:
        return []
    queue: list[tuple[str, list[str]]] = [(current, [])]
    seen = {current}
    while queue:
        status, steps = queue.pop(0)
        for following in next_statuses(status):
            if following == target:
                return [*steps, following]
            if following not in seen:
                seen.add(following)
                queue.append((following, [*steps, following]))
    check_transition(current, target)  # raises with the usual message
    return []
