from django.db import migrations

from yntymaq.core.db import trigram_index


class Migration(migrations.Migration):
    """Trigram indexes for the partners' and agreements' search (PostgreSQL only)."""

    dependencies = [("partners", "0002_stay_and_trip_links")]

    operations = [
        trigram_index("partners_partner", "search_text", "partner_search_trgm"),
        trigram_index("partners_agreement", "search_text", "agreement_search_trgm"),
        trigram_index("partners_diplomaticmission", "search_text", "mission_search_trgm"),
    ]
