"""What needs attention in the plans (core.attention): open items of approved work plans whose
deadline has passed or is near (A2.5). One query whatever the number of items."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from yntymaq.core.attention import AttentionItem

from .queries import plan_items_needing_attention


def plan_item_deadlines(organization, today: date) -> list[AttentionItem]:
    return [
        AttentionItem(
            due=item.deadline,
            kind="planning.plan_item_deadline",
            title=_("Work plan %(year)s: %(activity)s")
            % {"year": item.plan.year_label, "activity": item},
            url=item.get_absolute_url(),
            clause="A2.5",
        )
        for item in plan_items_needing_attention(organization, today)
    ]
