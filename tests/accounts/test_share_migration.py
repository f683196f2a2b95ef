"""Migration accounts/0004 gives the shares made before it the city they are for: of the
appointment's visits' cities, the first planned that the liaison serves."""

from chaveruth.accounts.models import Role, Share
from chaveruth.accounts.services import share_appointment
from tests import factories as make
from tests.conftest import account

BEFORE = ("accounts", "0003_liaison_serves_a_municipality")
AFTER = ("accounts", "0004_share_municipality")


def test_shares_made_before_are_for_the_first_city_their_liaison_serves(migrate_to):
    musterstadt, beispielhausen = make.municipality(), make.municipality("Stadt Beispielhausen")
    reception = make.appointment(
        make.visit(make.programme(), musterstadt),
        make.berlin(2025, 1, 20, 10),
        make.berlin(2025, 1, 20, 11),
    )
    reception.visits.add(make.visit(make.programme("b"), beispielhausen))  # a joint one
    everywhere = account("land", Role.SECURITY_LIAISON)
    theirs = account("wache-beispiel", Role.SECURITY_LIAISON, organisation=beispielhausen)
    for liaison in (everywhere, theirs):
        share_appointment(appointment=reception, liaison=liaison)
    migrate_to(BEFORE)
    migrate_to(AFTER)
    cities = dict(Share.objects.values_list("liaison__username", "municipality__name_de"))
    assert cities == {"land": "Musterstadt", "wache-beispiel": "Stadt Beispielhausen"}
