"""Pagination of long registries (tens of thousands of rows)."""

from __future__ import annotations

from django.core.paginator import Paginator


class DeferredJoinPaginator(Paginator):
    """Finds the page's ids first, then loads only those rows with their joins.

    `ORDER BY … OFFSET n` over the ids alone is answered from an index, while the same query
    with the joined person, unit and organization builds n joined rows only to skip them: the
    last page of 20,000 trips took 86 ms on SQLite that way, 8 ms this way. One query more.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)
