import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from chaveruth.accounts.access import scope_of
from chaveruth.accounts.models import Membership, Role
from chaveruth.accounts.services import add_membership, share_appointment
from tests import factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def account():
    return get_user_model().objects.create_user("rolle-beispiel")


@pytest.mark.parametrize("role", [Role.CITY_COORDINATOR, Role.PARTNER_HOST, Role.DELEGATE])
def test_a_scoped_role_needs_its_scope(account, role):
    with pytest.raises(ValidationError):
        add_membership(user=account, role=role)
    assert Membership.objects.count() == 0


def test_scope_sums_up_a_users_memberships(account):
    city, host = make.municipality(), make.organisation("Beispiel-Zentrum")
    noa = make.person()
    add_membership(user=account, role=Role.CITY_COORDINATOR, organisation=city)
    add_membership(user=account, role=Role.PARTNER_HOST, organisation=host)
    add_membership(user=account, role=Role.DELEGATE, person=noa)
    scope = scope_of(get_user_model().objects.get(pk=account.pk))
    assert (scope.municipalities, scope.host_organisations, scope.persons) == (
        frozenset({city.pk}),
        frozenset({host.pk}),
        frozenset({noa.pk}),
    )
    assert (scope.staff, scope.reads_all, scope.everything, scope.liaison_id) == (
        True,
        False,
        False,
        None,
    )


def test_an_inactive_or_anonymous_user_has_no_scope(account):
    add_membership(user=account, role=Role.PROGRAMME_OFFICE)
    account.is_active = False
    assert scope_of(account).reads_all is False


def test_an_appointment_is_shared_once_per_liaison(account):
    visit = make.visit(make.programme(), make.municipality())
    talk = make.appointment(visit, make.berlin(2025, 1, 20, 10), make.berlin(2025, 1, 20, 11))
    add_membership(user=account, role=Role.SECURITY_LIAISON)
    share_appointment(appointment=talk, liaison=account)
    with pytest.raises(ValidationError):
        share_appointment(appointment=talk, liaison=account)
