"""A share is for one city, that of the coordinators who gave it: it lapses when its liaison
no longer serves that city, even where a joint appointment is part of another city's visit
too. Shares made before are for the first city of the appointment's visits their liaison
serves (else the first city; a share of an appointment in no visit showed nothing, and goes)."""

import django.db.models.deletion
from django.db import migrations, models


def shared_for(apps, schema_editor):
    Share = apps.get_model("accounts", "Share")
    Membership = apps.get_model("accounts", "Membership")
    for share in Share.objects.all():
        serves = set(
            Membership.objects.filter(
                user_id=share.liaison_id, role="security_liaison"
            ).values_list("organisation_id", flat=True)
        )
        cities = [v.host_municipality_id for v in share.appointment.visits.order_by("pk")]
        served = [city for city in cities if None in serves or city in serves]
        if not cities:
            share.delete()
            continue
        share.municipality_id = (served or cities)[0]
        share.save(update_fields=["municipality"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_liaison_serves_a_municipality"),
        ("directory", "0008_verbose_names"),
        ("visits", "0009_cancellation_reason"),
    ]

    operations = [
        migrations.AddField(
            model_name="share",
            name="municipality",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="directory.organisation",
                verbose_name="municipality",
            ),
        ),
        migrations.RunPython(shared_for, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="share",
            name="municipality",
            field=models.ForeignKey(
                help_text="The city the appointment was shared for, as its liaison: the share holds while they serve it.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="directory.organisation",
                verbose_name="municipality",
            ),
        ),
    ]
