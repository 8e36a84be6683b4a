"""What needs attention in the plans (core.attention): open items of approved work plans whose
deadline has passed or is near (A2.5). One query whatever the number of items."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yntymaq.core.attention import AttentionItem, Deadlines

from .queries import plan_items_needing_attention

KIND = "planning.plan_item_deadline"


def plan_item_deadlines(organization, today: date) -> list[Deadlines]:
    def make(item):
        return AttentionItem(
            due=item.deadline,
            kind=KIND,
            title=_("Work plan %(year)s: %(activity)s")
            % {"year": item.plan.year_label, "activity": item},
            url=item.get_absolute_url(),
            clause="A2.5",
        )

    rows = plan_items_needing_attention(organization, today)
    return [Deadlines(KIND, gettext_lazy("Work plan items due"), rows, make)]
