"""A1.14 has eight boxes: "совет родственников ( ) или других лиц ( )" are two. Yntymaq kept
one box for both ("relatives_advice", "advice of relatives or other persons"); it is now
"advice_relatives" and "advice_others".

An answer given in the merged box cannot say which of the two the person meant; it moves to
"advice_relatives" with its rank, since the merged label named the relatives first and the
seed reads "совет родственников" before "или других лиц". The person's other ranks stay as
they were, so every rank is still used once. Going back, either box returns to the merged
one with the better (lower) rank of the two; the other rank is dropped and the ranks after
it move up, so they stay 1, 2, 3 … without a gap.
"""

from django.db import migrations

MERGED = "relatives_advice"
RELATIVES = "advice_relatives"
OTHERS = "advice_others"


def split_merged_advice(motives: dict) -> dict:
    if MERGED not in motives:
        return motives
    return {RELATIVES if key == MERGED else key: rank for key, rank in motives.items()}


def merge_advice(motives: dict) -> dict:
    ranks = [motives[key] for key in (RELATIVES, OTHERS) if key in motives]
    if not ranks:
        return motives
    kept, dropped = min(ranks), max(ranks) if len(ranks) == 2 else None
    merged = {}
    for key, rank in motives.items():
        if key in (RELATIVES, OTHERS):
            continue
        merged[key] = rank - 1 if dropped is not None and rank > dropped else rank
    merged[MERGED] = kept
    return dict(sorted(merged.items(), key=lambda item: item[1]))


def _rewrite(apps, change) -> None:
    Questionnaire = apps.get_model("incoming", "Questionnaire")
    changed = []
    for questionnaire in Questionnaire.objects.exclude(motives={}).only("pk", "motives"):
        motives = change(dict(questionnaire.motives or {}))
        if motives != questionnaire.motives:
            questionnaire.motives = motives
            changed.append(questionnaire)
    Questionnaire.objects.bulk_update(changed, ["motives"], batch_size=500)


def forwards(apps, schema_editor):
    _rewrite(apps, split_merged_advice)


def backwards(apps, schema_editor):
    _rewrite(apps, merge_advice)


class Migration(migrations.Migration):
    dependencies = [("incoming", "0002_bounded_numbers")]

    operations = [migrations.RunPython(forwards, backwards)]
