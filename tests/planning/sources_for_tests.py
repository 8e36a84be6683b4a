"""Stand-ins for another app's query functions, to test the indicator-source registry."""


def stays_count(organization, start, end, group="students"):
    """Counts what a registry would: here 7 students, 3 teachers per year that has begun."""
    return {"students": 7, "teachers_researchers": 3}[group]


def wrong_signature(organization):
    return 1


def keyword_only_count(*, organization, start, end, group="students"):
    """The keyword-only style of the other apps' query functions."""
    return 11
